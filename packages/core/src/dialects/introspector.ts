/**
 * The introspector contract: catalog queries (schemas, tables, columns, keys, indexes,
 * foreign keys) answered in one shape whatever the backend.
 */
import type { QueryResult } from './driver';

/** Anything that runs SQL with `?` placeholders (a Connection, a session). */
export interface Queryable {
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
}

/** A table's catalog entry. */
export interface TableInfo {
  readonly name: string;
  /** The table comment (`''` when there is none). */
  readonly comment: string;
}

/** A column's catalog entry. */
export interface ColumnInfo {
  readonly name: string;
  /** The SQL type as the catalog reports it: `int(11)`, `varchar(32)`, `character varying(32)`, … */
  readonly sqlType: string;
  readonly nullable: boolean;
  /** The default as a bare value (`mouse`, `0`, `CURRENT_TIMESTAMP`), or `null` when there is none. */
  readonly defaultValue: string | null;
  /** The column comment (`''` when there is none), DataJoint's `:type:` marker included. */
  readonly comment: string;
  readonly autoIncrement: boolean;
  /** Values of an enum column (PostgreSQL enum types, MySQL inline enums), else `null`. */
  readonly enumValues: readonly string[] | null;
  /** PostgreSQL only: schema and name of a user-defined column type (an enum type). */
  readonly userType?: { readonly schema: string; readonly name: string } | null;
}

/** One foreign-key constraint with its column map, in constraint order. */
export interface ForeignKeyInfo {
  readonly name: string;
  readonly childSchema: string;
  readonly childTable: string;
  readonly parentSchema: string;
  readonly parentTable: string;
  /** Pairs of child column and referenced parent column. */
  readonly columns: ReadonlyArray<{ readonly child: string; readonly parent: string }>;
}

/** A secondary index. `columns` holds `null` for an expression part. */
export interface IndexInfo {
  readonly name: string;
  readonly unique: boolean;
  readonly columns: ReadonlyArray<string | null>;
}

export interface Introspector extends SchemaCatalogReads {
  /**
   * Names of the schemas visible to the user, sorted: system schemas excluded, and on
   * PostgreSQL `public` only when it holds tables.
   */
  listSchemas(db: Queryable): Promise<string[]>;
  schemaExists(db: Queryable, schema: string): Promise<boolean>;
  /** Base tables of a schema, hidden `~` tables included, sorted by name. */
  listTables(db: Queryable, schema: string): Promise<string[]>;
  /** The table's name and comment, or `null` when it does not exist. */
  tableInfo(db: Queryable, schema: string, table: string): Promise<TableInfo | null>;
  /** Columns in declaration order. */
  columns(db: Queryable, schema: string, table: string): Promise<ColumnInfo[]>;
  /** Primary-key columns in key order. */
  primaryKey(db: Queryable, schema: string, table: string): Promise<string[]>;
  /** Secondary indexes (the primary key excluded). */
  indexes(db: Queryable, schema: string, table: string): Promise<IndexInfo[]>;
  /** Foreign keys whose child or parent table is in one of the schemas. */
  foreignKeys(db: Queryable, schemas: readonly string[]): Promise<ForeignKeyInfo[]>;
  /** Primary keys of every table of the schemas: `{ schema, table, columns }` (columns in key order). */
  primaryKeys(db: Queryable, schemas: readonly string[]): Promise<Array<{ schema: string; table: string; columns: string[] }>>;
  /** Foreign keys of one table (the table being the child). */
  tableForeignKeys(db: Queryable, schema: string, table: string): Promise<ForeignKeyInfo[]>;
  /** Schemas outside `schemas` that hold tables with foreign keys into them. */
  referencingSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]>;
  /** Schemas outside `schemas` that hold tables their tables have foreign keys into. */
  referencedSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]>;
}

/** One table's entries in a catalog read over whole schemas. */
export interface TableEntries<T> {
  readonly schema: string;
  readonly table: string;
  readonly entries: T[];
}

/**
 * Catalog reads over whole schemas, one statement per catalog view whatever the number of
 * tables: what loading every heading of a pipeline at once needs.
 */
export interface SchemaCatalogReads {
  /** Base tables of the schemas with their comments, hidden `~` tables included. */
  tablesOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableInfo & { readonly schema: string }>>;
  /** Columns of every base table of the schemas, in declaration order. */
  columnsOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableEntries<ColumnInfo>>>;
  /** Secondary indexes of every base table of the schemas. */
  indexesOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableEntries<IndexInfo>>>;
}
