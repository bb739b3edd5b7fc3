/** Catalog queries for PostgreSQL (server and PGlite), written against pg_catalog. */
import type { Row } from '../driver';
import { groupForeignKeys, groupKeyColumns } from '../foreign-key-rows';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, Introspector, Queryable, TableEntries, TableInfo } from '../introspector';
import { groupByTable, groupIndexes } from '../table-groups';
import { normalisePostgresDefault } from './postgres-defaults';

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;

function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** pg returns `name[]` arrays parsed; PGlite too. Older paths may return `{a,b}` text. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'string' && value.startsWith('{')) {
    return value.slice(1, -1).split(',').filter((v) => v.length > 0).map((v) => v.replace(/^"|"$/g, ''));
  }
  return [];
}

/**
 * Schemas outside `schemas` linked to them by foreign keys: `found` and `given` name the
 * namespace aliases of the query (`cn` the referencing side, `pn` the referenced side).
 */
async function linkedSchemas(db: Queryable, schemas: readonly string[], found: 'cn' | 'pn', given: 'cn' | 'pn'): Promise<string[]> {
  if (schemas.length === 0) return [];
  const list = schemas.map(() => '?').join(', ');
  const { rows } = await db.query(
    `SELECT DISTINCT ${found}.nspname AS s
       FROM pg_constraint con
       JOIN pg_class cc ON cc.oid = con.conrelid
       JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = con.confrelid
       JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE con.contype = 'f' AND ${given}.nspname IN (${list}) AND ${found}.nspname NOT IN (${list})`,
    [...schemas, ...schemas],
  );
  return rows.map((r) => String(r.s)).sort();
}

export const postgresIntrospector: Introspector = {
  async listSchemas(db: Queryable): Promise<string[]> {
    // `public` exists on every server; it is a DataJoint schema only once it holds tables
    const { rows } = await db.query(
      `SELECT n.nspname AS name FROM pg_namespace n WHERE ${USER_SCHEMAS}
        AND (n.nspname <> 'public' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p')))
        ORDER BY 1`,
    );
    return rows.map((r) => str(r.name));
  },

  async schemaExists(db: Queryable, schema: string): Promise<boolean> {
    const { rows } = await db.query('SELECT 1 AS found FROM pg_namespace WHERE nspname = ?', [schema]);
    return rows.length > 0;
  },

  async listTables(db: Queryable, schema: string): Promise<string[]> {
    const { rows } = await db.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      [schema],
    );
    return rows.map((r) => str(r.name));
  },

  async tableInfo(db: Queryable, schema: string, table: string): Promise<TableInfo | null> {
    const [row] = await queryTables(db, 'n.nspname = ? AND c.relname = ?', [schema, table]);
    return row ? { name: row.name, comment: row.comment } : null;
  },

  tablesOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableInfo & { schema: string }>> {
    if (schemas.length === 0) return Promise.resolve([]);
    return queryTables(db, `n.nspname IN (${schemas.map(() => '?').join(', ')})`, schemas);
  },

  async columns(db: Queryable, schema: string, table: string): Promise<ColumnInfo[]> {
    return (await queryColumns(db, 'n.nspname = ? AND c.relname = ?', [schema, table]))[0]?.entries ?? [];
  },

  async columnsOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableEntries<ColumnInfo>>> {
    if (schemas.length === 0) return [];
    return queryColumns(db, `n.nspname IN (${schemas.map(() => '?').join(', ')}) AND c.relkind IN ('r', 'p')`, schemas);
  },

  async primaryKey(db: Queryable, schema: string, table: string): Promise<string[]> {
    const { rows } = await db.query(
      `SELECT a.attname AS name
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisprimary AND n.nspname = ? AND c.relname = ?
        ORDER BY k.ord`,
      [schema, table],
    );
    return rows.map((r) => str(r.name));
  },

  async indexes(db: Queryable, schema: string, table: string): Promise<IndexInfo[]> {
    return (await queryIndexes(db, 'n.nspname = ? AND c.relname = ?', [schema, table]))[0]?.entries ?? [];
  },

  indexesOf(db: Queryable, schemas: readonly string[]): Promise<Array<TableEntries<IndexInfo>>> {
    if (schemas.length === 0) return Promise.resolve([]);
    return queryIndexes(db, `n.nspname IN (${schemas.map(() => '?').join(', ')})`, schemas);
  },

  async foreignKeys(db: Queryable, schemas: readonly string[]): Promise<ForeignKeyInfo[]> {
    if (schemas.length === 0) return [];
    const list = schemas.map(() => '?').join(', ');
    return groupForeignKeys(await queryForeignKeys(db, `cn.nspname IN (${list}) OR pn.nspname IN (${list})`, [...schemas, ...schemas]));
  },

  async primaryKeys(db: Queryable, schemas: readonly string[]): Promise<Array<{ schema: string; table: string; columns: string[] }>> {
    if (schemas.length === 0) return [];
    const { rows } = await db.query(
      `SELECT n.nspname AS s, c.relname AS t, a.attname AS c
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisprimary AND n.nspname IN (${schemas.map(() => '?').join(', ')})
        ORDER BY n.nspname, c.relname, k.ord`,
      schemas,
    );
    return groupKeyColumns(rows);
  },

  referencingSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]> {
    return linkedSchemas(db, schemas, 'cn', 'pn');
  },

  referencedSchemas(db: Queryable, schemas: readonly string[]): Promise<string[]> {
    return linkedSchemas(db, schemas, 'pn', 'cn');
  },

  async tableForeignKeys(db: Queryable, schema: string, table: string): Promise<ForeignKeyInfo[]> {
    return groupForeignKeys(await queryForeignKeys(db, 'cn.nspname = ? AND cc.relname = ?', [schema, table]));
  },
};

