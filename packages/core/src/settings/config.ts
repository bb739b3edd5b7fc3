import { inspect } from 'node:util';
import { dialectFor } from '../dialects/dialect-registry';
import { DataJointError } from '../errors';
import { Logger, type LogLevel } from '../logging/logger';
import { findConfigFile, readConfigFile, type ConfigFileContents } from './config-file';
import { flattenOverrides } from './overrides';
import { findSecretsDir, readSecrets, SYSTEM_SECRETS_DIR } from './secrets';
import { GROUP_KEYS, SETTING_SPECS, SPEC_BY_KEY, TOP_LEVEL_KEYS } from './setting-specs';
import type {
  Backend,
  ConfigOverrides,
  ConnectionSettings,
  DatabaseSettings,
  DisplaySettings,
  GroupName,
  JobsSettings,
  SettingKey,
  SettingValue,
  SettingsTree,
  StoresSettings,
} from './settings';
import { saveConfigTemplate, type SaveTemplateOptions } from './template';
import { InvalidSettingValue, type ValueSource } from './value-parsers';

/** Where {@link Config.create} looks for settings. */
export interface ConfigSources {
  /** Environment to read `DJ_*` variables from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Folder where the upward search for `datajoint.json` starts (default the working directory). */
  cwd?: string;
  /** The system-wide secrets folder (default `/run/secrets/datajoint`). */
  systemSecretsDir?: string;
}

const MASK = '********';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * DataJoint settings: typed nested access (`config.database.host`), dotted access
 * (`config.get('database.host')`, `config.set('display.limit', 25)`), validation of every
 * assignment, and loading from environment variables, `datajoint.json` and `.secrets/`.
 *
 * Each {@link Instance} owns a fresh Config; the global one is `dj.config`. Every runtime
 * read of a setting goes through `connection.config`. The password is never shown by
 * `String(config)`, `util.inspect(config)` or `JSON.stringify(config)`.
 *
 * @example
 * ```ts
 * const config = Config.create();          // defaults < secrets < datajoint.json < env
 * config.display.limit = 25;
 * config.set('database.reconnect', false);
 * config.get('database.port');              // 3306 unless set, 5432 for postgresql
 * ```
 */
export class Config {
  /** `database.*`: host, user, password, backend, port, … */
  readonly database: DatabaseSettings;
  /** `connection.*`: charset, pool size. */
  readonly connection: ConnectionSettings;
  /** `display.*`: preview and diagram display. */
  readonly display: DisplaySettings;
  /** `jobs.*`: the populate job queue. */
  readonly jobs: JobsSettings;

  /** Logger whose level follows this config's `loglevel`. */
  readonly logger: Logger;

  private readonly values: Map<string, unknown>;
  /** Mutable bookkeeping, kept in an object because the Config itself rejects unknown keys. */
  private readonly origin: { file: string | null } = { file: null };

  /** A Config holding the defaults only. Use {@link Config.create} to read env, file and secrets. */
  constructor(overrides?: ConfigOverrides) {
    this.values = new Map(SETTING_SPECS.map((s) => [s.key, s.defaultValue()]));
    this.logger = new Logger(() => this.values.get('loglevel') as LogLevel);
    this.database = groupView<DatabaseSettings>(this, 'database');
    this.connection = groupView<ConnectionSettings>(this, 'connection');
    this.display = groupView<DisplaySettings>(this, 'display');
    this.jobs = groupView<JobsSettings>(this, 'jobs');
    const guarded = new Proxy(this, {
      set(target, prop, value, receiver) {
        if (typeof prop === 'string' && !TOP_LEVEL_KEYS.includes(prop)) {
          if (GROUP_KEYS.has(prop as GroupName)) {
            throw new DataJointError(`Cannot replace the settings group '${prop}'; set its keys one by one.`);
          }
          throw new DataJointError(`Unknown setting '${prop}'.`);
        }
        return Reflect.set(target, prop, value, receiver);
      },
      defineProperty(_target, prop) {
        throw new DataJointError(`Unknown setting '${String(prop)}'.`);
      },
    });
    if (overrides) guarded.update(overrides);
    return guarded;
  }

