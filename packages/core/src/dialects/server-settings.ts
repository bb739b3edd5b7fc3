/**
 * What the two server backends (MySQL, PostgreSQL) share in their settings: the options
 * that say which server to reach as whom, the settings keys behind them, and the part of
 * their drivers' settings built from those. PGlite reads none of it.
 */
import { DataJointError } from '../errors';
import type { Config } from '../settings/config';
import type { GroupedSettingKey } from '../settings/settings';
import type { PoolSettings } from './pool-driver';

/** TLS: `true` (required, certificate not verified), `false`, or Node TLS options. */
export type TlsSetting = boolean | Record<string, unknown>;

/**
 * Options of an Instance (or Connection) on a database server: they take precedence over
 * the `database.*` settings of the same meaning.
 */
export interface ServerConnectionOptions {
  /** Server host (`database.host`); a `host:port` form sets the port too. Required by `dj.Instance`. */
  host?: string;
  /** User name (`database.user`). Required by `dj.Instance`. */
  user?: string;
  /** Password (`database.password`; may be empty). Required by `dj.Instance`. */
  password?: string;
  /** Port (`database.port`); defaults to the backend's (3306 for mysql, 5432 for postgresql). An explicit port always wins. */
  port?: number;
  /** TLS: `true` required, `false` off, Node TLS options, or `null`/absent to try TLS and fall back (`database.use_tls`, which cannot hold TLS options). */
  useTls?: TlsSetting | null;
}

/** The names of {@link ServerConnectionOptions}, at run time (the `satisfies` keeps them complete). */
export const SERVER_OPTION_NAMES = Object.keys({
  host: true,
  user: true,
  password: true,
  port: true,
  useTls: true,
} satisfies Record<keyof ServerConnectionOptions, true>) as ReadonlyArray<keyof ServerConnectionOptions>;

/** The settings only server backends read. */
export const SERVER_SETTING_KEYS = [
  'database.host',
  'database.port',
  'database.user',
  'database.password',
  'database.use_tls',
] as const satisfies readonly GroupedSettingKey[];

/** What a server driver opens its sessions with. */
export interface ServerDriverSettings extends PoolSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** Host and port from the settings or `given`; a `host:port` host sets the port (bracket IPv6 literals: `[::1]:3306`). */
function hostAndPort(db: { host: string; port: number }): { host: string; port: number } {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(db.host);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : db.port };
  if (/^[^:]+:\d+$/.test(db.host)) {
    const [name, portText] = db.host.split(':');
    return { host: name!, port: Number(portText) };
  }
  return { host: db.host, port: db.port };
}

/** The `database.*` settings with the options `given` laid over them. */
function serverOf(config: Config, given: ServerConnectionOptions) {
  const { host, user, password, port } = config.database;
  return {
    host: given.host ?? host,
    user: given.user ?? user,
    password: given.password ?? password,
    port: given.port ?? port,
  };
}

/**
 * The server settings of a driver: the server and credentials of `config`, `given` taking
 * precedence, its TLS choice, pool size and logger.
 * @throws DataJointError when no user or password is configured.
 */
export function serverDriverSettings(config: Config, given: ServerConnectionOptions): ServerDriverSettings {
  const db = serverOf(config, given);
  if (db.user === null) {
    throw new DataJointError('Database user not configured. Set config.database.user, the DJ_USER environment variable, or pass user.');
  }
  if (db.password === null) {
    throw new DataJointError(
      'Database password not configured. Set config.database.password, the DJ_PASS environment variable, or pass password.',
    );
  }
  return {
    ...hostAndPort(db),
    user: db.user,
    password: db.password,
    tls: given.useTls !== undefined ? given.useTls : config.database.use_tls,
    poolSize: config.connection.pool_size,
    logger: config.logger,
  };
}

/** `user@host:port[/database]` for the settings and the options `given`, whether or not they are complete. */
export function describeServer(config: Config, given: ServerConnectionOptions, database: string | null): string {
  const db = serverOf(config, given);
  const { host, port } = hostAndPort(db);
  return `${db.user ?? ''}@${host}:${port}${database === null ? '' : `/${database}`}`;
}
