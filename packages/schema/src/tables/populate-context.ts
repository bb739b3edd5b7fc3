/**
 * Which table's `make()` the current async context is running, so that inserts into
 * Computed and Imported tables are allowed there and refused elsewhere.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataJointError } from '@dj/core';

/** Identifies a table across its instances: schema and table name. */
export interface TableIdentity {
  readonly schemaName: string;
  readonly tableName: string;
}

const making = new AsyncLocalStorage<TableIdentity>();

/** Runs `fn` as the `make()` of `table`: it and its part tables accept inserts. */
export function runAsMake<T>(table: TableIdentity, fn: () => Promise<T>): Promise<T> {
  return making.run(table, fn);
}

/** @throws DataJointError unless the current context is the `make()` of this table or of its master. */
export function assertInsertAllowed(table: TableIdentity): void {
  const current = making.getStore();
  const allowed =
    current !== undefined &&
    current.schemaName === table.schemaName &&
    (table.tableName === current.tableName || table.tableName.startsWith(`${current.tableName}__`));
  if (!allowed) {
    throw new DataJointError(
      'Inserts into an auto-populated table can only be done inside its make method during a populate call. ' +
        'To override, set the insert option allowDirectInsert: true.',
    );
  }
}
