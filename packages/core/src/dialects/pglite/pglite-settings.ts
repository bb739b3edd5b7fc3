/**
 * PGlite's settings: what `new dj.Instance({ backend: 'pglite', … })` accepts, and what its
 * driver is opened with. PGlite runs inside this process: no server, credentials or TLS.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../settings/config';
import type { BackendConfigOverrides } from '../backend-options';
import type { PoolSettings } from '../pool-driver';

/** The settings PGlite reads that not every backend reads. */
export const PGLITE_SETTING_KEYS = ['database.pglite_dir'] as const;

/** Options of an Instance (or Connection) on PGlite beyond settings. */
export interface PgliteConnectionOptions {
  /** An existing `PGlite` database to use instead of opening one; the Instance takes ownership and closes it. */
  pglite?: PGlite;
}

/** The names of {@link PgliteConnectionOptions}, at run time (the `satisfies` keeps them complete). */
export const PGLITE_OPTION_NAMES = Object.keys({ pglite: true } satisfies Record<keyof PgliteConnectionOptions, true>) as ReadonlyArray<
  keyof PgliteConnectionOptions
>;

/**
 * Options of `new dj.Instance({ backend: 'pglite', … })`: an existing `pglite` database, and
 * any setting PGlite reads (`database__pglite_dir`, `safemode`, …; no host, user, password,
 * port or TLS, which only servers have).
 */
export type PgliteInstanceOptions = { backend: 'pglite' } & PgliteConnectionOptions & BackendConfigOverrides<(typeof PGLITE_SETTING_KEYS)[number]>;

/** What the PGlite driver opens its database with. */
export interface PgliteDriverSettings extends PoolSettings {
  /** Folder of the database (`database.pglite_dir`), or `null` for memory. */
  readonly dataDir: string | null;
  /** An existing database to use instead of opening one. */
  readonly database: PGlite | undefined;
}

/** The PGlite driver's settings from `config` and the options `given`. */
export function pgliteDriverSettings(config: Config, given: PgliteConnectionOptions): PgliteDriverSettings {
  return {
    dataDir: config.database.pglite_dir,
    database: given.pglite,
    // one in-process session (a transaction holds it, everything else waits), nothing to encrypt
    poolSize: 1,
    tls: false,
    logger: config.logger,
  };
}
