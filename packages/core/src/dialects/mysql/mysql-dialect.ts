import type { Dialect } from '../dialect';
import type { DriverSettings } from '../driver';
import { mysqlAdapter } from './mysql-adapter';
import { MysqlDriver } from './mysql-driver';
import { mysqlIntrospector } from './mysql-introspector';

/** MySQL 8 and MariaDB 10.11+: a DataJoint schema is a database. */
export const mysqlDialect: Dialect = {
  backend: 'mysql',
  adapter: mysqlAdapter,
  introspector: mysqlIntrospector,
  createDriver: (settings: DriverSettings) => new MysqlDriver(settings),
};
