/** What the backend's catalog says about a table, in forms that tests compare. */
import type { ColumnInfo } from '@dj/core/internal';
import type { Connection } from '@dj/core';

/** Foreign keys of a table as `parent(child<-parent, …)`, sorted. */
export async function foreignKeysOf(connection: Connection, schema: string, table: string): Promise<string[]> {
  return (await connection.introspector.tableForeignKeys(connection, schema, table))
    .map((fk) => `${fk.parentTable}(${fk.columns.map((c) => (c.child === c.parent ? c.child : `${c.child}<-${c.parent}`)).join(',')})`)
    .sort();
}

/** Secondary indexes of a table as `[unique ](a,b)`, sorted. */
export async function indexesOf(connection: Connection, schema: string, table: string): Promise<string[]> {
  return (await connection.introspector.indexes(connection, schema, table)).map((i) => `${i.unique ? 'unique ' : ''}(${i.columns.join(',')})`).sort();
}

/**
 * The catalog state of a table (comment, columns, primary key, indexes, foreign keys), with
 * the schema name replaced so that two schemas compare. `column` picks what is compared of
 * each column; `neutral` replaces the schema name in a text.
 */
export async function catalogOf<C>(
  connection: Connection,
  schema: string,
  table: string,
  column: (c: ColumnInfo, neutral: (text: string) => string) => C,
) {
  const { introspector } = connection;
  const neutral = (text: string) => text.split(schema).join('<schema>');
  const byJson = <T>(items: T[]) => items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    comment: (await introspector.tableInfo(connection, schema, table))?.comment,
    columns: (await introspector.columns(connection, schema, table)).map((c) => column(c, neutral)),
    primaryKey: await introspector.primaryKey(connection, schema, table),
    indexes: byJson((await introspector.indexes(connection, schema, table)).map((i) => ({ unique: i.unique, columns: i.columns }))),
    foreignKeys: byJson(
      (await introspector.tableForeignKeys(connection, schema, table)).map((fk) => ({
        // Tables compared across schemas reference the same parents, in the original schema.
        parent: `${fk.parentSchema}.${fk.parentTable}`,
        columns: fk.columns,
      })),
    ),
  };
}

/** The `~lineage` rows of a table: attribute → lineage. */
export async function lineageRows(connection: Connection, schema: string, table: string): Promise<Record<string, string>> {
  const { rows } = await connection.query<{ attribute_name: string; lineage: string }>(
    `SELECT attribute_name, lineage FROM ${connection.adapter.fullTableName(schema, '~lineage')} WHERE table_name = ?`,
    [table],
  );
  return Object.fromEntries(rows.map((r) => [String(r.attribute_name), String(r.lineage)]));
}

/**
 * What a declaration can leave in a schema — its tables, PostgreSQL enum types and
 * `~lineage` rows (`table.attribute=lineage`) — sorted, to compare before and after.
 */
export async function declarationLeftovers(connection: Connection, schema: string): Promise<{ tables: string[]; types: string[]; lineage: string[] }> {
  const { rows: tables } = await connection.query<{ n: string }>('SELECT table_name AS n FROM information_schema.tables WHERE table_schema = ?', [schema]);
  const { rows: types } =
    connection.adapter.family === 'postgresql'
      ? await connection.query<{ n: string }>(
          "SELECT t.typname::text AS n FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace WHERE s.nspname = ? AND t.typtype = 'e'",
          [schema],
        )
      : { rows: [] };
  const { rows: lineage } = await connection.query<{ t: string; a: string; l: string }>(
    `SELECT table_name AS t, attribute_name AS a, lineage AS l FROM ${connection.adapter.fullTableName(schema, '~lineage')}`,
  );
  return {
    tables: tables.map((r) => String(r.n)).sort(),
    types: types.map((r) => String(r.n)).sort(),
    lineage: lineage.map((r) => `${String(r.t)}.${String(r.a)}=${String(r.l)}`).sort(),
  };
}
