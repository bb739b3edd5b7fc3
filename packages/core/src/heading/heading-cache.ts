/**
 * Headings read from the catalog, cached per connection (settings and sessions are per
 * connection, and so is what its catalog looks like). Any DDL clears the cache.
 */
import type { Connection } from '../connection/connection';
import type { Heading } from './heading';

const caches = new WeakMap<Connection, Map<string, Promise<Heading>>>();
/** Other things read from the catalog (a dependency graph), under their own keys; cleared with the headings. */
const memos = new WeakMap<Connection, Map<string, Promise<unknown>>>();

/** The heading cache of a connection, keyed by `schema\0table`. */
export function headingCache(connection: Connection): Map<string, Promise<Heading>> {
  let cache = caches.get(connection);
  if (!cache) {
    cache = new Map();
    caches.set(connection, cache);
  }
  return cache;
}

/** Forgets every cached heading of a connection (after DDL). */
export function clearHeadingCache(connection: Connection): void {
  // a fresh map: loads still under way complete into the old one, which nothing reads any more
  caches.delete(connection);
  memos.delete(connection);
}

/**
 * Forgets one table's cached heading and everything derived from the whole catalog (a
 * dependency graph), keeping the other headings: after DDL that creates a table, which
 * changes no other table's heading.
 * @internal
 */
export function clearTableHeading(connection: Connection, schema: string, table: string): void {
  forgetCatalogReads(connection);
  const cache = caches.get(connection);
  if (!cache) return;
  cache.delete(headingCacheKey(schema, table));
  // the schema's `~lineage` table may have just been created: headings read without it are stale
  const prefix = headingCacheKey(schema, '');
  for (const [key, pending] of cache) {
    if (!key.startsWith(prefix)) continue;
    pending.then(
      (heading) => {
        if (!heading.lineageAvailable && cache.get(key) === pending) cache.delete(key);
      },
      () => undefined,
    );
  }
}

/**
 * Forgets what was read from the whole catalog (dependency graphs, shared catalog reads),
 * keeping the headings.
 * @internal
 */
export function forgetCatalogReads(connection: Connection): void {
  memos.delete(connection);
}

/**
 * `load()`'s result, read once per connection until the next DDL clears the cache (a failed
 * load is forgotten). `key` names what is read and from which schemas.
 * @internal
 */
export function catalogMemo<T>(connection: Connection, key: string, load: () => Promise<T>): Promise<T> {
  let memo = memos.get(connection);
  if (!memo) {
    memo = new Map();
    memos.set(connection, memo);
  }
  const cached = memo.get(key) as Promise<T> | undefined;
  if (cached) return cached;
  const pending = load();
  const owner = memo;
  owner.set(key, pending);
  pending.catch(() => owner.delete(key));
  return pending;
}

export function headingCacheKey(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}
