/**
 * PostgreSQL's settings: what `new dj.Instance({ backend: 'postgresql', … })` accepts, and
 * what its driver is opened with (the server, credentials and TLS every server takes, and
 * the database holding the DataJoint schemas).
 */
import type { Config } from '../../settings/config';
import type { BackendConfigOverrides } from '../backend-options';
import { SERVER_OPTION_NAMES, SERVER_SETTING_KEYS, serverDriverSettings, type ServerConnectionOptions, type ServerDriverSettings } from '../server-settings';

/** The settings PostgreSQL reads that not every backend reads. */
export const POSTGRES_SETTING_KEYS = [...SERVER_SETTING_KEYS, 'database.name'] as const;

/** The Instance options PostgreSQL takes beyond settings. */
export const POSTGRES_OPTION_NAMES = SERVER_OPTION_NAMES;

/**
 * Options of `new dj.Instance({ backend: 'postgresql', … })`: host, user and password
 * (required), port, `useTls`, and any setting PostgreSQL reads (`database__name`,
 * `safemode`, …; not MySQL's `connection__charset` nor PGlite's `database__pglite_dir`).
 */
export type PostgresInstanceOptions = { backend: 'postgresql' } & ServerConnectionOptions &
  BackendConfigOverrides<(typeof POSTGRES_SETTING_KEYS)[number]>;

/** What the PostgreSQL driver opens its sessions with. */
export interface PostgresDriverSettings extends ServerDriverSettings {
  /** The database the sessions open (`database.name`, default `postgres`). */
  readonly database: string;
}

/** The database a PostgreSQL connection opens (`database.name`, default `postgres`). */
export function postgresDatabaseOf(config: Config): string {
  return config.database.name ?? 'postgres';
}

/**
 * The PostgreSQL driver's settings from `config`, the options `given` taking precedence.
 * @throws DataJointError when no user or password is configured.
 */
export function postgresDriverSettings(config: Config, given: ServerConnectionOptions): PostgresDriverSettings {
  return { ...serverDriverSettings(config, given), database: postgresDatabaseOf(config) };
}
