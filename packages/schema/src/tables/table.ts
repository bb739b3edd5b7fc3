import {
  DataJointError,
  DuplicateError,
  QueryExpression,
  UnknownAttributeError,
  type Restriction,
  type RestrictOptions,
  type Heading,
  type InsertRowOf,
  type Row,
} from '@dj/core';
import {
  TableExpression,
  clearHeadingCache,
  concatSql,
  compileSelect,
  type OnDuplicate,
  type SqlFragment,
  type InsertValue,
} from '@dj/core/internal';
import { isCsvPath, readCsvRows } from '../insert/csv-rows';
import { arrowRows, isArrowTable } from '../insert/arrow-rows';
import { chunksOf, discardUploads, lastRowPerKey, prepareRows, type InsertRow, type PreparedRows, type RowTarget, type RowUpload } from '../insert/insert-rows';
import { validateRows } from '../insert/validate-rows';
import type { ValidationResult } from '../insert/validation-result';
import { updateRow } from '../update/update-row';
import { neighbours, partsOf, relatives, type NavigationTarget, type NeighbourOptions, type Neighbours, type Relatives, type RelativesOptions } from './navigation';
import { insertStatements, type InsertTarget } from '../insert/insert-statements';
import { describeTable } from '../declare/describe';
import { dropTableQuick } from '../declare/drop-table';
import { assertInsertAllowed } from './populate-context';
import { bindingOf, forgetTable } from './table-binding';
import { cascadeDelete, type DeleteOptions } from '../delete/cascade-delete';
import { deleteStatement } from '../delete/delete-statement';
import { dropPartIntegrity, dropTableAndDependents, type DropOptions } from '../delete/graph-drop';

/** Options of {@link Table.insert}. */
export interface InsertOptions {
  /** Skip rows whose primary key exists already (MySQL: any unique key). */
  skipDuplicates?: boolean;
  /** Drop fields the table does not have instead of failing. */
  ignoreExtraFields?: boolean;
  /**
   * Replace rows whose primary key exists already: the row takes the given values, and its
   * omitted attributes their defaults. Of several given rows with one key, the last wins.
   */
  replace?: boolean;
  /** Allow inserting into a Computed or Imported table outside `make()`. */
  allowDirectInsert?: boolean;
  /**
   * Rows per transaction; by default all rows go in one transaction. Every row is checked
   * before the first chunk is sent.
   */
  chunkSize?: number;
}

/**
 * What `insert` accepts: rows (objects or arrays in heading order), a query (INSERT …
 * SELECT), a CSV file path, or an Apache Arrow table.
 */
export type InsertSource<Insertable extends InsertRow = InsertRow> =
  | Iterable<Insertable | readonly unknown[]>
  | QueryExpression
  | string
  | { prepare(): Promise<unknown> };

/** A row `update1` takes: the primary key and the attributes to correct (`null` sets the default). */
export type UpdateRowOf<R extends Row, K extends string> = string extends keyof R
  ? Readonly<Record<string, unknown>>
  : { readonly [A in K & keyof R]: InsertValue<R[A]> } & { readonly [A in Exclude<keyof R, K>]?: InsertValue<R[A]> | null };


/**
 * A base table: a query over one table that can also be written to. Declared tables
 * (table classes of a schema) and free tables (any existing table) are Tables.
 */
export abstract class Table<R extends Row = Row, K extends string = keyof R & string, Optional extends string = string> extends TableExpression<R, K> {
  /** Makes the table usable: declared (for table classes) and its heading loaded. */
  async ready(): Promise<this> {
    await this.prepareHeading();
    return this;
  }

  /** Whether the table class is Computed or Imported (direct inserts need `allowDirectInsert`). */
  protected get autoPopulated(): boolean {
    return false;
  }

  /** Whether the table class is a Part table (deleted and dropped through its master). */
  get isPartTable(): boolean {
    return false;
  }

  // ---------------------------------------------------------------- restriction

  override restrict(condition: Restriction, options?: RestrictOptions): TableRestriction<R, K> {
    return new TableRestriction<R, K>(this, super.restrict(condition, options));
  }

  override minus(condition: Restriction, options?: RestrictOptions): TableRestriction<R, K> {
    return new TableRestriction<R, K>(this, super.minus(condition, options));
  }

  // ---------------------------------------------------------------- insert

