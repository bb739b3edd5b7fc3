/**
 * A backend's own description of a schema's tables, with the schema name replaced by
 * `<schema>`, so a schema declared here can be compared with one declared by
 * datajoint-python: `SHOW CREATE TABLE` on MySQL; columns, comments, constraints,
 * indexes and enum types from the system catalog on PostgreSQL and PGlite.
 */
import type { Connection } from '@dj/core';

export type CatalogSnapshot = Record<string, unknown>;

function anonymize(text: string, schema: string): string {
  return text.split(schema).join('<schema>');
}

/** Snapshot of the named tables of `schema`. */
export async function catalogSnapshot(connection: Connection, schema: string, tables: readonly string[]): Promise<CatalogSnapshot> {
  const snapshot: CatalogSnapshot = {};
  if (connection.backend === 'mysql') {
    for (const table of tables) {
      const { rows } = await connection.query(`SHOW CREATE TABLE ${connection.adapter.fullTableName(schema, table)}`);
      snapshot[table] = anonymize(String(rows[0]!['Create Table']), schema);
    }
    return snapshot;
  }
  for (const table of tables) {
    const columns = await connection.query(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS default_value, col_description(a.attrelid, a.attnum) AS comment
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [connection.adapter.fullTableName(schema, table)],
    );
    const constraints = await connection.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = ?::regclass ORDER BY conname`,
      [connection.adapter.fullTableName(schema, table)],
    );
    const indexes = await connection.query('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = ? ORDER BY indexname', [
      schema,
      table,
    ]);
    const comment = await connection.query('SELECT obj_description(?::regclass, \'pg_class\') AS comment', [connection.adapter.fullTableName(schema, table)]);
    snapshot[table] = JSON.parse(anonymize(JSON.stringify({ columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows, comment: comment.rows[0]!.comment }), schema));
  }
  // the enum types the tables' columns use
  const enums = await connection.query(
    `SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.oid IN (SELECT a.atttypid FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ANY(?))
      GROUP BY t.typname ORDER BY t.typname`,
    [schema, [...tables]],
  );
  snapshot['enum types'] = enums.rows;
  return snapshot;
}
