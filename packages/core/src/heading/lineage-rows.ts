import type { Connection } from '../connection/connection';

/** Name of the hidden table holding attribute lineage in each schema. */
export const LINEAGE_TABLE = '~lineage';

/** Lineage rows of one table: whether the schema tracks lineage, and attribute → lineage. */
export interface TableLineage {
  readonly available: boolean;
  readonly byAttribute: ReadonlyMap<string, string>;
}

/** Reads a table's rows from its schema's `~lineage` table. */
export async function readTableLineage(connection: Connection, schema: string, table: string): Promise<TableLineage> {
  const exists = (await connection.introspector.tableInfo(connection, schema, LINEAGE_TABLE)) !== null;
  if (!exists) return { available: false, byAttribute: new Map() };
  const { rows } = await connection.query<{ attribute_name: string; lineage: string }>(
    `SELECT attribute_name, lineage FROM ${connection.adapter.fullTableName(schema, LINEAGE_TABLE)} WHERE table_name = ?`,
    [table],
  );
  return { available: true, byAttribute: new Map(rows.map((r) => [String(r.attribute_name), String(r.lineage)])) };
}
