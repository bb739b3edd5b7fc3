import type { Dialect } from '../dialect';
import { describeServer } from '../server-settings';
import { postgresAdapter } from './postgres-adapter';
import { PostgresDriver } from './postgres-driver';
import { postgresIntrospector } from './postgres-introspector';
import { POSTGRES_OPTION_NAMES, POSTGRES_SETTING_KEYS, postgresDatabaseOf, postgresDriverSettings } from './postgres-settings';

/** PostgreSQL 14+: a DataJoint schema is a PostgreSQL schema inside `database.name`. */
export const postgresDialect: Dialect = {
  backend: 'postgresql',
  adapter: postgresAdapter,
  introspector: postgresIntrospector,
  connectsToServer: true,
  defaultPort: 5432,
  optionNames: POSTGRES_OPTION_NAMES,
  settingKeys: POSTGRES_SETTING_KEYS,
  checkTarget: (config, given) => void postgresDriverSettings(config, given),
  describeTarget: (config, given) => describeServer(config, given, postgresDatabaseOf(config)),
  ignoredSettings: () => [],
  checkServer: async () => undefined,
  createDriver: (config, given) => new PostgresDriver(postgresDriverSettings(config, given)),
};
