/**
 * Table classes: user classes extend a tier (Manual, Lookup, Imported, Computed, Part) and
 * are bound to a schema by `@schema.table`. Everything a query or a table can do is
 * available on the class itself (`Student.restrict(...)`, `Student.insert(...)`), acting on
 * one instance per class.
 */
import { AS_QUERY, type AggregationOptions, type ComputedAttributes, type FetchOptions, type Heading, type JoinOptions, type NamedAttributes, type PreviewOptions, type QueryExpression, type QueryLike, type RecordArray, type Restriction, type ToArraysOptions, type RestrictOptions, type Row, type Tier, type UniversalSetLike } from '@dj/core';
import { declareTableClass, healLineage, resolveBindingDeclaration, tableLabel } from '../declare/declare-table';
import { alterTable, type AlterOptions } from '../alter/alter-table';
import { Table, TableRestriction, type InsertOptions, type InsertSource } from './table';
import { FreeTable } from './free-table';
import type { NeighbourOptions, Neighbours, Relatives, RelativesOptions } from './navigation';
import type { DropOptions } from '../delete/graph-drop';
import type { DeleteOptions } from '../delete/cascade-delete';
import type { InsertRow } from '../insert/insert-rows';
import type { ValidationResult } from '../insert/validation-result';
import { registerTableCache, requireBinding } from './table-binding';
import { DataJointError } from '@dj/core';
import { copyInScope } from '../tenants/tenant-scope';

const instances = new WeakMap<object, UserTable>();

/** A table class: constructible without arguments once bound to an active schema. */
export type TableClass<T extends UserTable = UserTable> = (new () => T) & typeof UserTable;

/**
 * Base of every user table class. Subclasses give their definition as
 * `static definition = \`...\``; it is not declared here so that subclasses need no
 * `override` under `noImplicitOverride`.
 */
export class UserTable extends Table {
  /** The tier of the class; set by each tier's base class. */
  static readonly tier: Tier = 'manual';

  constructor() {
    const binding = requireBinding(new.target);
    super(binding.schema.connection, binding.schema.name, binding.tableName);
    registerTableCache(this.connection, this.fullTableName, this);
  }

  /**
   * The one instance static calls act on: the class's own, or inside `tenant.run()` the
   * instance of the tenant's copy of the class.
   */
  static instance<T extends UserTable>(this: new () => T): T {
    const cls = copyInScope(this) ?? this;
    let instance = instances.get(cls) as T | undefined;
    if (!instance) {
      instance = new cls();
      instances.set(cls, instance);
    }
    return instance;
  }

  /** The table name with its tier prefix (`#species`, `session__trial`). */
  static get tableName(): string {
    return requireBinding(copyInScope(this) ?? this).tableName;
  }

  /** `` `schema`.`table` `` or `"schema"."table"`. */
  static get fullTableName(): string {
    return this.instance().fullTableName;
  }

  /** The table's heading (available once the table is ready). */
  static get heading(): Heading {
    return this.instance().heading;
  }

  /** Primary-key attribute names (available once the table is ready). */
  static get primaryKey(): readonly string[] {
    return this.instance().primaryKey;
  }

  /** Declares the table if needed and loads its heading. */
  static async ready<T extends UserTable>(this: new () => T): Promise<T> {
    return (this as unknown as { instance(): T }).instance().ready();
  }

  /** Same as `ready()`: lets a class be used where an expression is prepared. */
  static async prepare<T extends UserTable>(this: new () => T): Promise<T> {
    return (this as unknown as { instance(): T }).instance().ready();
  }

  override async prepareHeading(): Promise<void> {
    const cls = this.constructor as TableClass;
    await declareTableClass(cls);
    if (this.hasHeading) return;
    await super.prepareHeading();
    if (await healLineage(cls, requireBinding(cls), this.heading)) {
      this.useHeading(null);
      await super.prepareHeading();
    }
  }

  protected tableNamed(fullName: string): Table {
    return new FreeTable(this.connection, fullName);
  }

  /**
   * Alters the table in the database to what the class's definition now declares: adds,
   * drops, renames (`# {old_name} comment`) and retypes secondary attributes, changes
   * their defaults and comments and the table comment. Shows the statements and asks
   * first when `safemode` is on (or `prompt: true`). Resolves to the statements run.
   * @throws DataJointError for changes of the primary key, foreign keys or indexes, and inside a transaction.
   */
  async alter(options: AlterOptions = {}): Promise<string[]> {
    await this.ready();
    const cls = this.constructor as TableClass;
    const binding = requireBinding(cls);
    if (binding.parsed === null) {
      throw new DataJointError(`Table ${this.fullTableName} has no definition to alter it to: its class was made from the database.`);
    }
    const declaration = await resolveBindingDeclaration(cls, binding);
    const target = { connection: this.connection, schema: this.schemaName, table: this.tableName, label: tableLabel(cls, binding), heading: this.heading, declaration };
    const statements = await alterTable(target, options);
    if (statements.length > 0) this.resetHeading();
    return statements;
  }

  /** Reloads the heading after the table was (re)declared. */
  resetHeading(): void {
    this.refreshCatalog();
  }

  // ------------------------------------------------------------ static mirrors of instance methods

  static restrict(condition: Restriction, options?: RestrictOptions): TableRestriction {
    return this.instance().restrict(condition, options);
  }

  static minus(condition: Restriction, options?: RestrictOptions): TableRestriction {
    return this.instance().minus(condition, options);
  }

  static join(other: QueryLike | UniversalSetLike, options?: JoinOptions): QueryExpression {
    return this.instance().join(other, options);
  }

  static extend(other: QueryLike, options?: RestrictOptions): QueryExpression {
    return this.instance().extend(other, options);
  }

