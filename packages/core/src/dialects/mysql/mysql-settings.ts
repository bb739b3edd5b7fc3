/**
 * MySQL's settings: what `new dj.Instance({ backend: 'mysql', … })` accepts, and what its
 * driver is opened with (the server, credentials and TLS every server takes, and the
 * character set).
 */
import type { Config } from '../../settings/config';
import type { BackendConfigOverrides } from '../backend-options';
import { SERVER_OPTION_NAMES, SERVER_SETTING_KEYS, serverDriverSettings, type ServerConnectionOptions, type ServerDriverSettings } from '../server-settings';

/** The settings MySQL reads that not every backend reads. */
export const MYSQL_SETTING_KEYS = [...SERVER_SETTING_KEYS, 'connection.charset'] as const;

/** The Instance options MySQL takes beyond settings. */
export const MYSQL_OPTION_NAMES = SERVER_OPTION_NAMES;

/**
 * Options of `new dj.Instance({ backend: 'mysql', … })`: host, user and password (required),
 * port, `useTls`, and any setting MySQL reads (`connection__charset`, `safemode`, …; not
 * PostgreSQL's `database__name` nor PGlite's `database__pglite_dir`).
 */
export type MysqlInstanceOptions = { backend: 'mysql' } & ServerConnectionOptions & BackendConfigOverrides<(typeof MYSQL_SETTING_KEYS)[number]>;

/** What the MySQL driver opens its sessions with. */
export interface MysqlDriverSettings extends ServerDriverSettings {
  /** Character set of the sessions (`connection.charset`); `''` for mysql2's default (utf8mb4). */
  readonly charset: string;
}

/**
 * The MySQL driver's settings from `config`, the options `given` taking precedence.
 * @throws DataJointError when no user or password is configured.
 */
export function mysqlDriverSettings(config: Config, given: ServerConnectionOptions): MysqlDriverSettings {
  return { ...serverDriverSettings(config, given), charset: config.connection.charset };
}
