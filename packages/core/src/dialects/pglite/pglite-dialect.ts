import type { Dialect } from '../dialect';
import type { DriverSettings } from '../driver';
import { postgresIntrospector } from '../postgresql/postgres-introspector';
import { pgliteAdapter } from './pglite-adapter';
import { PgliteDriver } from './pglite-driver';

/** Embedded PostgreSQL: the SQL of `postgresql` (text fetched around a PGlite quirk), a single in-process session. */
export const pgliteDialect: Dialect = {
  backend: 'pglite',
  adapter: pgliteAdapter,
  introspector: postgresIntrospector,
  createDriver: (settings: DriverSettings) => new PgliteDriver(settings),
};