  static proj(...args: Array<string | NamedAttributes>): QueryExpression {
    return this.instance().proj(...args);
  }

  static aggr(group: QueryLike, ...args: Array<string | ComputedAttributes | AggregationOptions>): QueryExpression {
    return this.instance().aggr(group, ...args);
  }

  static union(other: QueryLike): QueryExpression {
    return this.instance().union(other);
  }

  static preview(options?: PreviewOptions): Promise<string> {
    return this.instance().preview(options);
  }

  static toDicts(options?: FetchOptions): Promise<Row[]> {
    return this.instance().toDicts(options);
  }

  static toArrays(options?: FetchOptions): Promise<RecordArray>;
  static toArrays(...names: string[]): Promise<unknown[][]>;
  static toArrays(...args: [...names: string[], options: ToArraysOptions]): Promise<unknown[][]>;
  static toArrays(...args: Array<string | ToArraysOptions | undefined>): Promise<unknown[][] | RecordArray> {
    return (this.instance().toArrays as (...a: Array<string | ToArraysOptions | undefined>) => Promise<unknown[][] | RecordArray>)(...args);
  }

  /** Every row as an Apache Arrow table (see {@link QueryExpression.toArrow}). */
  static toArrow(options?: FetchOptions): ReturnType<QueryExpression['toArrow']> {
    return this.instance().toArrow(options);
  }

  static keys(options?: FetchOptions): Promise<Row[]> {
    return this.instance().keys(options);
  }

  static fetch1(): Promise<Row>;
  static fetch1(name: string): Promise<unknown>;
  static fetch1(...names: string[]): Promise<unknown[]>;
  static fetch1(...names: string[]): Promise<unknown> {
    return (this.instance().fetch1 as (...n: string[]) => Promise<unknown>)(...names);
  }

  static head(n?: number): Promise<Row[]> {
    return this.instance().head(n);
  }

  static tail(n?: number): Promise<Row[]> {
    return this.instance().tail(n);
  }

  static count(): Promise<number> {
    return this.instance().count();
  }

  static exists(): Promise<boolean> {
    return this.instance().exists();
  }

  static sql(): { sql: string; params: readonly unknown[] } {
    return this.instance().sql();
  }

  static insert(rows: InsertSource, options?: InsertOptions): Promise<void> {
    return this.instance().insert(rows, options);
  }

  static insert1(row: InsertRow, options?: InsertOptions): Promise<void> {
    return this.instance().insert1(row, options);
  }

  /** Checks rows as `insert` would, writing nothing (see {@link Table.validate}). */
  static validate(rows: InsertSource, options?: Pick<InsertOptions, 'ignoreExtraFields'>): Promise<ValidationResult> {
    return this.instance().validate(rows, options);
  }

  /** Corrects secondary attributes of one existing row (see {@link Table.update1}). */
  static update1(row: Readonly<Record<string, unknown>>): Promise<void> {
    return this.instance().update1(row);
  }

  static deleteQuick(): Promise<number> {
    return this.instance().deleteQuick();
  }

  /** Deletes all rows and every row that depends on them (see {@link Table.delete}). */
  static delete(options: DeleteOptions & { dryRun: true }): Promise<Record<string, number>>;
  static delete(options?: DeleteOptions): Promise<number>;
  static delete(options?: DeleteOptions): Promise<number | Record<string, number>> {
    return this.instance().delete(options as DeleteOptions);
  }

  /** The rows per table a `delete()` of the whole table would remove. */
  static deletePreview(options?: Omit<DeleteOptions, 'dryRun' | 'prompt'>): Promise<Record<string, number>> {
    return this.instance().deletePreview(options);
  }

  static drop(options?: DropOptions): Promise<void> {
    return this.instance().drop(options);
  }

  static dropQuick(): Promise<void> {
    return this.instance().dropQuick();
  }

  /** The tables this table references (see {@link Table.parents}). */
  static parents<O extends NeighbourOptions = Record<never, never>>(options?: O): Promise<Neighbours<O, Table>> {
    return this.instance().parents(options);
  }

  /** The tables that reference this table (see {@link Table.children}). */
  static children<O extends NeighbourOptions = Record<never, never>>(options?: O): Promise<Neighbours<O, Table>> {
    return this.instance().children(options);
  }

  /** This table and its dependents, in dependency order (see {@link Table.descendants}). */
  static descendants<O extends RelativesOptions = Record<never, never>>(options?: O): Promise<Relatives<O, Table>> {
    return this.instance().descendants(options);
  }

  /** This table and the tables it depends on (see {@link Table.ancestors}). */
  static ancestors<O extends RelativesOptions = Record<never, never>>(options?: O): Promise<Relatives<O, Table>> {
    return this.instance().ancestors(options);
  }

  /** The part tables of this master (see {@link Table.parts}). */
  static parts<O extends RelativesOptions = Record<never, never>>(options?: O): Promise<Relatives<O, Table>> {
    return this.instance().parts(options);
  }

  /** Alters the table to the class's definition (see {@link UserTable.alter}). */
  static alter(options?: AlterOptions): Promise<string[]> {
    return this.instance().alter(options);
  }

  static describe(): Promise<string> {
    return this.instance().describe();
  }

  static isDeclared(): Promise<boolean> {
    return this.instance().isDeclared();
  }

  /** `for await (const row of Student)` */
  static [Symbol.asyncIterator](): AsyncIterator<Row> {
    return this.instance()[Symbol.asyncIterator]();
  }

  /** The expression a class stands for where a query is expected. */
  static expression(): QueryExpression {
    return this.instance();
  }

  /** A table class stands for its table wherever a query is expected. */
  static [AS_QUERY](): QueryExpression {
    return this.instance();
  }
}
