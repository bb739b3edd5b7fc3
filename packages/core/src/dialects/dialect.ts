/**
 * A dialect bundles what one backend needs: its adapter (SQL facts), its introspector
 * (catalog queries) and a factory for its driver (the session pool).
 */
import type { ConnectionTarget, Credentials } from '../connection/connection-target';
import type { Logger } from '../logging/logger';
import type { Config } from '../settings/config';
import type { Backend } from '../settings/settings';
import type { Adapter } from './adapter';
import type { Driver, DriverSession, DriverSettings } from './driver';
import type { Introspector } from './introspector';

export interface Dialect {
  readonly backend: Backend;
  readonly adapter: Adapter;
  readonly introspector: Introspector;
  /**
   * Whether the backend is a server reached over the network (MySQL, PostgreSQL), so that
   * `dj.Instance` must be given host, user and password; `false` for PGlite, a database
   * inside this process.
   */
  readonly connectsToServer: boolean;
  /**
   * Where a connection with `config` goes (credentials in `given` first): the server and
   * its database, or PGlite's folder.
   * @throws DataJointError when the backend needs credentials that are not configured.
   */
  target(config: Config, given: Credentials): ConnectionTarget;
  /** The target as printed (`user@host:port/postgres`, `pglite:memory`); never throws. */
  describeTarget(config: Config, given: Credentials): string;
  /** Warnings about settings this backend ignores, given when its pool is created. */
  ignoredSettings(config: Config): string[];
  /** Checks the server on the first session of a connection (MySQL: warns about MariaDB). */
  checkServer(session: DriverSession, logger: Logger): Promise<void>;
  /** The session pool for `target`. */
  createDriver(settings: DriverSettings): Driver;
}
