/**
 * A dialect bundles what one backend needs: its adapter (SQL facts), its introspector
 * (catalog queries), the options and settings it reads, and a factory for its driver (the
 * session pool), opened with the backend's own settings type.
 */
import type { ConnectionOptions } from '../connection/connection';
import type { Logger } from '../logging/logger';
import type { Config } from '../settings/config';
import type { Backend, GroupedSettingKey } from '../settings/settings';
import type { Adapter } from './adapter';
import type { Driver, DriverSession } from './driver';
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
  /** The port `database.port` means while it is unset. */
  readonly defaultPort: number;
  /** The options of `dj.Instance` (and `Connection`) this backend takes, beyond settings (`host`, `useTls`, `pglite`, …). */
  readonly optionNames: readonly string[];
  /** The settings this backend reads that not every backend reads (`database.name`, `connection.charset`, …). */
  readonly settingKeys: readonly GroupedSettingKey[];
  /**
   * Checks that `config` and the options `given` (which take precedence) say where to
   * connect, without connecting.
   * @throws DataJointError when the backend needs credentials that are not configured.
   */
  checkTarget(config: Config, given: ConnectionOptions): void;
  /** The target as printed (`user@host:port/postgres`, `pglite:memory`); never throws. */
  describeTarget(config: Config, given: ConnectionOptions): string;
  /** Warnings about settings this backend ignores, given when its pool is created. */
  ignoredSettings(config: Config): string[];
  /** Checks the server on the first session of a connection (MySQL: warns about MariaDB). */
  checkServer(session: DriverSession, logger: Logger): Promise<void>;
  /**
   * The session pool, opened with this backend's own settings, read from `config` and the
   * options `given` (which take precedence). Nothing connects until a session is acquired.
   * @throws DataJointError when the backend needs credentials that are not configured.
   */
  createDriver(config: Config, given: ConnectionOptions): Driver;
}
