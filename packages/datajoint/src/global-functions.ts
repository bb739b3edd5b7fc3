/**
 * `dj.Schema()` and `dj.FreeTable()`: plain calls that use the global connection unless
 * given one. In thread-safe mode using the global connection throws ThreadSafetyError.
 */
import { assertGlobalStateAllowed } from '@dj/core/internal';
import { conn, type Connection } from '@dj/core';
import {
  FreeTable as FreeTableClass,
  listSchemas as listServerSchemas,
  Schema as SchemaClass,
  virtualSchema as spawnVirtualSchema,
  type HasConnection,
  type SchemaOptions,
  type VirtualModule,
  type VirtualSchemaOptions,
} from '@dj/schema';

/**
 * A schema: `dj.Schema('lab')` on the global connection, `dj.Schema('lab', { connection })`
 * on another, or `dj.Schema()` deferred: a template whose classes are bound per Instance
 * with `schema.on(instance, name)`, or activated later with `schema.activate(name, { instance })`.
 * A deferred schema touches no global state, so it is allowed in thread-safe mode.
 * @throws ThreadSafetyError in thread-safe mode for a name without a connection.
 */
export function Schema(name?: string | null, options: SchemaOptions = {}): SchemaClass {
  if (options.connection || name === undefined || name === null) return new SchemaClass(name ?? null, options);
  assertGlobalStateAllowed();
  return new SchemaClass(name, { ...options, connection: conn() });
}

/**
 * An existing table: `dj.FreeTable('lab.subject')` on the global connection, or
 * `dj.FreeTable(connection, 'lab.subject')`.
 * @throws ThreadSafetyError in thread-safe mode without a connection.
 */
export function FreeTable(connectionOrName: Connection | string, fullName?: string): FreeTableClass {
  if (typeof connectionOrName === 'string') {
    assertGlobalStateAllowed();
    return new FreeTableClass(conn(), connectionOrName);
  }
  return new FreeTableClass(connectionOrName, fullName!);
}

/**
 * Names of the DataJoint schemas on the server of `connection` (a Connection or an
 * Instance; by default the global connection), system schemas left out.
 * @throws ThreadSafetyError in thread-safe mode without a connection.
 */
export function listSchemas(connection?: Connection | HasConnection): Promise<string[]> {
  if (connection) return listServerSchemas(connection);
  assertGlobalStateAllowed();
  return listServerSchemas(conn());
}

/**
 * Table classes for every table of an existing schema, in a module-like object:
 * `const lab = await dj.virtualSchema('lab', { instance }); await lab.Subject.toDicts()`.
 * Neither creates the schema nor declares tables unless `createSchema` / `createTables`
 * say so. Without `instance` or `connection` it uses the global connection.
 * @throws ThreadSafetyError in thread-safe mode without a connection.
 */
export function virtualSchema(name: string, options: VirtualSchemaOptions = {}): Promise<VirtualModule> {
  if (options.connection || options.instance) return spawnVirtualSchema(name, options);
  assertGlobalStateAllowed();
  return spawnVirtualSchema(name, { ...options, connection: conn() });
}

/** The schema type, for annotations: `let schema: dj.Schema`. */
export type Schema = SchemaClass;
/** The free-table type. */
export type FreeTable = FreeTableClass;