  /**
   * Inserts rows: objects, arrays of values in heading order, a query expression
   * (`INSERT … SELECT`), or the path of a CSV file. All rows are checked and encoded before
   * anything is sent, and they go in as one transaction: all or none.
   */
  async insert(rows: InsertSource<InsertRowOf<R, Optional>>, options: InsertOptions = {}): Promise<void> {
    if (!this.headingReady) await this.ready();
    await this.insertIntoReadyTable(rows, options);
  }

  /** {@link insert} for a table whose heading is loaded. */
  protected async insertIntoReadyTable(rows: InsertSource, options: InsertOptions): Promise<void> {
    if (this.autoPopulated && !options.allowDirectInsert) assertInsertAllowed(this);
    // replace is MySQL's REPLACE, as in datajoint-python (it deletes the old row first, so a
    // row other tables reference cannot be replaced), and ON CONFLICT DO UPDATE of every
    // column on PostgreSQL.
    const onDuplicate: OnDuplicate = options.replace ? 'replace' : options.skipDuplicates ? 'skip' : 'error';
    if (rows instanceof QueryExpression) return this.insertQuery(rows, options, onDuplicate);
    if (isQueryClass(rows)) return this.insertQuery(await queryOf(rows), options, onDuplicate);
    const source = rowsOf(rows, this.heading);
    // Every row is checked and encoded before the first chunk is sent, so that a bad value
    // in a late chunk inserts nothing and all chunks share one field list.
    const prepared = await this.prepareInsertRows(source, options);
    const rowsToSend = onDuplicate === 'replace' ? lastRowPerKey(prepared, keyColumns(this)) : prepared;
    if (rowsToSend !== prepared) {
      const kept = new Set(rowsToSend.discards);
      await discardUploads(prepared.discards.filter((undos) => !kept.has(undos)));
    }
    // Store objects uploaded for rows that end up not inserted are removed: those of chunks
    // not sent or failed, and, inside a caller's transaction, those of a rollback.
    const parts = chunksOf(rowsToSend, options.chunkSize);
    let sent = 0;
    try {
      // Statements are split by the session's limits; every chunk's are built (and so every
      // row's size checked) before the first is sent.
      const limits = await this.connection.statementLimits();
      const target = this.insertTarget(onDuplicate);
      const chunks = parts.map((chunk) => insertStatements(this.connection.adapter, limits, target, chunk));
      for (const statements of chunks) {
        await this.runStatements(statements);
        const discards = parts[sent]!.discards;
        sent += 1;
        if (discards.every((uploads) => uploads === undefined)) continue;
        if (onDuplicate === 'skip') await this.discardSkippedUploads(discards);
        this.connection.onRollback(() => discardUploads(discards));
      }
    } catch (error) {
      await discardUploads(parts.slice(sent).flatMap((chunk) => chunk.discards));
      throw error;
    }
  }

  /**
   * Removes the uploads of rows `skipDuplicates` skipped: those whose stored reference is not
   * the one their key now holds. Uploads whose reference records no path are kept.
   */
  private async discardSkippedUploads(discards: ReadonlyArray<readonly RowUpload[] | undefined>): Promise<void> {
    const uploads = discards.flatMap((list) => list ?? []).filter((upload) => upload.path !== null);
    if (uploads.length === 0) return;
    const fields = [...new Set(uploads.map((upload) => upload.field))];
    const held = new Set<unknown>();
    const rows = await this.restrict(uploads.map((upload) => upload.key)).proj(...fields).toDicts();
    for (const row of rows) for (const field of fields) held.add((row[field] as { path?: unknown } | null)?.path);
    await discardUploads([uploads.filter((upload) => !held.has(upload.path))]);
  }

  /** Inserts one row (see {@link insert}). */
  async insert1(row: InsertRowOf<R, Optional> | readonly unknown[], options: InsertOptions = {}): Promise<void> {
    await this.insert([row], options);
  }

  private prepareInsertRows(rows: Iterable<InsertRow>, options: InsertOptions): Promise<PreparedRows> {
    return prepareRows(this.rowTarget(), rows, options.ignoreExtraFields ?? false);
  }

