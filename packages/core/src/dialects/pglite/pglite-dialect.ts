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
  connectsToServer: false,
  target: (config, given) => ({
    host: 'pglite',
    port: config.database.port,
    user: given.user ?? config.database.user ?? 'postgres',
    password: given.password ?? config.database.password ?? '',
    database: config.database.pglite_dir,
  }),
  describeTarget: (config) => `pglite:${config.database.pglite_dir ?? 'memory'}`,
  ignoredSettings: () => [],
  checkServer: async () => undefined,
  // an in-process database: no TLS to negotiate
  createDriver: (settings: DriverSettings) => new PgliteDriver({ ...settings, tls: false }),
};
