/**
 * Tables named on the command line: `schema.table`, where the table is a table name
 * (`session`, `#species`, `session__trial`) or a class name (`Session`, `Session.Trial`).
 */
import { DataJointError, type Connection } from '@dj/core';
import { fromCamelCase } from '@dj/core/internal';
import { Schema, type FreeTable } from '@dj/schema';

/** A schema object that reads an existing schema: it creates neither the schema nor tables. */
export function existingSchema(connection: Connection, name: string): Schema {
  if (!name) throw new DataJointError('A schema name is required.');
  return new Schema(name, { connection, createSchema: false, createTables: false });
}

/** Splits `schema.table` at its first dot. */
export function splitAddress(address: string): { schema: string; table: string } {
  const dot = address.indexOf('.');
  if (dot <= 0 || dot === address.length - 1) {
    throw new DataJointError(`Name a table as schema.table (e.g. lab.Session or lab.session), not "${address}".`);
  }
  return { schema: address.slice(0, dot), table: address.slice(dot + 1) };
}

/**
 * The table `address` names.
 * @throws DataJointError when the schema or the table does not exist.
 */
export async function findTable(connection: Connection, address: string): Promise<FreeTable> {
  const { schema, table } = splitAddress(address);
  // `Master.Part` names the part table `master__part` (tier prefix found as for any name)
  const name = /^[A-Z]\w*\.[A-Z]\w*$/.test(table)
    ? table
        .split('.')
        .map((n) => fromCamelCase(n))
        .join('__')
    : table;
  const found = await existingSchema(connection, schema).getTable(name);
  await found.ready();
  return found;
}
