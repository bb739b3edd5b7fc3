/**
 * Schemas read from the database alone (datajoint-python's `list_schemas`,
 * `VirtualModule` / `virtual_schema`): what a server holds, and table classes spawned for a
 * schema whose source code is elsewhere (another project, datajoint-python).
 */
import { inspect } from 'node:util';
import { DataJointError, type Connection } from '@dj/core';
import { Schema } from './schema';
import type { TableClass } from '../tables/user-table';

/** Something that has a connection: an Instance, a Schema. */
export interface HasConnection {
  readonly connection: Connection;
}

/** Options of {@link virtualSchema}. */
export interface VirtualSchemaOptions {
  /** The Instance to read through (or give `connection`). */
  instance?: HasConnection;
  /** The connection to read through. */
  connection?: Connection;
  /** Create the schema when it does not exist (default false: a missing schema is an error). */
  createSchema?: boolean;
  /** Let classes bound to the returned schema declare new tables (default false: read the database as it is). */
  createTables?: boolean;
}

/**
 * A module-like object: the spawned table classes by class name (parts as static
 * properties of their masters) and, not enumerated with them, the `schema` they are bound to.
 */
export type VirtualModule = Readonly<Record<string, TableClass>> & { readonly schema: Schema };

/**
 * Names of the DataJoint schemas on the server: MySQL databases or PostgreSQL schemas the
 * user can see, system schemas left out (on PostgreSQL `public` only when it holds tables),
 * sorted by code point.
 */
export async function listSchemas(source: Connection | HasConnection): Promise<string[]> {
  const connection = 'introspector' in source ? source : source.connection;
  // sorted here, by code point, rather than by each server's collation
  return (await connection.introspector.listSchemas(connection)).sort();
}

/**
 * Table classes for every table of an existing schema, as datajoint-python's
 * `virtual_schema(name)` makes them: `const lab = await virtualSchema('lab', { instance });
 * await lab.Subject.toDicts()`. By default the schema is neither created nor extended.
 * @throws DataJointError when the schema does not exist (and `createSchema` is not set), or no connection is given.
 */
export async function virtualSchema(name: string, options: VirtualSchemaOptions): Promise<VirtualModule> {
  const { createSchema = false, createTables = false } = options;
  const connection = options.connection ?? options.instance?.connection;
  if (!connection) throw new DataJointError(`virtualSchema('${name}') needs a connection: pass { instance } or { connection }.`);
  const schema = new Schema(name, { connection, createSchema, createTables });
  const classes = await schema.spawnTables({ createSchema });
  const module: Record<string, unknown> = { ...classes };
  Object.defineProperty(module, 'schema', { value: schema, enumerable: false });
  Object.defineProperty(module, inspect.custom, {
    value: () => `VirtualModule ${name} { ${Object.keys(classes).join(', ')} }`,
    enumerable: false,
  });
  return Object.freeze(module) as VirtualModule;
}
