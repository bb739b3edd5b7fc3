import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { Config, DataJointError, setLogSink, type LogLevel } from '@dj/core';
import { findConfigFile } from '@dj/core/internal';

function tempProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-config-'));
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

function writeJson(file: string, data: unknown): void {
  fs.writeFileSync(file, JSON.stringify(data));
}

/** A Config from an isolated environment: no process env, no project file, no system secrets. */
function create(env: Record<string, string> = {}, cwd = tempProject(), systemSecretsDir = '/nonexistent'): Config {
  return Config.create({ env, cwd, systemSecretsDir });
}

describe('Config defaults', () => {
  it('has every key of datajoint-python with its default', () => {
    const config = new Config();
    expect(config.toJSON()).toEqual({
      database: {
        host: 'localhost',
        user: null,
        password: null,
        backend: 'mysql',
        port: 3306,
        name: null,
        reconnect: true,
        use_tls: null,
        database_prefix: '',
        create_tables: true,
        pglite_dir: null,
      },
      connection: { charset: '', pool_size: 10 },
      display: { limit: 12, width: 14, show_tuple_count: true, diagram_direction: 'LR', diagram_theme: 'auto' },
      jobs: {
        auto_refresh: true,
        keep_completed: false,
        stale_timeout: 3600,
        default_priority: 5,
        version_method: null,
        allow_new_pk_fields_in_computed_tables: false,
        add_job_metadata: false,
      },
      stores: {},
      loglevel: 'INFO',
      safemode: true,
      ignore_config_file: false,
      query_cache: null,
      download_path: '.',
    });
  });

  it('derives the port from the backend until a port is set', () => {
    const config = new Config();
    expect(config.database.port).toBe(3306);
    config.database.backend = 'postgresql';
    expect(config.database.port).toBe(5432);
    config.database.port = 6000;
    config.database.backend = 'mysql';
    expect(config.get('database.port')).toBe(6000);
    config.reset('database.port');
    expect(config.database.port).toBe(3306);
  });
});

