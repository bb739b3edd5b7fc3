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
  createDriver: (settings: DriverSettings) => new PostgresDriver(settings),
};
