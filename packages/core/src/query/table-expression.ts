/**
 * A query over one base table: the leaf of every query expression. Its heading is read
 * from the database catalog on first need.
 */
import type { Connection } from '../connection/connection';
import { HeadingNotLoadedError } from '../errors';
import type { Heading } from '../heading/heading';
import { loadTableHeading } from '../heading/heading-loader';
import { QueryExpression, type HeadingSource } from './query-expression';
import type { QueryState } from './query-state';
import type { Row } from '../dialects/driver';

export class TableExpression<R extends Row = Row, K extends string = keyof R & string> extends QueryExpression<R, K> implements HeadingSource {
  /** Schema (MySQL database, PostgreSQL schema) of the table. */
  readonly schemaName: string;
  /** Table name, tier prefix included (`#species`, `__session_summary`). */
  readonly tableName: string;
  private loadedHeading: Heading | null = null;

  constructor(connection: Connection, schemaName: string, tableName: string) {
    super(connection, [], (self) => (self as TableExpression).baseState());
    this.schemaName = schemaName;
    this.tableName = tableName;
  }

  /** @internal */
  override soleTable(): { readonly schema: string; readonly table: string } {
    return { schema: this.schemaName, table: this.tableName };
  }

  /** `` `schema`.`table` `` or `"schema"."table"`. */
  get fullTableName(): string {
    return this.connection.adapter.fullTableName(this.schemaName, this.tableName);
  }

  /** The table's own heading (hidden attributes included in `allAttributes`). */
  override get heading(): Heading {
    return this.requireHeading();
  }

  /** Whether the heading has been loaded. */
  protected get hasHeading(): boolean {
    return this.loadedHeading !== null;
  }

  /**
   * {@link HeadingSource}: whether the heading is loaded.
   * @internal
   */
  override get headingReady(): boolean {
    return this.hasHeading;
  }

  /** Loads the heading from the catalog. */
  override async prepareHeading(): Promise<void> {
    if (this.loadedHeading) return;
    this.useHeading(await loadTableHeading(this.connection, this.schemaName, this.tableName));
  }

  override async prepare(): Promise<this> {
    await this.prepareHeading();
    return this;
  }

  /** Whether the table exists in the database. */
  async isDeclared(): Promise<boolean> {
    return (await this.connection.introspector.tableInfo(this.connection, this.schemaName, this.tableName)) !== null;
  }

  /** Replaces the heading (after the table was declared or reloaded). */
  protected useHeading(heading: Heading | null): void {
    this.loadedHeading = heading;
    this.invalidate();
  }

  protected override errorLabel(): string {
    return this.fullTableName;
  }

  /** The heading, or an error telling how to make it available. */
  protected requireHeading(): Heading {
    if (!this.loadedHeading) {
      throw new HeadingNotLoadedError(
        `The heading of ${this.fullTableName} is not loaded yet: await the table (e.g. \`await T.ready()\`) or any query on it first.`,
      );
    }
    return this.loadedHeading;
  }

  private baseState(): QueryState {
    const heading = this.requireHeading();
    return {
      heading,
      originalNames: new Set(heading.names),
      sources: [{ kind: 'table', schema: this.schemaName, table: this.tableName }],
      joins: [],
      restriction: [],
      restrictionAttributes: new Set(),
      top: null,
      distinct: false,
      grouping: null,
    };
  }

  protected override derive<R2 extends Row = R, K2 extends string = K>(
    step: (input: QueryState) => QueryState,
    extraSources: readonly HeadingSource[] = [],
  ): QueryExpression<R2, K2> {
    return QueryExpression.derive<R2, K2>(this.connection, [this, ...extraSources], () => step(this.state));
  }
}
