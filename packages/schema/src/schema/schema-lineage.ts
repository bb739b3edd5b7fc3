/**
 * Reading and rebuilding a schema's `~lineage` table. Rebuilding recomputes every row from
 * the catalog: primary-key attributes that come from no foreign key are their own origin;
 * foreign-key attributes take the lineage of what they reference (within the schema by
 * recursion, across schemas from the other schema's `~lineage`).
 */
import { DataJointError, type Connection } from '@dj/core';
import { LINEAGE_TABLE } from '@dj/core/internal';
import { ddlFor } from '../ddl/ddl-dialect';
import { lineageInsertSql } from '../declare/lineage-writer';

/** Lineage of every attribute of a schema: `schema.table.attribute` → origin. */
export async function schemaLineage(connection: Connection, schema: string): Promise<Record<string, string>> {
  if (!(await connection.introspector.tableInfo(connection, schema, LINEAGE_TABLE))) return {};
  const { rows } = await connection.query<{ table_name: string; attribute_name: string; lineage: string }>(
    `SELECT table_name, attribute_name, lineage FROM ${connection.adapter.fullTableName(schema, LINEAGE_TABLE)}`,
  );
  return Object.fromEntries(rows.map((r) => [`${schema}.${r.table_name}.${r.attribute_name}`, r.lineage]));
}

export async function rebuildSchemaLineage(connection: Connection, schema: string): Promise<void> {
  const { adapter, introspector } = connection;
  const lineageTable = adapter.fullTableName(schema, LINEAGE_TABLE);
  await connection.query(ddlFor(connection).lineageTable(schema, adapter));
  const keys = (await introspector.primaryKeys(connection, [schema])).filter((k) => k.schema === schema && !k.table.startsWith('~'));
  const references = new Map<string, { schema: string; table: string; column: string }>();
  for (const fk of await introspector.foreignKeys(connection, [schema])) {
    if (fk.childSchema !== schema || fk.childTable.startsWith('~')) continue;
    for (const c of fk.columns) references.set(`${fk.childTable}\u0000${c.child}`, { schema: fk.parentSchema, table: fk.parentTable, column: c.parent });
  }
  const foreign = schemaLineage;
  const cache = new Map<string, string>();
  const otherSchemas = new Map<string, Record<string, string>>();
  const resolve = async (table: string, column: string): Promise<string> => {
    const key = `${table}\u0000${column}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const parent = references.get(key);
    let lineage: string;
    if (!parent) lineage = `${schema}.${table}.${column}`;
    else if (parent.schema === schema) lineage = await resolve(parent.table, parent.column);
    else {
      if (!otherSchemas.has(parent.schema)) otherSchemas.set(parent.schema, await foreign(connection, parent.schema));
      const found = otherSchemas.get(parent.schema)![`${parent.schema}.${parent.table}.${parent.column}`];
      if (!found) {
        throw new DataJointError(
          `Cannot rebuild lineage for ${adapter.fullTableName(schema, table)}: referenced attribute ` +
            `${adapter.fullTableName(parent.schema, parent.table)}.${parent.column} has no lineage. ` +
            `Rebuild lineage for schema \`${parent.schema}\` first.`,
        );
      }
      lineage = found;
    }
    cache.set(key, lineage);
    return lineage;
  };
  const entries: Array<[string, string, string]> = [];
  for (const { table, columns } of keys) {
    const fkColumns = [...references.keys()].filter((k) => k.startsWith(`${table}\u0000`)).map((k) => k.split('\u0000')[1]!);
    for (const column of new Set([...columns, ...fkColumns])) {
      if (column.startsWith('_') && column !== '_singleton') continue;
      entries.push([table, column, await resolve(table, column)]);
    }
  }
  const insert = lineageInsertSql(adapter, schema, entries);
  await connection.transaction(async () => {
    await connection.query(`DELETE FROM ${lineageTable}`);
    if (insert !== null) await connection.query(insert);
  });
}
