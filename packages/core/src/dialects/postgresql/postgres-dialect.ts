import { describeServer, serverTarget } from '../../connection/connection-target';
import type { Config } from '../../settings/config';
import type { Dialect } from '../dialect';
import type { DriverSettings } from '../driver';
import { postgresAdapter } from './postgres-adapter';
import { PostgresDriver } from './postgres-driver';
import { postgresIntrospector } from './postgres-introspector';

/** PostgreSQL 14+: a DataJoint schema is a PostgreSQL schema inside `database.name`. */
export const postgresDialect: Dialect = {
  backend: 'postgresql',
  adapter: postgresAdapter,
  introspector: postgresIntrospector,
  connectsToServer: true,
  target: (config, given) => serverTarget(config, given, databaseOf(config)),
  describeTarget: (config, given) => describeServer(config, given, databaseOf(config)),
  ignoredSettings: () => [],
  checkServer: async () => undefined,
  createDriver: (settings: DriverSettings) => new PostgresDriver(settings),
};

/** The database a PostgreSQL connection opens (`database.name`, default `postgres`). */
function databaseOf(config: Config): string {
  return config.database.name ?? 'postgres';
}
