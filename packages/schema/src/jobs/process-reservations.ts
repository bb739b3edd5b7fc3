/**
 * The jobs this process holds, per jobs table. A reservation records the worker's host and
 * process id, which every populate running in one process shares (a server runs many at
 * once); this record tells those calls apart, so that a batch only partly reserved is
 * credited to the call that reserved it. Reservations of one table are made one call at a
 * time within a process (each is a statement or two), which keeps the record exact.
 */
import type { Connection } from '@dj/core';

/** The jobs of one table this process holds, and the reservation in progress. */
export interface TableReservations {
  /** Keys (see `keyId`) reserved by this process and not yet completed, failed or released. */
  readonly held: Set<string>;
  /** Settles when the reservation in progress is over. */
  turn: Promise<unknown>;
}

const byConnection = new WeakMap<Connection, Map<string, TableReservations>>();

/** The record of the jobs table `fullTableName` on `connection`. */
export function reservationsOf(connection: Connection, fullTableName: string): TableReservations {
  const tables = byConnection.get(connection) ?? new Map<string, TableReservations>();
  byConnection.set(connection, tables);
  let found = tables.get(fullTableName);
  if (!found) {
    found = { held: new Set(), turn: Promise.resolve() };
    tables.set(fullTableName, found);
  }
  return found;
}

/** Runs `fn` once the reservation in progress on this table is over; the next waits for it. */
export function inTurn<T>(reservations: TableReservations, fn: () => Promise<T>): Promise<T> {
  const run = reservations.turn.then(fn, fn);
  reservations.turn = run.catch(() => undefined);
  return run;
}
