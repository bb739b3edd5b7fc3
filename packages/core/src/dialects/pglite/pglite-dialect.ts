import type { Dialect } from '../dialect';
import type { DriverSettings } from '../driver';
import { postgresAdapter } from '../postgresql/postgres-adapter';
import { postgresIntrospector } from '../postgresql/postgres-introspector';
import { PgliteDriver } from './pglite-driver';

/** Embedded PostgreSQL: the SQL of `postgresql`, a single in-process session. */
export const pgliteDialect: Dialect = {
  backend: 'pglite',
  adapter: postgresAdapter,
  introspector: postgresIntrospector,
  createDriver: (settings: DriverSettings) => new PgliteDriver(settings),
};
