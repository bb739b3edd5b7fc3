/** Catalog queries for MySQL and MariaDB. */
import type { Row } from '../driver';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, Introspector, Queryable, TableEntries, TableInfo } from '../introspector';
import { groupForeignKeys, groupKeyColumns } from '../foreign-key-rows';
import { groupByTable, groupIndexes } from '../table-groups';
import { mysqlAdapter } from './mysql-adapter';

const SYSTEM_SCHEMAS = ['information_schema', 'performance_schema', 'mysql', 'sys'];

/** What a backslash escape in a catalog's type text stands for (MySQL shows `\\` for a backslash, `\n` for a newline). */
const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** Values of an inline `enum('a','b')` type: quotes doubled, backslashes escaped, as SHOW COLUMNS writes them. */
function enumValues(sqlType: string): string[] | null {
  const match = /^enum\((.*)\)$/is.exec(sqlType);
  if (!match) return null;
  return [...match[1]!.matchAll(/'((?:[^'\\]|''|\\.)*)'/gs)].map((m) => unescapeQuoted(m[1]!));
}

function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Undoes a catalog's SQL quoting of a string: doubled quotes and backslash escapes. */
function unescapeQuoted(text: string): string {
  return text.replace(/''|\\(.)/gs, (_whole: string, escaped: string | undefined) => (escaped === undefined ? "'" : (ESCAPES[escaped] ?? escaped)));
}

/** A MariaDB `information_schema` default as SHOW COLUMNS gives it: literals unquoted, a `NULL` default as null. */
function unquoteDefault(value: unknown): unknown {
  if (value === null || value === undefined || value === 'NULL') return null;
  const text = String(value);
  return text.length >= 2 && text.startsWith("'") && text.endsWith("'") ? unescapeQuoted(text.slice(1, -1)) : text;
}

/** A column's catalog entry from the fields SHOW FULL COLUMNS and `information_schema.columns` share. */
function columnInfo(r: { name: unknown; type: unknown; nullable: unknown; defaultValue: unknown; comment: unknown; extra: unknown }): ColumnInfo {
  const sqlType = str(r.type);
  return {
    name: str(r.name),
    sqlType,
    nullable: r.nullable === 'YES',
    defaultValue: r.defaultValue === null || r.defaultValue === undefined ? null : String(r.defaultValue),
    comment: str(r.comment),
    autoIncrement: /auto_increment/i.test(str(r.extra)),
    enumValues: enumValues(sqlType),
  };
}

/**
 * `read(schema)` for each schema, concatenated in the schemas' order. MariaDB's
 * `information_schema` opens only one database when `table_schema` equals a constant, but
 * every database on the server for an `IN` list of two or more (or a join on the schema
 * column), which is slow on a server with many databases: one statement per schema instead.
 */
async function perSchema<T>(schemas: readonly string[], read: (schema: string) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all([...new Set(schemas)].sort().map(read))).flat();
}

/**
 * Schemas outside `schemas` linked to them by foreign keys: the `found` column of the
 * foreign keys whose `given` column is one of `schemas`. `referential_constraints` names
 * the schemas of both sides without the columns; MariaDB reads it about twice as fast as
 * `key_column_usage` over every database.
 */
async function linkedSchemas(
  db: Queryable,
  schemas: readonly string[],
  found: 'constraint_schema' | 'unique_constraint_schema',
  given: 'constraint_schema' | 'unique_constraint_schema',
): Promise<string[]> {
  if (schemas.length === 0) return [];
  const list = schemas.map(() => '?').join(', ');
  const { rows } = await db.query(
    `SELECT DISTINCT ${found} AS s FROM information_schema.referential_constraints
      WHERE ${given} IN (${list}) AND ${found} NOT IN (${list})`,
    [...schemas, ...schemas],
  );
  return rows.map((r) => String(r.s)).sort();
}

/**
 * Column rows of the foreign keys whose child table is in `schema` (one database read: see
 * {@link perSchema}), and, given `parents`, whose parent table is in one of those.
 */
