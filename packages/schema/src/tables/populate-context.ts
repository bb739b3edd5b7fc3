/**
 * Which table's `make()` the current async context is running, so that inserts into
 * Computed and Imported tables are allowed there and refused elsewhere.
 */
import { contextValue, withContextValue } from '@dj/core/internal';
import { DataJointError } from '@dj/core';

/** Identifies a table across its instances: schema and table name. */
export interface TableIdentity {
  readonly schemaName: string;
  readonly tableName: string;
}

/** The `make()` call running: its table, and the key it computes. */
export interface MakeCall extends TableIdentity {
  readonly key?: Readonly<Record<string, unknown>>;
  /** What `this.upstream` built for this call (shared by the phases of a three-part make). */
  upstream?: unknown;
}

/**
 * The async-context key of the running `make()` call. It lives in core's one async-context
 * storage (next to the open transaction): a storage of its own would add work to every
 * promise the process creates.
 */
const MAKING: object = Object.freeze({ description: 'the make() call running' });

function currentMake(): MakeCall | undefined {
  return contextValue<MakeCall>(MAKING);
}

/** Runs `fn` as the `make()` of `table`: it and its part tables accept inserts. */
export function runAsMake<T>(table: MakeCall, fn: () => Promise<T>): Promise<T> {
  return withContextValue(MAKING, table, fn);
}

/** The `make()` call of `table` running in the current async context, or `undefined`. */
export function currentMakeOf(table: TableIdentity): MakeCall | undefined {
  const current = currentMake();
  return current && current.schemaName === table.schemaName && current.tableName === table.tableName ? current : undefined;
}

/** @throws DataJointError unless the current context is the `make()` of this table or of its master. */
export function assertInsertAllowed(table: TableIdentity): void {
  const current = currentMake();
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