  /**
   * Builds a Config the way datajoint-python builds one: defaults, then `datajoint.json`
   * (searched upward from the working directory, stopping at the project root), then
   * `DJ_*` environment variables, then secrets for values still unset. Set
   * `DJ_IGNORE_CONFIG_FILE=true` to skip the file and the secrets folders.
   * Effective precedence: environment > file > secrets > defaults.
   */
  static create(sources: ConfigSources = {}): Config {
    const env = sources.env ?? process.env;
    const config = new Config();
    const { values: envValues, empty: emptyEnvValues } = readEnvironment(env);
    const ignoreFile = (envValues.get('ignore_config_file') as boolean | undefined) ?? false;
    // An empty variable sets its value, but below the file, as datajoint-python lets a file
    // value win over an empty variable; being set, it keeps the secrets file from applying.
    for (const [key, value] of emptyEnvValues) config.values.set(key, value);
    let file: string | null = null;
    if (!ignoreFile) {
      file = findConfigFile(sources.cwd);
      if (file === null) {
        config.logger.debug(
          'No datajoint.json found. Using defaults and environment variables. ' +
            'Run `Config.saveTemplate()` to create a configuration file.',
        );
      } else {
        try {
          config.applyFile(readConfigFile(file), file);
        } catch (err) {
          config.logger.warn(`Failed to load config from ${file}: ${(err as Error).message}`);
        }
      }
    }
    for (const [key, value] of envValues) config.values.set(key, value);
    if (!ignoreFile) {
      const secretsDir = findSecretsDir(file, sources.systemSecretsDir ?? SYSTEM_SECRETS_DIR);
      if (secretsDir !== null) config.applySecrets(secretsDir);
    }
    return config;
  }

  /**
   * Writes a template `datajoint.json` (and `.secrets/` with placeholder credentials)
   * and returns its absolute path. Uses no global state, so it works in thread-safe mode.
   */
  static saveTemplate(file?: string, options?: SaveTemplateOptions): string {
    return saveConfigTemplate(file, options);
  }

  /** The configuration file this Config was loaded from, if any. */
  get configFile(): string | null {
    return this.origin.file;
  }

  /** Object stores (`stores.default`, `stores.<name>.protocol`, …). */
  get stores(): StoresSettings {
    return this.values.get('stores') as StoresSettings;
  }
  set stores(value: StoresSettings) {
    this.set('stores', value);
  }

  /** Logging threshold. */
  get loglevel(): LogLevel {
    return this.values.get('loglevel') as LogLevel;
  }
  set loglevel(value: LogLevel) {
    this.set('loglevel', value);
  }

  /** Ask before delete and drop. */
  get safemode(): boolean {
    return this.values.get('safemode') as boolean;
  }
  set safemode(value: boolean) {
    this.set('safemode', value);
  }

  /** Skip `datajoint.json` and the secrets folders when building a Config. */
  get ignore_config_file(): boolean {
    return this.values.get('ignore_config_file') as boolean;
  }
  set ignore_config_file(value: boolean) {
    this.set('ignore_config_file', value);
  }

  /** Folder for cached query results. */
  get query_cache(): string | null {
    return this.values.get('query_cache') as string | null;
  }
  set query_cache(value: string | null) {
    this.set('query_cache', value);
  }

  /** Where attachments are downloaded. */
  get download_path(): string {
    return this.values.get('download_path') as string;
  }
  set download_path(value: string) {
    this.set('download_path', value);
  }

  /**
   * Reads a setting by its dotted name. `stores.<name>.<attr>` reaches into a store.
   * @throws DataJointError for an unknown key.
   */
  get<K extends SettingKey>(key: K): SettingValue<K>;
  get(key: string): unknown;
  get(key: string): unknown {
    if (key === 'database.port') {
      const port = this.values.get(key) as number | null;
      return port ?? dialectFor(this.values.get('database.backend') as Backend).defaultPort;
    }
    if (this.values.has(key)) return this.values.get(key);
    if (key.startsWith('stores.')) {
      let node: unknown = this.stores;
      for (const part of key.split('.').slice(1)) {
        if (!isPlainObject(node) || !(part in node)) throw new DataJointError(`Setting '${key}' not found.`);
        node = node[part];
      }
      return node;
    }
    throw new DataJointError(`Setting '${key}' not found.`);
  }