async function foreignKeyRows(db: Queryable, schema: string, parents?: readonly string[]): Promise<Row[]> {
  const parentCondition = parents ? ` AND referenced_table_schema IN (${parents.map(() => '?').join(', ')})` : '';
  const { rows } = await db.query(
    `SELECT constraint_name AS name, table_schema AS child_schema, table_name AS child_table,
            column_name AS child_column, referenced_table_schema AS parent_schema,
            referenced_table_name AS parent_table, referenced_column_name AS parent_column
       FROM information_schema.key_column_usage
      WHERE referenced_table_name IS NOT NULL AND table_schema = ?${parentCondition}
      ORDER BY table_name, constraint_name, ordinal_position`,
    [schema, ...(parents ?? [])],
  );
  return rows;
}

export const mysqlIntrospector: Introspector = {
  async listSchemas(db: Queryable): Promise<string[]> {
    const { rows } = await db.query(
      `SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name NOT IN (${SYSTEM_SCHEMAS.map(() => '?').join(', ')}) ORDER BY schema_name`,
      SYSTEM_SCHEMAS,
    );
    return rows.map((r) => str(r.name));
  },

  async schemaExists(db: Queryable, schema: string): Promise<boolean> {
    const { rows } = await db.query('SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?', [schema]);
    return rows.length > 0;
  },

  async listTables(db: Queryable, schema: string): Promise<string[]> {
    const { rows } = await db.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
      [schema],
    );
    return rows.map((r) => str(r.name));
  },

  async tableInfo(db: Queryable, schema: string, table: string): Promise<TableInfo | null> {
    const [row] = await queryTables(db, 'table_schema = ? AND table_name = ?', [schema, table]);
    return row ? { name: row.name, comment: row.comment } : null;
  },

  tablesOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableInfo & { schema: string }>> {
    return perSchema(schemas, (schema) => queryTables(db, "table_schema = ? AND table_type = 'BASE TABLE'", [schema]));
  },

  async columns(db: Queryable, schema: string, table: string): Promise<ColumnInfo[]> {
    // SHOW FULL COLUMNS reports defaults unquoted on both MySQL and MariaDB.
    const { rows } = await db.query(
      `SHOW FULL COLUMNS FROM ${mysqlAdapter.quoteIdentifier(table)} IN ${mysqlAdapter.quoteIdentifier(schema)}`,
    );
    return rows.map((r) => columnInfo({ name: r.Field, type: r.Type, nullable: r.Null, defaultValue: r.Default, comment: r.Comment, extra: r.Extra }));
  },

  columnsOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableEntries<ColumnInfo>>> {
    // MariaDB quotes literal defaults here (and writes a NULL default as `NULL`), MySQL does not.
    // Base tables by a semi-join: a join with information_schema.tables compares every column
    // with every table of every database.
    return perSchema(schemas, async (schema) => {
      const { rows } = await db.query(
        `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS name, c.column_type AS type,
                c.is_nullable AS nullable, c.column_default AS default_value, c.extra AS extra,
                c.column_comment AS comment, VERSION() LIKE '%MariaDB%' AS quoted_defaults
           FROM information_schema.columns c
          WHERE c.table_schema = ? AND c.table_name IN (
                SELECT tb.table_name FROM information_schema.tables tb WHERE tb.table_schema = ? AND tb.table_type = 'BASE TABLE')
          ORDER BY c.table_name, c.ordinal_position`,
        [schema, schema],
      );
      return groupByTable(rows, (r) =>
        columnInfo({
          name: r.name,
          type: r.type,
          nullable: r.nullable,
          defaultValue: Number(r.quoted_defaults) === 1 ? unquoteDefault(r.default_value) : r.default_value,
          comment: r.comment,
          extra: r.extra,
        }),
      );
    });
  },

  async primaryKey(db: Queryable, schema: string, table: string): Promise<string[]> {
    const { rows } = await db.query(
      "SELECT column_name AS name FROM information_schema.key_column_usage WHERE table_schema = ? AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position",
      [schema, table],
    );
    return rows.map((r) => str(r.name));
  },

  async indexes(db: Queryable, schema: string, table: string): Promise<IndexInfo[]> {
    return (await queryIndexes(db, 'table_schema = ? AND table_name = ?', [schema, table]))[0]?.entries ?? [];
  },

  indexesOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableEntries<IndexInfo>>> {
    return perSchema(schemas, (schema) => queryIndexes(db, 'table_schema = ?', [schema]));
  },

  async foreignKeys(db: Queryable, schemas: readonly string[]): Promise<ForeignKeyInfo[]> {
    // a condition on the referenced schema reads every database: ask which databases refer
    // to these (a lighter view) while reading these databases' own foreign keys
    const [own, referencing] = await Promise.all([
      perSchema(schemas, (schema) => foreignKeyRows(db, schema)),
      linkedSchemas(db, schemas, 'constraint_schema', 'unique_constraint_schema'),
    ]);
    const theirs = await perSchema(referencing, (schema) => foreignKeyRows(db, schema, schemas));
    // both lists come in schema order, and no schema is in both: merged by schema, rows keep their order
    return groupForeignKeys([...own, ...theirs].sort((a, b) => (String(a.child_schema) < String(b.child_schema) ? -1 : String(a.child_schema) > String(b.child_schema) ? 1 : 0)));
  },

  primaryKeys(db: Queryable, schemas: readonly string[]): Promise<Array<{ schema: string; table: string; columns: string[] }>> {
    return perSchema(schemas, async (schema) => {
      const { rows } = await db.query(
        `SELECT table_schema AS s, table_name AS t, column_name AS c FROM information_schema.key_column_usage
          WHERE constraint_name = 'PRIMARY' AND table_schema = ?
          ORDER BY table_name, ordinal_position`,
        [schema],
      );
      return groupKeyColumns(rows);
    });
  },

  referencingSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]> {
    return linkedSchemas(db, schemas, 'constraint_schema', 'unique_constraint_schema');
  },

  referencedSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]> {
    return linkedSchemas(db, schemas, 'unique_constraint_schema', 'constraint_schema');
  },

  async tableForeignKeys(db: Queryable, schema: string, table: string): Promise<ForeignKeyInfo[]> {
    const { rows } = await db.query(
      `SELECT constraint_name AS name, table_schema AS child_schema, table_name AS child_table,
              column_name AS child_column, referenced_table_schema AS parent_schema,
              referenced_table_name AS parent_table, referenced_column_name AS parent_column
         FROM information_schema.key_column_usage
        WHERE referenced_table_name IS NOT NULL AND table_schema = ? AND table_name = ?
        ORDER BY constraint_name, ordinal_position`,
      [schema, table],
    );
    return groupForeignKeys(rows);
  },
};

/** Tables (with their comments) of `information_schema.tables` matching a condition. */
async function queryTables(db: Queryable, condition: string, params: readonly unknown[]): Promise<Array<TableInfo & { schema: string }>> {
  const { rows } = await db.query(
    `SELECT table_schema AS s, table_name AS name, table_comment AS comment FROM information_schema.tables
      WHERE ${condition} ORDER BY table_schema, table_name`,
    params,
  );
  return rows.map((r) => ({ schema: str(r.s), name: str(r.name), comment: str(r.comment) }));
}

/** Secondary indexes (the primary key excluded) of the tables matching a condition on `information_schema.statistics`. */
async function queryIndexes(db: Queryable, condition: string, params: readonly unknown[]): Promise<Array<TableEntries<IndexInfo>>> {
  const { rows } = await db.query(
    `SELECT table_schema AS s, table_name AS t, index_name AS name, column_name AS col, non_unique = 0 AS is_unique
       FROM information_schema.statistics
      WHERE ${condition} AND index_name <> 'PRIMARY'
      ORDER BY table_schema, table_name, index_name, seq_in_index`,
    params,
  );
  return groupIndexes(rows.map((r) => ({ ...r, is_unique: Number(r.is_unique) === 1 })));
}
