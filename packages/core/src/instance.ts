import { inspect } from 'node:util';
import { Connection, type ConnectionOptions } from './connection/connection';
import { assertOptionsApply, namesBackend } from './dialects/backend-options';
import { dialectFor } from './dialects/dialect-registry';
import type { MysqlInstanceOptions } from './dialects/mysql/mysql-settings';
import type { PgliteInstanceOptions } from './dialects/pglite/pglite-settings';
import type { PostgresInstanceOptions } from './dialects/postgresql/postgres-settings';
import { DataJointError } from './errors';
import { Config } from './settings/config';
import type { Backend, ConfigOverrides } from './settings/settings';

export type { MysqlInstanceOptions, PgliteInstanceOptions, PostgresInstanceOptions };

/**
 * Options of an {@link Instance} that does not name its backend: the backend comes from
 * the settings (`database.backend`: `DJ_BACKEND`, `datajoint.json`; default `mysql`). Every
 * option is accepted by the type; those the backend does not take are refused when the
 * Instance is built.
 */
export type ConfiguredBackendInstanceOptions = { backend?: undefined } & ConnectionOptions & ConfigOverrides;

/**
 * Options of {@link Instance}: the backend, connection parameters and any setting
 * override, given as a top-level key (`safemode: false`), a `group__key` key
 * (`database__reconnect: false`) or a nested group (`display: { limit: 25 }`).
 *
 * Naming the backend picks the options it takes, so that the compiler refuses the others:
 * - `backend: 'mysql'` ({@link MysqlInstanceOptions}) and `backend: 'postgresql'`
 *   ({@link PostgresInstanceOptions}): `host`, `user`, `password` (required), `port`,
 *   `useTls`; only PostgreSQL reads `database__name`, only MySQL `connection__charset`.
 * - `backend: 'pglite'` ({@link PgliteInstanceOptions}): `pglite` and
 *   `database__pglite_dir`; no server options.
 * - no `backend` ({@link ConfiguredBackendInstanceOptions}): any of them, checked against
 *   the configured backend when the Instance is built.
 *
 * At run time an option the backend does not take is refused with a `DataJointError`
 * naming it as written (`host`, `database__name`, `database.name`).
 */
export type InstanceOptions = MysqlInstanceOptions | PostgresInstanceOptions | PgliteInstanceOptions | ConfiguredBackendInstanceOptions;

/** Every option of every backend, as the constructor reads them once the backend is checked. */
type AnyInstanceOptions = { backend?: Backend } & ConnectionOptions & ConfigOverrides;

function hasPortOverride(overrides: Record<string, unknown>): boolean {
  const database = overrides.database as Record<string, unknown> | undefined;
  return overrides.database__port !== undefined || database?.port !== undefined;
}

/**
 * An isolated DataJoint context: its own {@link Config} (built fresh from environment,
 * `datajoint.json` and secrets, then overridden) and its own {@link Connection}. Nothing it
 * does reads or changes `dj.config`, and two Instances never share settings or sessions.
 *
 * @example
 * ```ts
 * const inst = new dj.Instance({ host: '127.0.0.1', user: 'root', password: '', safemode: false });
 * inst.config.display.limit = 25;   // this instance only
 * const schema = inst.Schema('lab');
 * await inst.close();
 * ```
 */
export class Instance {
  /** This Instance's settings; `connection.config` is the same object. */
  readonly config: Config;
  /** This Instance's connection. */
  readonly connection: Connection;

  /**
   * @throws DataJointError for an unknown setting or an invalid value, an option the
   * backend named in the options does not take (where the environment or `datajoint.json`
   * chose the backend, such options are ignored with a warning), or (on a server backend) a
   * missing host, user or password.
   */
  constructor(options: InstanceOptions = {}) {
    const given: AnyInstanceOptions = options;
    const { host, user, password, port, useTls, backend, pglite, ...overrides } = given;
    const config = Config.create();
    if (backend !== undefined) {
      config.set('database.backend', backend);
      if (port === undefined && !hasPortOverride(overrides)) config.reset('database.port');
    }
    config.update(overrides);
    const dialect = dialectFor(config.database.backend);
    // options for another backend are an error where the options chose the backend, and
    // only a warning where the environment or datajoint.json did
    assertOptionsApply(dialect, given, namesBackend(given) ? undefined : (message) => config.logger.warn(message));
    if (dialect.connectsToServer) {
      const missing = Object.entries({ host, user, password })
        .filter(([, value]) => value === undefined)
        .map(([key]) => key);
      if (missing.length > 0) {
        throw new DataJointError(`dj.Instance requires ${missing.join(', ')} for the ${dialect.backend} backend.`);
      }
    }
    if (host !== undefined) config.set('database.host', host);
    if (user !== undefined) config.set('database.user', user);
    if (password !== undefined) config.set('database.password', password);
    if (port !== undefined) config.set('database.port', port);
    this.config = config;
    this.connection = new Connection(config, dialect.connectsToServer ? { useTls } : { pglite });
  }

  /** Closes this Instance's connection pool (and its PGlite database). */
  async close(): Promise<void> {
    await this.connection.close();
  }

  /** `Instance(<connection>)`, for logs and the REPL. */
  toString(): string {
    return `Instance(${this.connection})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
