/**
 * Dropping one table: its `~lineage` rows go, then the table, then (PostgreSQL) enum types
 * it created that no other table still uses.
 */
import { LINEAGE_TABLE, clearHeadingCache } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import { ddlFor } from '../ddl/ddl-dialect';
import { deleteLineageRowsSql } from './lineage-writer';

export async function dropTableQuick(connection: Connection, schema: string, table: string): Promise<void> {
  const { adapter, introspector } = connection;
  const columns = await introspector.columns(connection, schema, table);
  const enumTypes = [...new Set(columns.filter((c) => c.userType && c.userType.schema === schema).map((c) => c.userType!.name))];
  if (await introspector.tableInfo(connection, schema, LINEAGE_TABLE)) {
    await connection.query(deleteLineageRowsSql(adapter, schema, table));
  }
  await connection.query(`DROP TABLE ${adapter.fullTableName(schema, table)}`);
  for (const statement of ddlFor(connection).dropTypes(schema, enumTypes, adapter)) {
    // A type another table still uses stays; that is the intended outcome.
    await connection.query(statement).catch(() => undefined);
  }
  clearHeadingCache(connection);
}
