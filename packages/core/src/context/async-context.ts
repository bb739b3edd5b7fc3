/**
 * Values that follow the async context: the open transaction of each connection, and the
 * tenant a request runs for. One AsyncLocalStorage holds them all, keyed by owner: every
 * enabled storage adds work to each promise the process creates, so each concern having
 * its own would slow every query.
 *
 * @internal Shared by the DataJoint packages; not part of the public API.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<ReadonlyMap<object, unknown>>();

/** The value `key` has in the current async context, if any. */
export function contextValue<T>(key: object): T | undefined {
  return storage.getStore()?.get(key) as T | undefined;
}

/**
 * Calls `fn` with `key` set to `value` in its async context (other keys keep theirs) and
 * returns what it returns; promises it creates carry the value on.
 */
export function withContextValue<T>(key: object, value: unknown, fn: () => T): T {
  return withContextValues([[key, value]], fn);
}

/** As {@link withContextValue}, for several keys in one scope (each scope opened costs the promises made inside it). */
export function withContextValues<T>(entries: Iterable<readonly [object, unknown]>, fn: () => T): T {
  const values = new Map(storage.getStore() ?? []);
  for (const [key, value] of entries) values.set(key, value);
  return storage.run(values, fn);
}

/** A scope of fixed values, entered many times: see {@link preparedScope}. */
export type PreparedScope = <T>(fn: () => T) => T;

/**
 * {@link withContextValues} for values known in advance (a tenant's, entered by every
 * request): where no other value is set, each entry reuses one map instead of building one.
 */
export function preparedScope(entries: Iterable<readonly [object, unknown]>): PreparedScope {
  const own: ReadonlyMap<object, unknown> = new Map(entries);
  return (fn) => (storage.getStore() ? withContextValues(own, fn) : storage.run(own, fn));
}