  /** What checking and encoding rows for this (ready) table needs. */
  private rowTarget(): RowTarget {
    const connection = this.connection;
    return {
      heading: this.heading,
      label: this.fullTableName,
      schema: this.schemaName,
      table: this.tableName,
      config: connection.config,
      encoding: { table: this.fullTableName, encodeUuid: (hex) => connection.adapter.encodeUuid(hex), storage: connection.adapter.valueStorage },
    };
  }

  /**
   * Checks rows as {@link insert} would, without writing anything (codecs only validate,
   * they store nothing). Takes what `insert` takes; a query's rows are fetched first.
   * Resolves to every problem found, each with its row index and attribute.
   */
  async validate(rows: InsertSource<InsertRowOf<R, Optional>>, options: Pick<InsertOptions, 'ignoreExtraFields'> = {}): Promise<ValidationResult> {
    await this.ready();
    const source = isQueryClass(rows) ? await queryOf(rows) : rows;
    const list = source instanceof QueryExpression ? await source.toDicts() : rowsOf(source, this.heading);
    return validateRows(this.rowTarget(), list, options.ignoreExtraFields ?? false);
  }

  // ---------------------------------------------------------------- update

  /**
   * Corrects secondary attributes of one existing row, named by its primary key, in one
   * `UPDATE`: `T.update1({ id: 1, note: 'fixed' })`. A `null` value sets the attribute's
   * default (NULL when it is nullable); codecs encode values as on insert. Updates are for
   * corrections: the pipeline's rows are otherwise inserted and deleted whole.
   * @throws DataJointError when a primary-key value is missing, an attribute is unknown, no
   *   row or no secondary attribute is given, or a value does not fit its type.
   */
  async update1(row: UpdateRowOf<R, K>): Promise<void> {
    await this.ready();
    await updateRow({ ...this.rowTarget(), fullTableName: this.fullTableName, rowsOf: (key) => this.restrict(key) }, row);
  }

  private insertTarget(onDuplicate: OnDuplicate): InsertTarget {
    return {
      fullTableName: this.fullTableName,
      primaryKey: this.heading.primaryKey.length ? this.heading.primaryKey : keyColumns(this),
      onDuplicate,
      allColumns: this.heading.allAttributes.map((a) => a.name),
    };
  }

  private async insertQuery(source: QueryExpression, options: InsertOptions, onDuplicate: OnDuplicate): Promise<void> {
    if (options.chunkSize !== undefined) throw new DataJointError('chunkSize is not supported for QueryExpression inserts');
    await source.prepare();
    const extra = source.heading.names.filter((name) => !this.heading.has(name));
    if (extra.length > 0 && !options.ignoreExtraFields) {
      throw new DataJointError(
        `Attribute ${extra[0]} not found. To ignore extra attributes in insert, set ignoreExtraFields: true.`,
      );
    }
    const fields = source.heading.names.filter((name) => this.heading.has(name));
    const adapter = this.connection.adapter;
    const columns = onDuplicate === 'replace' ? this.heading.allAttributes.map((a) => a.name) : fields;
    const { verb, suffix } = adapter.insertParts(this.fullTableName, columns, keyColumns(this), onDuplicate);
    const select = compileSelect(adapter, source.state, fields);
    const statement = concatSql(`${verb} INTO ${this.fullTableName} (${fields.map((f) => adapter.quoteIdentifier(f)).join(',')}) `, select, suffix);
    await this.runStatements([statement]);
  }

  /** Runs insert statements in one transaction (or in the caller's), adding advice to errors. */
  private async runStatements(statements: readonly SqlFragment[]): Promise<void> {
    const connection = this.connection;
    const run = async () => {
      for (const { sql, params } of statements) await connection.query(sql, params);
    };
    try {
      // one statement (most inserts) is atomic by itself: no transaction, no closure to await
      if (statements.length === 1) await connection.query(statements[0]!.sql, statements[0]!.params);
      else if (statements.length > 1 && !connection.inTransaction) await connection.transaction(run);
      else await run();
    } catch (err) {
      if (err instanceof DuplicateError) throw err.suggest('To ignore duplicate entries in insert, set skipDuplicates: true.');
      if (err instanceof UnknownAttributeError) throw err.suggest('To ignore extra fields in insert, set ignoreExtraFields: true.');
      throw err;
    }
  }

  // ---------------------------------------------------------------- delete and drop

  /** Deletes every row of the table without cascading or asking; resolves to the number of rows deleted. */
  async deleteQuick(): Promise<number> {
    await this.ready();
    const { rowCount } = await this.connection.query(`DELETE FROM ${this.fullTableName}`);
    return rowCount;
  }

