import { describeServer, serverTarget } from '../../connection/connection-target';
import type { Dialect } from '../dialect';
import type { DriverSettings } from '../driver';
import { mysqlAdapter } from './mysql-adapter';
import { MysqlDriver } from './mysql-driver';
import { mysqlIntrospector } from './mysql-introspector';

/** Whether the MariaDB warning was given (once per process, as datajoint-python does). */
let mariadbWarned = false;

/** MySQL 8 and MariaDB 10.11+: a DataJoint schema is a database. */
export const mysqlDialect: Dialect = {
  backend: 'mysql',
  adapter: mysqlAdapter,
  introspector: mysqlIntrospector,
  connectsToServer: true,
  target: (config, given) => serverTarget(config, given, null),
  describeTarget: (config, given) => describeServer(config, given, null),
  ignoredSettings: (config) =>
    config.database.name === null
      ? []
      : ['database.name is set but the MySQL backend does not support database selection. This setting only applies to PostgreSQL connections.'],
  async checkServer(session, logger) {
    if (mariadbWarned) return;
    const { rows } = await session.query('SELECT @@version AS version', []);
    const version = String(rows[0]?.version ?? '');
    if (!version.includes('MariaDB')) return;
    mariadbWarned = true;
    logger.warn(`MariaDB is not officially supported by DataJoint 2.x (server reports ${version}). Compatibility is best-effort.`);
  },
  createDriver: (settings: DriverSettings) => new MysqlDriver(settings),
};
