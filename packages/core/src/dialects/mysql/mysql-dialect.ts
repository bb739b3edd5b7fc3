import type { Dialect } from '../dialect';
import { describeServer } from '../server-settings';
import { mysqlAdapter } from './mysql-adapter';
import { MysqlDriver } from './mysql-driver';
import { mysqlIntrospector } from './mysql-introspector';
import { MYSQL_OPTION_NAMES, MYSQL_SETTING_KEYS, mysqlDriverSettings } from './mysql-settings';

/** Whether the MariaDB warning was given (once per process, as datajoint-python does). */
let mariadbWarned = false;

/** MySQL 8 and MariaDB 10.11+: a DataJoint schema is a database. */
export const mysqlDialect: Dialect = {
  backend: 'mysql',
  adapter: mysqlAdapter,
  introspector: mysqlIntrospector,
  connectsToServer: true,
  defaultPort: 3306,
  optionNames: MYSQL_OPTION_NAMES,
  settingKeys: MYSQL_SETTING_KEYS,
  checkTarget: (config, given) => void mysqlDriverSettings(config, given),
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
  createDriver: (config, given) => new MysqlDriver(mysqlDriverSettings(config, given)),
};
