/**
 * `dj.Schema()` and `dj.FreeTable()`: plain calls that use the global connection unless
 * given one. In thread-safe mode using the global connection throws ThreadSafetyError.
 */
import { assertGlobalStateAllowed, conn, type Connection } from '@dj/core';
import { FreeTable as FreeTableClass, Schema as SchemaClass, type SchemaOptions } from '@dj/schema';

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

/** The schema type, for annotations: `let schema: dj.Schema`. */
export type Schema = SchemaClass;
/** The free-table type. */
export type FreeTable = FreeTableClass;