  /** Drops the table without asking. Only a table that no other table references can be dropped this way. */
  async dropQuick(): Promise<void> {
    if (!(await this.isDeclared())) {
      this.connection.config.logger.info(`Nothing to drop: table ${this.fullTableName} is not declared.`);
      return;
    }
    await dropTableQuick(this.connection, this.schemaName, this.tableName);
    // a bound class declares its table again on next use
    forgetTable(this.connection, this.fullTableName);
    this.forgetTable();
  }

  /**
   * Drops the table and every table that depends on it, in any loaded or dependent schema
   * (dependents first), after asking when `safemode` is on (or `prompt: true`).
   * @throws DataJointError for a part table whose master would stay (unless `partIntegrity: 'ignore'`).
   */
  async drop(options: DropOptions = {}): Promise<void> {
    dropPartIntegrity(options.partIntegrity);
    if (!(await this.isDeclared())) {
      this.connection.config.logger.info(`Nothing to drop: table ${this.fullTableName} is not declared.`);
      return;
    }
    if (this.isPartTable && (options.partIntegrity ?? 'enforce') === 'enforce') {
      throw new DataJointError("Cannot drop a Part directly. Drop master instead, or use partIntegrity: 'ignore' to force.");
    }
    await this.ready();
    if (await dropTableAndDependents(this.connection, this, options)) this.forgetTable();
  }

  /**
   * Deletes the table's rows and, in one transaction, every row that depends on them
   * (dependents first); resolves to the number of rows deleted from this table. With
   * `safemode` on (or `prompt: true`) the counts are shown and the commit is asked for.
   */
  delete(options: DeleteOptions & { dryRun: true }): Promise<Record<string, number>>;
  delete(options?: DeleteOptions): Promise<number>;
  async delete(options: DeleteOptions = {}): Promise<number | Record<string, number>> {
    return cascadeDelete(this.connection, this, { ...options, isPart: this.isPartTable });
  }

  /** The rows per table a `delete()` would remove, without deleting anything. */
  async deletePreview(options: Omit<DeleteOptions, 'dryRun' | 'prompt'> = {}): Promise<Record<string, number>> {
    return (await cascadeDelete(this.connection, this, { ...options, dryRun: true, isPart: this.isPartTable })) as Record<string, number>;
  }

  /** Forgets the heading and declaration state after the table was dropped. */
  forgetTable(): void {
    this.useHeading(null);
    const binding = bindingOf(this.constructor);
    if (binding) {
      binding.declaring = null;
      binding.declared = false;
    }
  }

  // ---------------------------------------------------------------- navigation

  /** The table of a full table name, on this table's connection (a `FreeTable`). */
  protected abstract tableNamed(fullName: string): Table;

  private navigationTarget(): NavigationTarget<Table> {
    return { connection: this.connection, schemaName: this.schemaName, tableName: this.tableName, fullTableName: this.fullTableName, tableNamed: (name) => this.tableNamed(name) };
  }

  /**
   * The tables this table's foreign keys reference, one entry per foreign key: full names,
   * or tables with `asObjects`, or `[table, foreignKey]` pairs with `foreignKeyInfo`.
   * `primary: true` keeps foreign keys made of primary-key attributes, `false` the others.
   */
  async parents<O extends NeighbourOptions = Record<never, never>>(options?: O): Promise<Neighbours<O, Table>> {
    await this.ready();
    return neighbours(this.navigationTarget(), 'parents', options ?? ({} as O));
  }

  /** The tables whose foreign keys reference this table, one entry per foreign key (options as {@link parents}). */
  async children<O extends NeighbourOptions = Record<never, never>>(options?: O): Promise<Neighbours<O, Table>> {
    await this.ready();
    return neighbours(this.navigationTarget(), 'children', options ?? ({} as O));
  }

  /** This table, then every table that depends on it, directly or not, in dependency order. */
  async descendants<O extends RelativesOptions = Record<never, never>>(options?: O): Promise<Relatives<O, Table>> {
    await this.ready();
    return relatives(this.navigationTarget(), 'descendants', options ?? ({} as O));
  }

