/**
 * The shape of DataJoint's settings. Key names are datajoint-python's, so one
 * `datajoint.json` serves both implementations.
 */
import type { LogLevel } from '../logging/logger';

/** Database backends: `mysql` (MySQL 8, MariaDB), `postgresql`, or embedded `pglite`. */
export type Backend = 'mysql' | 'postgresql' | 'pglite';

/** `database.*` settings. */
export interface DatabaseSettings {
  /** Server host name (`DJ_HOST`). A `host:port` form sets the port too. */
  host: string;
  /** User name (`DJ_USER`, or `.secrets/database.user`). */
  user: string | null;
  /** Password (`DJ_PASS`, or `.secrets/database.password`). Never printed or logged. */
  password: string | null;
  /** Backend (`DJ_BACKEND`). */
  backend: Backend;
  /** Server port (`DJ_PORT`); when never set, 3306 for mysql and 5432 for postgresql. */
  port: number;
  /** PostgreSQL database holding the DataJoint schemas (`DJ_DATABASE_NAME`); `null` means `postgres`. */
  name: string | null;
  /** Re-establish a lost connection outside transactions and retry the query once. */
  reconnect: boolean;
  /** TLS: `true` required, `false` off, `null` try TLS and fall back (`DJ_USE_TLS`). */
  use_tls: boolean | null;
  /** Deprecated in DataJoint 2.x and never applied to names; kept so old files load. */
  database_prefix: string;
  /** Default for `Schema(..., { createTables })` (`DJ_CREATE_TABLES`). */
  create_tables: boolean;
  /**
   * PGlite only: the folder holding the embedded database (`DJ_PGLITE_DIR`);
   * `null` keeps it in memory. TypeScript only; datajoint-python ignores it.
   */
  pglite_dir: string | null;
}

/** `connection.*` settings. */
export interface ConnectionSettings {
  /** MySQL character set passed to the driver; `''` uses the driver's default (utf8mb4). */
  charset: string;
  /**
   * Largest number of pooled server connections per Instance (`DJ_POOL_SIZE`).
   * TypeScript only: a Node process serves many requests at once from one pool.
   */
  pool_size: number;
}

/** `display.*` settings. */
export interface DisplaySettings {
  /** Rows shown by previews. */
  limit: number;
  /** Column width in previews. */
  width: number;
  /** Whether previews print the total row count. */
  show_tuple_count: boolean;
  /** Diagram layout direction (`DJ_DIAGRAM_DIRECTION`). */
  diagram_direction: 'TB' | 'LR';
  /** Diagram colour theme (`DJ_DIAGRAM_THEME`). */
  diagram_theme: 'light' | 'dark' | 'auto';
}

/** `jobs.*` settings (`DJ_JOBS_*`). */
export interface JobsSettings {
  /** Refresh the jobs queue at the start of `populate({ reserveJobs: true })`. */
  auto_refresh: boolean;
  /** Keep `success` rows in the jobs table. */
  keep_completed: boolean;
  /** Seconds after which a reservation is considered stale. */
  stale_timeout: number;
  /** Priority of new jobs, 0–255, lower runs sooner. */
  default_priority: number;
  /** How `version` is recorded: `git` (commit hash), `none`, or `null` (off). */
  version_method: 'git' | 'none' | null;
  /** Allow primary-key attributes of Computed/Imported tables that do not come from foreign keys. */
  allow_new_pk_fields_in_computed_tables: boolean;
  /** Add hidden `_job_*` columns to Computed and Imported tables at declaration. */
  add_job_metadata: boolean;
}

/** `stores`: `stores.default`, `stores.filepath_default` and one object per named store. */
export type StoresSettings = Record<string, unknown>;

/** The settings groups, each addressed as `config.<group>.<key>`. */
export interface SettingsGroups {
  database: DatabaseSettings;
  connection: ConnectionSettings;
  display: DisplaySettings;
  jobs: JobsSettings;
}

/** Settings that are not in a group. */
export interface TopLevelSettings {
  /** Object stores (`DJ_STORES`, a JSON object). */
  stores: StoresSettings;
  /** Logging threshold (`DJ_LOG_LEVEL`). */
  loglevel: LogLevel;
  /** Ask for confirmation before delete and drop (`DJ_SAFEMODE`). */
  safemode: boolean;
  /** Skip `datajoint.json` and the secrets folders (`DJ_IGNORE_CONFIG_FILE`). */
  ignore_config_file: boolean;
  /** Folder for cached query results, or `null`. */
  query_cache: string | null;
  /** Where attachments are downloaded. */
  download_path: string;
}

/** Every setting, nested as in `datajoint.json`. */
export type SettingsTree = SettingsGroups & TopLevelSettings;

/** Names of the settings groups. */
export type GroupName = keyof SettingsGroups;

/** Dotted names of grouped settings, e.g. `'database.host'`. */
export type GroupedSettingKey = {
  [G in GroupName]: `${G}.${Extract<keyof SettingsGroups[G], string>}`;
}[GroupName];

/** Dotted name of any setting: `'database.host'`, `'safemode'`, … */
export type SettingKey = GroupedSettingKey | keyof TopLevelSettings;

/** The value type of a setting, by its dotted name. */
export type SettingValue<K extends SettingKey> = K extends `${infer G}.${infer A}`
  ? G extends GroupName
    ? A extends keyof SettingsGroups[G]
      ? SettingsGroups[G][A]
      : never
    : never
  : K extends keyof TopLevelSettings
    ? TopLevelSettings[K]
    : never;

type Dunder<K extends string> = K extends `${infer G}.${infer A}` ? `${G}__${A}` : K;

/** The attribute names of `group`'s keys among the dotted keys `K` (`'database.name'` → `'name'`). */
type KeysInGroup<K extends GroupedSettingKey, G extends GroupName> = K extends `${G}.${infer A}` ? A : never;

/**
 * Setting overrides without the grouped keys `K`, in none of their forms (`group__key` or a
 * nested group object): what an Instance on a backend that does not read `K` accepts.
 */
export type ConfigOverridesWithout<K extends GroupedSettingKey> = {
  [P in Exclude<GroupedSettingKey, K> as Dunder<P>]?: SettingValue<P>;
} & {
  [G in GroupName]?: Partial<Omit<SettingsGroups[G], KeysInGroup<K, G>>>;
} & Partial<TopLevelSettings>;

/**
 * Setting overrides as accepted by `new dj.Instance({...})` and `config.override()`:
 * top-level keys, `group__key` keys, or nested group objects.
 */
export type ConfigOverrides = ConfigOverridesWithout<never>;
