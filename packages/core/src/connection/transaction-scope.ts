import { contextValue, withContextValue } from '../context/async-context';
import type { DriverSession } from '../dialects/driver';

/**
 * The transaction an async context is in. Kept in an async-context storage,
 * so that every query issued inside `connection.transaction(fn)` — however deep, through
 * any table object — runs on the transaction's session.
 */
export interface TransactionScope {
  readonly session: DriverSession;
  /** `open` until commit or rollback; `lost` when the server session died meanwhile. */
  state: 'open' | 'committed' | 'rolled back' | 'lost';
  /**
   * The last statement sent on the session: a session runs one statement at a time, so
   * statements issued concurrently in the transaction's scope wait for each other.
   */
  queue: Promise<unknown>;
  /** Run after the transaction rolls back (undoing what it wrote outside the database). */
  rollbackHooks?: Array<() => Promise<void>>;
}

/** The transaction `connection` has open in the current async context, if any. */
export function currentTransaction(connection: object): TransactionScope | undefined {
  return contextValue<TransactionScope>(connection);
}

/** Runs `fn` with `scope` as `connection`'s open transaction. */
export function runInTransaction<T>(connection: object, scope: TransactionScope, fn: () => Promise<T> | T): Promise<T> {
  return withContextValue(connection, scope, async () => fn());
}