  /** This table, then every table it depends on, directly or not, each before its parents. */
  async ancestors<O extends RelativesOptions = Record<never, never>>(options?: O): Promise<Relatives<O, Table>> {
    await this.ready();
    return relatives(this.navigationTarget(), 'ancestors', options ?? ({} as O));
  }

  /** The part tables of this (master) table. */
  async parts<O extends RelativesOptions = Record<never, never>>(options?: O): Promise<Relatives<O, Table>> {
    await this.ready();
    return partsOf(this.navigationTarget(), options ?? ({} as O));
  }

  // ---------------------------------------------------------------- description

  /** A definition that declares this table again (comment, keys, foreign keys, attributes, indexes). */
  async describe(): Promise<string> {
    await this.ready();
    return describeTable(this.connection, this.schemaName, this.tableName, this.heading);
  }

  /** Forgets cached catalog information after DDL. */
  protected refreshCatalog(): void {
    clearHeadingCache(this.connection);
    this.useHeading(null);
  }
}

/**
 * A restricted table: a query over one table that can still be deleted from.
 */
export class TableRestriction<R extends Row = Row, K extends string = keyof R & string> extends QueryExpression<R, K> {
  constructor(
    /** The table the rows belong to. */
    readonly table: Table,
    expression: QueryExpression<Row, string>,
  ) {
    super(table.connection, [expression], () => expression.state);
  }

  override restrict(condition: Restriction, options?: RestrictOptions): TableRestriction<R, K> {
    return new TableRestriction<R, K>(this.table, super.restrict(condition, options));
  }

  override minus(condition: Restriction, options?: RestrictOptions): TableRestriction<R, K> {
    return new TableRestriction<R, K>(this.table, super.minus(condition, options));
  }

  /**
   * Refused as in datajoint-python: `update1` names its row by the primary key, on the
   * table itself (`T.update1(row)`).
   * @throws DataJointError always.
   */
  update1(_row: Readonly<Record<string, unknown>>): Promise<never> {
    return Promise.reject(new DataJointError('Update cannot be applied to a restricted table.'));
  }

  /** Deletes the matching rows without cascading or asking; resolves to the number deleted. */
  async deleteQuick(): Promise<number> {
    await this.prepare();
    const target = { schema: this.table.schemaName, table: this.table.tableName, keyColumns: keyColumns(this.table) };
    const { sql, params } = deleteStatement(this.connection, target, this);
    const { rowCount } = await this.connection.query(sql, params);
    return rowCount;
  }

  /**
   * Deletes the matching rows and, in one transaction, every row that depends on them;
   * resolves to the number of rows deleted from this table (see {@link Table.delete}).
   */
  delete(options: DeleteOptions & { dryRun: true }): Promise<Record<string, number>>;
  delete(options?: DeleteOptions): Promise<number>;
  async delete(options: DeleteOptions = {}): Promise<number | Record<string, number>> {
    return cascadeDelete(this.connection, this, { ...options, isPart: this.table.isPartTable });
  }

  /** The rows per table a `delete()` would remove, without deleting anything. */
  async deletePreview(options: Omit<DeleteOptions, 'dryRun' | 'prompt'> = {}): Promise<Record<string, number>> {
    return (await cascadeDelete(this.connection, this, { ...options, dryRun: true, isPart: this.table.isPartTable })) as Record<string, number>;
  }
}

/** The rows of an insert source that is no query: given rows, a CSV file's, or an Arrow table's. */
function rowsOf(source: Exclude<InsertSource, QueryExpression>, heading: Heading): Iterable<InsertRow> {
  if (isArrowTable(source)) return arrowRows(source, heading);
  if (isCsvPath(source)) return readCsvRows(source, heading);
  return source as Iterable<InsertRow>;
}

/** The table's primary-key columns, hidden ones (`_singleton`) included. */
function keyColumns(table: Table): string[] {
  return table.heading.allAttributes.filter((a) => a.inKey).map((a) => a.name);
}

function isQueryClass(value: unknown): value is { prepare(): Promise<unknown> } {
  return typeof value === 'function' && typeof (value as { prepare?: unknown }).prepare === 'function';
}

async function queryOf(value: { prepare(): Promise<unknown> }): Promise<QueryExpression> {
  const prepared = await value.prepare();
  if (!(prepared instanceof QueryExpression)) throw new DataJointError('The rows to insert must be rows, a query, or a CSV file path.');
  return prepared;
}
