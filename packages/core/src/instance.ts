import { inspect } from 'node:util';
import { Connection, type TlsSetting } from './connection/connection';
import { dialectFor } from './dialects/dialect-registry';
import { DataJointError } from './errors';
import { Config } from './settings/config';
import type { Backend, ConfigOverrides } from './settings/settings';

/**
 * Options of {@link Instance}: connection parameters plus any setting override, given as a
 * top-level key (`safemode: false`), a `group__key` key (`database__reconnect: false`) or a
 * nested group (`display: { limit: 25 }`).
 */
export type InstanceOptions = ConfigOverrides & {
  /** Server host (required for mysql and postgresql). */
  host?: string;
  /** User name (required for mysql and postgresql). */
  user?: string;
  /** Password (required for mysql and postgresql; may be empty). */
  password?: string;
  /** Port; defaults to 3306 for mysql and 5432 for postgresql. An explicit port always wins. */
  port?: number;
  /** TLS: `true` required, `false` off, Node TLS options, or `null`/absent to try TLS and fall back. */
  useTls?: TlsSetting | null;
  /** `mysql` (default from config), `postgresql` or `pglite`. */
  backend?: Backend;
  /** PGlite only: an existing `PGlite` database for this Instance to own. */
  pglite?: unknown;
};

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

  constructor(options: InstanceOptions = {}) {
    const { host, user, password, port, useTls, backend, pglite, ...overrides } = options;
    const config = Config.create();
    if (backend !== undefined) {
      config.set('database.backend', backend);
      if (port === undefined && !hasPortOverride(overrides)) config.reset('database.port');
    }
    config.update(overrides);
    const effectiveBackend = config.database.backend;
    if (dialectFor(effectiveBackend).connectsToServer) {
      const missing = Object.entries({ host, user, password })
        .filter(([, value]) => value === undefined)
        .map(([key]) => key);
      if (missing.length > 0) {
        throw new DataJointError(`dj.Instance requires ${missing.join(', ')} for the ${effectiveBackend} backend.`);
      }
    }
    if (host !== undefined) config.set('database.host', host);
    if (user !== undefined) config.set('database.user', user);
    if (password !== undefined) config.set('database.password', password);
    if (port !== undefined) config.set('database.port', port);
    this.config = config;
    this.connection = new Connection(config, { useTls, pglite });
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