describe('Config access', () => {
  it('reads and writes through nested properties and dotted keys alike', () => {
    const config = new Config();
    config.display.limit = 25;
    expect(config.get('display.limit')).toBe(25);
    config.set('database.host', 'db.example.org');
    expect(config.database.host).toBe('db.example.org');
    config.safemode = false;
    expect(config.get('safemode')).toBe(false);
    config.set('stores', { default: 'main', main: { protocol: 'file', location: '/data' } });
    expect(config.get('stores.main.location')).toBe('/data');
  });

  it('rejects unknown keys with a DataJointError naming the key', () => {
    const config = new Config();
    expect(() => config.set('database.hots', 'x')).toThrow(/database\.hots/);
    expect(() => config.set('database.hots', 'x')).toThrow(DataJointError);
    expect(() => config.get('display.colour')).toThrow(/display\.colour/);
    expect(() => {
      (config.database as unknown as Record<string, unknown>).hots = 'x';
    }).toThrow(/Unknown setting 'database\.hots'/);
    expect(() => {
      (config as unknown as Record<string, unknown>).savemode = false;
    }).toThrow(/Unknown setting 'savemode'/);
    expect(() => config.update({ database__hots: 'x' } as never)).toThrow(/database\.hots/);
  });

  it('validates values and names the key', () => {
    const config = new Config();
    expect(() => config.set('database.port', 'abc' as never)).toThrow(/database\.port.*integer/);
    expect(() => config.set('database.backend', 'oracle' as never)).toThrow(/database\.backend/);
    expect(() => config.set('jobs.default_priority', 300)).toThrow(/at most 255/);
    expect(() => config.set('safemode', 'no' as never)).toThrow(/boolean/);
    expect(() => config.set('loglevel', 'VERBOSE' as never)).toThrow(/loglevel/);
  });

  it('applies a__b keys, nested objects and top-level keys, checking all before applying any', () => {
    const config = new Config();
    config.update({ safemode: false, database__reconnect: false, display: { limit: 3, width: 20 } });
    expect(config.safemode).toBe(false);
    expect(config.database.reconnect).toBe(false);
    expect(config.display.limit).toBe(3);
    expect(config.display.width).toBe(20);
    expect(() => config.update({ safemode: true, display: { nope: 1 } } as never)).toThrow(/display\.nope/);
    expect(config.safemode).toBe(false);
  });

  it('restores overridden values after override(), even on error', async () => {
    const config = new Config();
    await config.override({ safemode: false, database__host: 'elsewhere' }, () => {
      expect(config.safemode).toBe(false);
      expect(config.database.host).toBe('elsewhere');
    });
    expect(config.safemode).toBe(true);
    await expect(
      config.override({ display: { limit: 1 } }, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(config.display.limit).toBe(12);
  });

  it('clones into an independent Config', () => {
    const config = new Config();
    config.display.limit = 5;
    const copy = config.clone();
    copy.display.limit = 9;
    expect(config.display.limit).toBe(5);
    expect(copy.display.limit).toBe(9);
  });
});

describe('Config password masking', () => {
  it('never shows the password in String(), util.inspect, JSON or logs', () => {
    const config = new Config();
    config.database.password = 's3cr3t-pass';
    expect(config.database.password).toBe('s3cr3t-pass');
    expect(String(config)).not.toContain('s3cr3t-pass');
    expect(`${config}`).not.toContain('s3cr3t-pass');
    expect(inspect(config)).not.toContain('s3cr3t-pass');
    expect(inspect(config.database)).not.toContain('s3cr3t-pass');
    expect(JSON.stringify(config)).not.toContain('s3cr3t-pass');
    expect(String(config.database)).not.toContain('s3cr3t-pass');
    expect(inspect(config)).toContain('********');
    const lines: string[] = [];
    setLogSink((_level, message) => lines.push(message));
    try {
      config.loglevel = 'DEBUG';
      config.logger.info(String(config));
      config.logger.debug(inspect(config));
    } finally {
      setLogSink(null);
    }
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('s3cr3t-pass');
  });
});

describe('Config from the environment', () => {
  const cases: Array<[string, string, string, unknown]> = [
    ['DJ_HOST', 'envhost', 'database.host', 'envhost'],
    ['DJ_USER', 'envuser', 'database.user', 'envuser'],
    ['DJ_PASS', 'envpass', 'database.password', 'envpass'],
    ['DJ_PORT', '3310', 'database.port', 3310],
    ['DJ_BACKEND', 'postgresql', 'database.backend', 'postgresql'],
    ['DJ_DATABASE_NAME', 'labdb', 'database.name', 'labdb'],
    ['DJ_USE_TLS', 'false', 'database.use_tls', false],
    ['DJ_CREATE_TABLES', 'no', 'database.create_tables', false],
    ['DJ_DATABASE_PREFIX', 'pre_', 'database.database_prefix', 'pre_'],
    ['DJ_RECONNECT', 'off', 'database.reconnect', false],
    ['DJ_PGLITE_DIR', '/tmp/pgdata', 'database.pglite_dir', '/tmp/pgdata'],
    ['DJ_POOL_SIZE', '3', 'connection.pool_size', 3],
    ['DJ_LOG_LEVEL', 'DEBUG', 'loglevel', 'DEBUG'],
    ['DJ_DIAGRAM_DIRECTION', 'TB', 'display.diagram_direction', 'TB'],
    ['DJ_DIAGRAM_THEME', 'dark', 'display.diagram_theme', 'dark'],
    ['DJ_SAFEMODE', 'FALSE', 'safemode', false],
    ['DJ_IGNORE_CONFIG_FILE', '1', 'ignore_config_file', true],
    ['DJ_QUERY_CACHE', '/tmp/cache', 'query_cache', '/tmp/cache'],
    ['DJ_DOWNLOAD_PATH', '/tmp/dl', 'download_path', '/tmp/dl'],
    ['DJ_JOBS_AUTO_REFRESH', 'false', 'jobs.auto_refresh', false],
    ['DJ_JOBS_KEEP_COMPLETED', 'true', 'jobs.keep_completed', true],
    ['DJ_JOBS_STALE_TIMEOUT', '60', 'jobs.stale_timeout', 60],
    ['DJ_JOBS_DEFAULT_PRIORITY', '1', 'jobs.default_priority', 1],
    ['DJ_JOBS_VERSION_METHOD', 'git', 'jobs.version_method', 'git'],
    ['DJ_JOBS_ALLOW_NEW_PK_FIELDS_IN_COMPUTED_TABLES', 'yes', 'jobs.allow_new_pk_fields_in_computed_tables', true],
    ['DJ_JOBS_ADD_JOB_METADATA', 'on', 'jobs.add_job_metadata', true],
    ['DJ_STORES', '{"default":"main","main":{"protocol":"file","location":"/d"}}', 'stores.main.location', '/d'],
  ];

  it.each(cases)('%s=%s sets %s', (variable, value, key, expected) => {
    expect(create({ [variable]: value }).get(key)).toEqual(expected);
  });

  it('reads an empty DJ_PASS as the empty password, as datajoint-python does', () => {
    expect(create({ DJ_PASS: '' }).database.password).toBe('');
    expect(create({}).database.password).toBeNull();
    // other empty variables are ignored
    expect(create({ DJ_HOST: '', DJ_PORT: '', DJ_USER: '' }).toJSON().database).toMatchObject({ host: 'localhost', port: 3306, user: null });
  });

  it('lets datajoint.json win over an empty DJ_PASS, and keeps .secrets from replacing it', () => {
    const withFile = tempProject();
    writeJson(path.join(withFile, 'datajoint.json'), { database: { password: 'from-file' } });
    expect(create({ DJ_PASS: '' }, withFile).database.password).toBe('from-file');
    expect(create({ DJ_PASS: 'from-env' }, withFile).database.password).toBe('from-env');

    const withSecrets = tempProject();
    writeJson(path.join(withSecrets, 'datajoint.json'), {});
    fs.mkdirSync(path.join(withSecrets, '.secrets'));
    fs.writeFileSync(path.join(withSecrets, '.secrets', 'database.password'), 'from-secrets');
    expect(create({}, withSecrets).database.password).toBe('from-secrets');
    expect(create({ DJ_PASS: '' }, withSecrets).database.password).toBe('');
  });

  it('derives port 5432 from DJ_BACKEND=postgresql', () => {
    expect(create({ DJ_BACKEND: 'postgresql' }).database.port).toBe(5432);
  });

  it('rejects invalid values in the environment, naming the variable', () => {
    expect(() => create({ DJ_PORT: 'abc' })).toThrow(/DJ_PORT/);
    expect(() => create({ DJ_STORES: '[1]' })).toThrow(/DJ_STORES.*JSON object/);
    expect(() => create({ DJ_STORES: '{nope' })).toThrow(/DJ_STORES.*invalid JSON/);
  });
});

describe('datajoint.json discovery and precedence', () => {
  it('finds the file in a parent folder and stops at the project root', () => {
    const root = tempProject();
    const nested = path.join(root, 'src', 'analysis');
    fs.mkdirSync(nested, { recursive: true });
    expect(findConfigFile(nested)).toBeNull();
    writeJson(path.join(root, 'datajoint.json'), { database: { host: 'filehost' } });
    expect(findConfigFile(nested)).toBe(path.join(root, 'datajoint.json'));
    const config = create({}, nested);
    expect(config.database.host).toBe('filehost');
    expect(config.configFile).toBe(path.join(root, 'datajoint.json'));

    const outer = tempProject();
    writeJson(path.join(outer, 'datajoint.json'), { database: { host: 'outer' } });
    const inner = path.join(outer, 'inner');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    expect(findConfigFile(inner)).toBeNull();
  });

  it('reads nested groups, dotted keys and stores', () => {
    const root = tempProject();
    writeJson(path.join(root, 'datajoint.json'), {
      database: { host: 'h', port: '3307', reconnect: false },
      'display.limit': 7,
      safemode: false,
      stores: { default: 'main', main: { protocol: 'file', location: '/a' } },
      'stores.main.subfolding': [2, 2],
      enable_python_native_blobs: true,
    });
    const config = create({}, root);
    expect(config.database.host).toBe('h');
    expect(config.database.port).toBe(3307);
    expect(config.database.reconnect).toBe(false);
    expect(config.display.limit).toBe(7);
    expect(config.safemode).toBe(false);
    expect(config.stores).toEqual({ default: 'main', main: { protocol: 'file', location: '/a', subfolding: [2, 2] } });
  });

  it('ranks environment over file over secrets over defaults', () => {
    const root = tempProject();
    writeJson(path.join(root, 'datajoint.json'), { database: { host: 'filehost', user: 'fileuser' }, display: { limit: 4 } });
    fs.mkdirSync(path.join(root, '.secrets'));
    fs.writeFileSync(path.join(root, '.secrets', 'database.user'), 'secretuser\n');
    fs.writeFileSync(path.join(root, '.secrets', 'database.password'), '  secretpass  ');
    fs.writeFileSync(path.join(root, '.secrets', 'stores.main.secret_key'), 'k');
    fs.writeFileSync(path.join(root, '.secrets', '.hidden'), 'ignored');

    const fromFile = create({}, root);
    expect(fromFile.database.host).toBe('filehost');
    expect(fromFile.database.user).toBe('fileuser');
    expect(fromFile.database.password).toBe('secretpass');
    expect(fromFile.display.limit).toBe(4);
    expect(fromFile.get('stores.main.secret_key')).toBe('k');

    const fromEnv = create({ DJ_HOST: 'envhost', DJ_USER: 'envuser' }, root);
    expect(fromEnv.database.host).toBe('envhost');
    expect(fromEnv.database.user).toBe('envuser');
    expect(fromEnv.database.password).toBe('secretpass');

    const ignoring = create({ DJ_IGNORE_CONFIG_FILE: 'true' }, root);
    expect(ignoring.database.host).toBe('localhost');
    expect(ignoring.database.password).toBeNull();
  });

  it('uses the system secrets folder when the project has none', () => {
    const root = tempProject();
    const system = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-secrets-'));
    fs.writeFileSync(path.join(system, 'database.password'), 'syspass');
    expect(create({}, root, system).database.password).toBe('syspass');
  });

  it('warns and ignores a file with an invalid value', () => {
    const root = tempProject();
    writeJson(path.join(root, 'datajoint.json'), { database: { host: 'h', port: 'not-a-port' } });
    const warnings: Array<[LogLevel, string]> = [];
    setLogSink((level, message) => warnings.push([level, message]));
    try {
      const config = create({}, root);
      expect(config.database.host).toBe('localhost');
    } finally {
      setLogSink(null);
    }
    expect(warnings.some(([level, m]) => level === 'WARNING' && /Failed to load config.*database\.port/.test(m))).toBe(true);
  });

  it('loads a file explicitly and reports a missing one', () => {
    const root = tempProject();
    const file = path.join(root, 'other.json');
    writeJson(file, { loglevel: 'ERROR' });
    const config = new Config();
    config.load(file);
    expect(config.loglevel).toBe('ERROR');
    expect(() => config.load(path.join(root, 'missing.json'))).toThrow(/Config file not found/);
  });
});

describe('Config.saveTemplate', () => {
  it('writes a minimal template with a secrets folder and refuses to overwrite', () => {
    const root = tempProject();
    const file = path.join(root, 'datajoint.json');
    expect(Config.saveTemplate(file)).toBe(file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ database: { host: 'localhost', port: 3306 } });
    expect(fs.readFileSync(path.join(root, '.secrets', 'database.user'), 'utf8')).toBe('your_username');
    expect(fs.readFileSync(path.join(root, '.secrets', 'database.password'), 'utf8')).toBe('your_password');
    expect(fs.readFileSync(path.join(root, '.secrets', '.gitignore'), 'utf8')).toBe('# Never commit secrets\n*\n!.gitignore\n');
    expect(() => Config.saveTemplate(file)).toThrow(/File already exists/);
  });

  it('writes the full template that loads back', () => {
    const root = tempProject();
    const file = path.join(root, 'datajoint.json');
    Config.saveTemplate(file, { minimal: false, createSecretsDir: false });
    expect(fs.existsSync(path.join(root, '.secrets'))).toBe(false);
    const config = create({}, root);
    expect(config.stores.default).toBe('main');
    expect(config.display.show_tuple_count).toBe(true);
  });
});
