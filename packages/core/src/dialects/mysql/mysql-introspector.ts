/** Catalog queries for MySQL and MariaDB. */
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, Introspector, Queryable, TableInfo } from '../introspector';
import { groupForeignKeys, groupKeyColumns } from '../foreign-key-rows';
import { mysqlAdapter } from './mysql-adapter';

const SYSTEM_SCHEMAS = ['information_schema', 'performance_schema', 'mysql', 'sys'];

/** What a backslash escape in a catalog's type text stands for (MySQL shows `\\` for a backslash, `\n` for a newline). */
const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** Values of an inline `enum('a','b')` type: quotes doubled, backslashes escaped, as SHOW COLUMNS writes them. */
function enumValues(sqlType: string): string[] | null {
  const match = /^enum\((.*)\)$/is.exec(sqlType);
  if (!match) return null;
  return [...match[1]!.matchAll(/'((?:[^'\\]|''|\\.)*)'/gs)].map((m) =>
    m[1]!.replace(/''|\\(.)/gs, (_whole: string, escaped: string | undefined) => (escaped === undefined ? "'" : (ESCAPES[escaped] ?? escaped))),
  );
}

function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Schemas outside `schemas` linked to them by foreign keys: the `found` column of the
 * foreign keys whose `given` column is one of `schemas`.
 */
async function linkedSchemas(
  db: Queryable,
  schemas: readonly string[],
  found: 'table_schema' | 'referenced_table_schema',
  given: 'table_schema' | 'referenced_table_schema',
): Promise<string[]> {
  if (schemas.length === 0) return [];
  const list = schemas.map(() => '?').join(', ');
  const { rows } = await db.query(
    `SELECT DISTINCT ${found} AS s FROM information_schema.key_column_usage
      WHERE ${given} IN (${list}) AND ${found} IS NOT NULL AND ${found} NOT IN (${list})`,
    [...schemas, ...schemas],
  );
  return rows.map((r) => String(r.s)).sort();
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
    const { rows } = await db.query(
      'SELECT table_name AS name, table_comment AS comment FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [schema, table],
    );
    const row = rows[0];
    return row ? { name: str(row.name), comment: str(row.comment) } : null;
  },

  async columns(db: Queryable, schema: string, table: string): Promise<ColumnInfo[]> {
    // SHOW FULL COLUMNS reports defaults unquoted on both MySQL and MariaDB.
    const { rows } = await db.query(
      `SHOW FULL COLUMNS FROM ${mysqlAdapter.quoteIdentifier(table)} IN ${mysqlAdapter.quoteIdentifier(schema)}`,
    );
    return rows.map((r) => {
      const sqlType = str(r.Type);
      return {
        name: str(r.Field),
        sqlType,
        nullable: r.Null === 'YES',
        defaultValue: r.Default === null || r.Default === undefined ? null : String(r.Default),
        comment: str(r.Comment),
        autoIncrement: /auto_increment/i.test(str(r.Extra)),
        enumValues: enumValues(sqlType),
      };
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
    const { rows } = await db.query(
      "SELECT index_name AS name, column_name AS col, non_unique AS non_unique FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND index_name <> 'PRIMARY' ORDER BY index_name, seq_in_index",
      [schema, table],
    );
    const byName = new Map<string, { name: string; unique: boolean; columns: Array<string | null> }>();
    for (const r of rows) {
      const name = str(r.name);
      if (!byName.has(name)) byName.set(name, { name, unique: Number(r.non_unique) === 0, columns: [] });
      byName.get(name)!.columns.push(r.col === null ? null : str(r.col));
    }
    return [...byName.values()];
  },

  async foreignKeys(db: Queryable, schemas: readonly string[]): Promise<ForeignKeyInfo[]> {
    if (schemas.length === 0) return [];
    const list = schemas.map(() => '?').join(', ');
    const { rows } = await db.query(
      `SELECT constraint_name AS name, table_schema AS child_schema, table_name AS child_table,
              column_name AS child_column, referenced_table_schema AS parent_schema,
              referenced_table_name AS parent_table, referenced_column_name AS parent_column
         FROM information_schema.key_column_usage
        WHERE referenced_table_name IS NOT NULL
          AND (table_schema IN (${list}) OR referenced_table_schema IN (${list}))
        ORDER BY table_schema, table_name, constraint_name, ordinal_position`,
      [...schemas, ...schemas],
    );
    return groupForeignKeys(rows);
  },

  async primaryKeys(db: Queryable, schemas: readonly string[]): Promise<Array<{ schema: string; table: string; columns: string[] }>> {
    if (schemas.length === 0) return [];
    const { rows } = await db.query(
      `SELECT table_schema AS s, table_name AS t, column_name AS c FROM information_schema.key_column_usage
        WHERE constraint_name = 'PRIMARY' AND table_schema IN (${schemas.map(() => '?').join(', ')})
        ORDER BY table_schema, table_name, ordinal_position`,
      schemas,
    );
    return groupKeyColumns(rows);
  },

  referencingSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]> {
    return linkedSchemas(db, schemas, 'table_schema', 'referenced_table_schema');
  },

  referencedSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]> {
    return linkedSchemas(db, schemas, 'referenced_table_schema', 'table_schema');
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
