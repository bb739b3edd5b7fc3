/**
 * Headings read from the catalog, cached per connection (settings and sessions are per
 * connection, and so is what its catalog looks like). Any DDL clears the cache.
 */
import type { Connection } from '../connection/connection';
import type { Heading } from './heading';

const caches = new WeakMap<Connection, Map<string, Promise<Heading>>>();

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
  caches.get(connection)?.clear();
}

export function headingCacheKey(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}
