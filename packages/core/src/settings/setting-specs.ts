/**
 * The catalogue of settings: default, parser and environment variable of every key
 * (spec-core §1.1). Keys and variable names are datajoint-python's; `database.pglite_dir`
 * and `connection.pool_size` are this implementation's additions.
 */
import { LOG_LEVELS } from '../logging/logger';
import type { GroupName, SettingKey } from './settings';
import { bool, int, jsonObject, nullable, oneOf, str, type ValueParser } from './value-parsers';

/** How one setting is validated, defaulted and read from the environment. */
export interface SettingSpec {
  readonly key: SettingKey;
  readonly parse: ValueParser<unknown>;
  /** Default value; `database.port` defaults to `null`, meaning "derive from the backend". */
  readonly defaultValue: () => unknown;
  /** Environment variable that sets this key. */
  readonly env?: string;
  /** Masked in every printed form of the config. */
  readonly secret?: boolean;
  /**
   * Whether an empty environment variable sets the empty string rather than being ignored:
   * `DJ_PASS=` is the password of an account without one, as datajoint-python reads it.
   */
  readonly emptyEnvIsValue?: boolean;
}

function spec(
  key: SettingKey,
  parse: ValueParser<unknown>,
  defaultValue: unknown,
  env?: string,
  { secret = false, emptyEnvIsValue = false }: { secret?: boolean; emptyEnvIsValue?: boolean } = {},
): SettingSpec {
  const makeDefault = typeof defaultValue === 'object' && defaultValue !== null
    ? () => structuredClone(defaultValue)
    : () => defaultValue;
  return { key, parse, defaultValue: makeDefault, env, secret, emptyEnvIsValue };
}

/** Every setting, in the order `datajoint.json` templates list them. */
export const SETTING_SPECS: readonly SettingSpec[] = [
  spec('database.host', str, 'localhost', 'DJ_HOST'),
  spec('database.user', nullable(str), null, 'DJ_USER'),
  spec('database.password', nullable(str), null, 'DJ_PASS', { secret: true, emptyEnvIsValue: true }),
  spec('database.backend', oneOf(['mysql', 'postgresql', 'pglite'] as const), 'mysql', 'DJ_BACKEND'),
  spec('database.port', nullable(int({ min: 1, max: 65535 })), null, 'DJ_PORT'),
  spec('database.name', nullable(str), null, 'DJ_DATABASE_NAME'),
  spec('database.reconnect', bool, true, 'DJ_RECONNECT'),
  spec('database.use_tls', nullable(bool), null, 'DJ_USE_TLS'),
  spec('database.database_prefix', str, '', 'DJ_DATABASE_PREFIX'),
  spec('database.create_tables', bool, true, 'DJ_CREATE_TABLES'),
  spec('database.pglite_dir', nullable(str), null, 'DJ_PGLITE_DIR'),
  spec('connection.charset', str, ''),
  spec('connection.pool_size', int({ min: 1 }), 10, 'DJ_POOL_SIZE'),
  spec('display.limit', int({ min: 1 }), 12),
  spec('display.width', int({ min: 1 }), 14),
  spec('display.show_tuple_count', bool, true),
  spec('display.diagram_direction', oneOf(['TB', 'LR'] as const), 'LR', 'DJ_DIAGRAM_DIRECTION'),
  spec('display.diagram_theme', oneOf(['light', 'dark', 'auto'] as const), 'auto', 'DJ_DIAGRAM_THEME'),
  spec('jobs.auto_refresh', bool, true, 'DJ_JOBS_AUTO_REFRESH'),
  spec('jobs.keep_completed', bool, false, 'DJ_JOBS_KEEP_COMPLETED'),
  spec('jobs.stale_timeout', int({ min: 0 }), 3600, 'DJ_JOBS_STALE_TIMEOUT'),
  spec('jobs.default_priority', int({ min: 0, max: 255 }), 5, 'DJ_JOBS_DEFAULT_PRIORITY'),
  spec('jobs.version_method', nullable(oneOf(['git', 'none'] as const)), null, 'DJ_JOBS_VERSION_METHOD'),
  spec('jobs.allow_new_pk_fields_in_computed_tables', bool, false, 'DJ_JOBS_ALLOW_NEW_PK_FIELDS_IN_COMPUTED_TABLES'),
  spec('jobs.add_job_metadata', bool, false, 'DJ_JOBS_ADD_JOB_METADATA'),
  spec('stores', jsonObject, {}, 'DJ_STORES'),
  spec('loglevel', oneOf(LOG_LEVELS), 'INFO', 'DJ_LOG_LEVEL'),
  spec('safemode', bool, true, 'DJ_SAFEMODE'),
  spec('ignore_config_file', bool, false, 'DJ_IGNORE_CONFIG_FILE'),
  spec('query_cache', nullable(str), null, 'DJ_QUERY_CACHE'),
  spec('download_path', str, '.', 'DJ_DOWNLOAD_PATH'),
];

/** Settings by dotted key. */
export const SPEC_BY_KEY: ReadonlyMap<string, SettingSpec> = new Map(SETTING_SPECS.map((s) => [s.key, s]));

/** The settings groups and the keys each holds. */
export const GROUP_KEYS: ReadonlyMap<GroupName, readonly string[]> = (() => {
  const groups = new Map<GroupName, string[]>();
  for (const { key } of SETTING_SPECS) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const group = key.slice(0, dot) as GroupName;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(key.slice(dot + 1));
  }
  return groups;
})();

/** Names of the settings that are not in a group. */
export const TOP_LEVEL_KEYS: readonly string[] = SETTING_SPECS.filter((s) => !s.key.includes('.')).map((s) => s.key);