  /**
   * Sets a setting by its dotted name after validating the value.
   * @throws DataJointError naming the key when it is unknown or the value is invalid.
   */
  set<K extends SettingKey>(key: K, value: SettingValue<K>): void;
  set(key: string, value: unknown): void;
  set(key: string, value: unknown): void {
    this.assign(key, value, 'code');
  }

  /** Restores a setting to its default. */
  reset(key: SettingKey): void {
    const spec = SPEC_BY_KEY.get(key);
    if (!spec) throw new DataJointError(`Setting '${key}' not found.`);
    this.values.set(key, spec.defaultValue());
  }

  /**
   * Applies overrides: top-level keys (`safemode`), `group__key` keys
   * (`database__reconnect`) and nested group objects (`{ display: { limit: 5 } }`).
   * Every key is checked before any is applied.
   */
  update(overrides: ConfigOverrides | Record<string, unknown>): void {
    const pairs = flattenOverrides(overrides as Record<string, unknown>);
    const parsed = pairs.map(([key, value]) => [key, this.parse(key, value, 'code')] as const);
    for (const [key, value] of parsed) this.values.set(key, value);
  }

  /**
   * Runs `fn` with overrides applied and restores the previous values afterwards, even
   * when `fn` throws. The overrides are visible to everything that reads this Config
   * meanwhile, so prefer a separate Instance for concurrent work.
   */
  async override<T>(overrides: ConfigOverrides, fn: () => T | Promise<T>): Promise<T> {
    const keys = flattenOverrides(overrides as Record<string, unknown>).map(([key]) => key);
    const saved = new Map(keys.map((key) => [key, structuredClone(this.values.get(key))]));
    this.update(overrides);
    try {
      return await fn();
    } finally {
      for (const [key, value] of saved) this.values.set(key, value);
    }
  }

  /**
   * Applies a configuration file explicitly.
   * @throws DataJointError when the file is missing, is not JSON, or holds an invalid value.
   */
  load(file: string): void {
    this.applyFile(readConfigFile(file), file);
  }

  /** A deep copy of this Config, independent of it. */
  clone(): Config {
    const copy = new Config();
    for (const [key, value] of this.values) copy.values.set(key, structuredClone(value));
    copy.origin.file = this.origin.file;
    return copy;
  }

  /**
   * Every setting as `[dottedKey, value]`, the password included (unlike {@link toJSON}),
   * to open an equivalent connection in another thread.
   * @internal
   */
  entries(): Array<[string, unknown]> {
    return SETTING_SPECS.map((spec) => [spec.key, structuredClone(this.values.get(spec.key))]);
  }

  /** All settings as a nested object, with the password masked. */
  toJSON(): SettingsTree {
    const tree: Record<string, unknown> = {};
    for (const group of GROUP_KEYS.keys()) tree[group] = {};
    for (const spec of SETTING_SPECS) {
      let value = this.get(spec.key);
      if (spec.secret && value !== null) value = MASK;
      const dot = spec.key.indexOf('.');
      if (dot < 0) tree[spec.key] = structuredClone(value);
      else (tree[spec.key.slice(0, dot)] as Record<string, unknown>)[spec.key.slice(dot + 1)] = value;
    }
    return tree as unknown as SettingsTree;
  }

  /** `Config {...}`: the settings as JSON, the password masked (see {@link toJSON}). */
  toString(): string {
    return `Config ${JSON.stringify(this.toJSON())}`;
  }

