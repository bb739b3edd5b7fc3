/**
 * Catalog reads that both the heading loader and the dependency graph need (tables, primary
 * keys, foreign keys of a set of schemas), read once per connection and schema set until DDL
 * clears the connection's catalog cache, so that a cold cascade reads each catalog view once.
 */
import type { Connection } from '../connection/connection';
import type { ForeignKeyInfo, TableInfo } from '../dialects/introspector';
import { catalogMemo } from './heading-cache';

function keyOf(what: string, schemas: readonly string[]): string {
  return JSON.stringify([what, [...new Set(schemas)].sort()]);
}

/**
 * The base tables of `schemas` with their comments (the introspector's `tablesOf`), shared
 * per connection. Callers must not modify the result.
 * @internal
 */
export function sharedTables(connection: Connection, schemas: readonly string[]): Promise<Array<TableInfo & { readonly schema: string }>> {
  return catalogMemo(connection, keyOf('tables', schemas), () => connection.introspector.tablesOf(connection, schemas));
}

/**
 * The primary keys of every table of `schemas` (the introspector's `primaryKeys`), shared
 * per connection. Callers must not modify the result.
 * @internal
 */
export function sharedPrimaryKeys(connection: Connection, schemas: readonly string[]): Promise<Array<{ schema: string; table: string; columns: string[] }>> {
  return catalogMemo(connection, keyOf('primary-keys', schemas), () => connection.introspector.primaryKeys(connection, schemas));
}

/**
 * The foreign keys declared in `schemas` (the introspector's `foreignKeys`), shared per
 * connection. Callers must not modify the result.
 * @internal
 */
export function sharedForeignKeys(connection: Connection, schemas: readonly string[]): Promise<ForeignKeyInfo[]> {
  return catalogMemo(connection, keyOf('foreign-keys', schemas), () => connection.introspector.foreignKeys(connection, schemas));
}