/**
 * Foreign-key columns (one row per column, in constraint order) matching a condition. Column
 * names are looked up by (table, number) in subqueries: joined, the planner scanned every
 * column of each table per key column, 3× slower on a 200-table schema.
 */
async function queryForeignKeys(db: Queryable, condition: string, params: readonly unknown[]): Promise<Row[]> {
  const { rows } = await db.query(
      `SELECT con.conname AS name, cn.nspname AS child_schema, cc.relname AS child_table,
              (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = cols.child_attnum) AS child_column,
              pn.nspname AS parent_schema, pc.relname AS parent_table,
              (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = cols.parent_attnum) AS parent_column
         FROM pg_constraint con
         JOIN pg_class cc ON cc.oid = con.conrelid
         JOIN pg_namespace cn ON cn.oid = cc.relnamespace
         JOIN pg_class pc ON pc.oid = con.confrelid
         JOIN pg_namespace pn ON pn.oid = pc.relnamespace
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS cols(child_attnum, parent_attnum, ord)
        WHERE con.contype = 'f' AND (${condition})
        ORDER BY cn.nspname, cc.relname, con.conname, cols.ord`,
    params,
  );
  return rows;
}

/** Base tables (with their comments) matching a condition on `n` (namespace) and `c` (class). */
async function queryTables(db: Queryable, condition: string, params: readonly unknown[]): Promise<Array<TableInfo & { schema: string }>> {
  const { rows } = await db.query(
    `SELECT n.nspname AS s, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${condition}
      ORDER BY n.nspname, c.relname`,
    params,
  );
  return rows.map((r) => ({ schema: str(r.s), name: str(r.name), comment: str(r.comment) }));
}

/** Columns of the tables matching a condition on `n` and `c`, per table in declaration order. */
async function queryColumns(db: Queryable, condition: string, params: readonly unknown[]): Promise<Array<TableEntries<ColumnInfo>>> {
  const { rows } = await db.query(
    `SELECT n.nspname AS s, c.relname AS t, a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS sql_type,
            NOT a.attnotnull AS nullable,
            pg_get_expr(d.adbin, d.adrelid) AS default_expr,
            col_description(c.oid, a.attnum) AS comment,
            a.attidentity <> '' AS is_identity,
            CASE WHEN t.typtype = 'e' THEN
              ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
            END AS enum_values,
            CASE WHEN t.typtype = 'e' THEN tn.nspname END AS type_schema,
            CASE WHEN t.typtype = 'e' THEN t.typname::text END AS type_name
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_namespace tn ON tn.oid = t.typnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${condition} AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY n.nspname, c.relname, a.attnum`,
    params,
  );
  return groupByTable(rows, (r): ColumnInfo => {
    const expr = r.default_expr === null || r.default_expr === undefined ? null : String(r.default_expr);
    const serial = expr !== null && /^nextval\(/i.test(expr);
    return {
      name: str(r.name),
      sqlType: str(r.sql_type),
      nullable: Boolean(r.nullable),
      defaultValue: serial ? null : normalisePostgresDefault(expr),
      comment: str(r.comment),
      autoIncrement: Boolean(r.is_identity) || serial,
      enumValues: r.enum_values === null || r.enum_values === undefined ? null : textArray(r.enum_values),
      userType: r.type_name ? { schema: str(r.type_schema), name: str(r.type_name) } : null,
    };
  });
}

/** Secondary indexes (the primary key excluded) of the tables matching a condition on `n` and `c`. */
async function queryIndexes(db: Queryable, condition: string, params: readonly unknown[]): Promise<Array<TableEntries<IndexInfo>>> {
  const { rows } = await db.query(
    `SELECT n.nspname AS s, c.relname AS t, ic.relname AS name, i.indisunique AS is_unique, a.attname AS col
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0
      WHERE NOT i.indisprimary AND ${condition}
      ORDER BY n.nspname, c.relname, ic.relname, k.ord`,
    params,
  );
  return groupIndexes(rows);
}