  [inspect.custom](depth: number, options: object): string {
    return `Config ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  private parse(key: string, value: unknown, source: ValueSource): unknown {
    const spec = SPEC_BY_KEY.get(key);
    if (!spec) throw new DataJointError(`Unknown setting '${key}'.`);
    try {
      return spec.parse(value, source);
    } catch (err) {
      if (err instanceof InvalidSettingValue) {
        throw new DataJointError(`Invalid value for setting '${key}': ${err.message}.`);
      }
      throw err;
    }
  }

  private assign(key: string, value: unknown, source: ValueSource): void {
    this.values.set(key, this.parse(key, value, source));
  }

  private applyFile(contents: ConfigFileContents, file: string): void {
    const parsed = contents.settings.map(([key, value]) => [key, this.parse(key, value, 'text')] as const);
    for (const [key, value] of parsed) this.values.set(key, value);
    const stores = { ...this.stores };
    for (const [name, entry] of contents.stores) stores[name] = structuredClone(entry);
    for (const [name, attr, value] of contents.storeAttributes) {
      const entry = isPlainObject(stores[name]) ? { ...(stores[name] as Record<string, unknown>) } : {};
      entry[attr] = value;
      stores[name] = entry;
    }
    this.values.set('stores', stores);
    if (contents.unknown.length > 0) {
      this.logger.warn(`Ignoring unknown setting(s) in ${file}: ${contents.unknown.join(', ')}`);
    }
    this.origin.file = file;
  }

  private applySecrets(dir: string): void {
    const secrets = readSecrets(dir);
    if (secrets.user !== undefined && this.values.get('database.user') === null) {
      this.values.set('database.user', secrets.user);
    }
    if (secrets.password !== undefined && this.values.get('database.password') === null) {
      this.values.set('database.password', secrets.password);
    }
    if (secrets.storeAttributes.length > 0) {
      const stores = { ...this.stores };
      for (const [name, attr, value] of secrets.storeAttributes) {
        const entry = isPlainObject(stores[name]) ? { ...(stores[name] as Record<string, unknown>) } : {};
        if (!(attr in entry)) entry[attr] = value;
        stores[name] = entry;
      }
      this.values.set('stores', stores);
    }
  }
}

/**
 * Reads every `DJ_*` variable that names a setting, converting the text. Empty variables
 * are ignored, except for settings where the empty string is a value (`empty`).
 */
function readEnvironment(env: Record<string, string | undefined>): { values: Map<string, unknown>; empty: Map<string, unknown> } {
  const found = new Map<string, unknown>();
  const empty = new Map<string, unknown>();
  for (const spec of SETTING_SPECS) {
    if (spec.env === undefined) continue;
    const text = env[spec.env];
    if (text === '' && spec.emptyEnvIsValue) empty.set(spec.key, '');
    if (text === undefined || text === '') continue;
    try {
      found.set(spec.key, spec.parse(text, 'text'));
    } catch (err) {
      const reason = err instanceof InvalidSettingValue ? err.message : String(err);
      throw new DataJointError(`Invalid value in environment variable ${spec.env} for '${spec.key}': ${reason}.`);
    }
  }
  return { values: found, empty };
}

/**
 * A live view of one settings group: reads and writes go to the Config (so they are
 * validated), unknown keys are rejected, and printing it masks the password.
 */
function groupView<T extends object>(config: Config, group: GroupName): T {
  const keys = GROUP_KEYS.get(group)!;
  const target = {
    toJSON: () => (config.toJSON() as unknown as Record<string, unknown>)[group],
    [inspect.custom]: (depth: number, options: object) => inspect(target.toJSON(), { ...options, depth }),
    toString: () => JSON.stringify(target.toJSON()),
  };
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'string' && keys.includes(prop)) return config.get(`${group}.${prop}`);
      return Reflect.get(obj, prop, receiver);
    },
    set(_obj, prop, value) {
      if (typeof prop !== 'string' || !keys.includes(prop)) {
        throw new DataJointError(`Unknown setting '${group}.${String(prop)}'.`);
      }
      config.set(`${group}.${prop}`, value);
      return true;
    },
    has(obj, prop) {
      return (typeof prop === 'string' && keys.includes(prop)) || Reflect.has(obj, prop);
    },
    ownKeys() {
      return [...keys];
    },
    getOwnPropertyDescriptor(_obj, prop) {
      if (typeof prop !== 'string' || !keys.includes(prop)) return undefined;
      return { value: config.get(`${group}.${prop}`), writable: true, enumerable: true, configurable: true };
    },
    defineProperty(_obj, prop) {
      throw new DataJointError(`Unknown setting '${group}.${String(prop)}'.`);
    },
    deleteProperty(_obj, prop) {
      throw new DataJointError(`Settings cannot be deleted ('${group}.${String(prop)}'); use config.reset().`);
    },
  }) as unknown as T;
}
