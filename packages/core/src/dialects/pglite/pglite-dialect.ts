import type { Dialect } from '../dialect';
import { postgresIntrospector } from '../postgresql/postgres-introspector';
import { pgliteAdapter } from './pglite-adapter';
import { PgliteDriver } from './pglite-driver';
import { PGLITE_OPTION_NAMES, PGLITE_SETTING_KEYS, pgliteDriverSettings } from './pglite-settings';

/** Embedded PostgreSQL: the SQL of `postgresql` (text fetched around a PGlite quirk), a single in-process session. */
export const pgliteDialect: Dialect = {
  backend: 'pglite',
  adapter: pgliteAdapter,
  introspector: postgresIntrospector,
  connectsToServer: false,
  // what `database.port` reads; PGlite listens on none
  defaultPort: 5432,
  optionNames: PGLITE_OPTION_NAMES,
  settingKeys: PGLITE_SETTING_KEYS,
  // an in-process database: always reachable, no credentials
  checkTarget: () => undefined,
  describeTarget: (config) => `pglite:${config.database.pglite_dir ?? 'memory'}`,
  ignoredSettings: () => [],
  checkServer: async () => undefined,
  createDriver: (config, given) => new PgliteDriver(pgliteDriverSettings(config, given)),
};
