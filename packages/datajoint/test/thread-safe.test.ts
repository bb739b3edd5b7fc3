/**
 * Thread-safe mode is read once when `datajoint` loads, so each case runs in its own
 * Node process against the built package (`npm test` builds first).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pgliteTemplatePath } from '@dj/testing';

/** The built umbrella package, required by its path because the probes run in a temporary folder. */
const BUILT_PACKAGE = path.resolve(__dirname, '..', 'dist', 'index.js');

const PROBE = `
const fs = require('node:fs');
const path = require('node:path');
const dj = require(process.argv[2]);
const dir = process.argv[1];
const { PGlite } = require(process.argv[3]);
const template = process.argv[4];
const outcome = (fn) => {
  try { const value = fn(); return { ok: true, value: value === undefined ? null : String(value) }; }
  catch (e) { return { ok: false, error: e.name, message: e.message, isDataJointError: e instanceof dj.DataJointError }; }
};
(async () => {
  const report = {
    threadSafe: dj.isThreadSafeMode(),
    configType: typeof dj.config,
    readGroup: outcome(() => dj.config.database),
    readKey: outcome(() => dj.config.safemode),
    write: outcome(() => { dj.config.safemode = false; }),
    get: outcome(() => dj.config.get('database.host')),
    has: outcome(() => 'database' in dj.config),
    keys: outcome(() => Object.keys(dj.config).length),
    conn: outcome(() => dj.conn()),
    schema: outcome(() => dj.Schema('some_schema')),
    deferredSchema: outcome(() => dj.Schema()),
    freeTable: outcome(() => dj.FreeTable('some_schema.some_table')),
    listSchemas: outcome(() => dj.listSchemas()),
    virtualSchema: outcome(() => dj.virtualSchema('some_schema')),
    print: outcome(() => String(dj.config)),
    proxyTemplate: outcome(() => path.basename(dj.config.saveTemplate(path.join(dir, 'a.json'), { createSecretsDir: false }))),
    classTemplate: outcome(() => path.basename(dj.Config.saveTemplate(path.join(dir, 'b.json'), { createSecretsDir: false }))),
  };
  // A restored PGlite snapshot starts faster than a fresh database; the Instance path is the same.
  const pglite = fs.existsSync(template) ? new PGlite({ loadDataDir: new Blob([fs.readFileSync(template)]) }) : undefined;
  const inst = new dj.Instance({ backend: 'pglite', loglevel: 'ERROR', pglite });
  inst.config.display.limit = 3;
  const { rows } = await inst.connection.query('SELECT 1 + 1 AS two');
  const schema = inst.Schema('probe');
  const explicit = dj.Schema('probe_explicit', { connection: inst.connection });
  const free = inst.FreeTable('probe.some_table');
  report.instance = {
    limit: inst.config.display.limit,
    two: rows[0].two,
    sameConfig: inst.connection.config === inst.config,
    schema: schema.name,
    explicitSchema: explicit.name,
    freeTable: String(free),
  };
  await inst.close();
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

type Outcome = { ok: true; value: string | null } | { ok: false; error: string; message: string; isDataJointError: boolean };

interface Report {
  threadSafe: boolean;
  configType: string;
  readGroup: Outcome;
  readKey: Outcome;
  write: Outcome;
  get: Outcome;
  has: Outcome;
  keys: Outcome;
  conn: Outcome;
  print: Outcome;
  proxyTemplate: Outcome;
  classTemplate: Outcome;
  schema: Outcome;
  deferredSchema: Outcome;
  listSchemas: Outcome;
  virtualSchema: Outcome;
  freeTable: Outcome;
  instance: { limit: number; two: number; sameConfig: boolean; schema: string; explicitSchema: string; freeTable: string };
}

function probe(threadSafe: string | undefined): Promise<Report> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-threadsafe-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('DJ_')) delete env[key];
  if (threadSafe !== undefined) env.DJ_THREAD_SAFE = threadSafe;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', PROBE, dir, BUILT_PACKAGE, require.resolve('@electric-sql/pglite'), pgliteTemplatePath()], { env, cwd: dir, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`probe failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as Report);
    });
  });
}

const GUARDED = ['readGroup', 'readKey', 'write', 'get', 'has', 'keys', 'conn', 'schema', 'freeTable', 'listSchemas', 'virtualSchema'] as const;

describe.each(['true', '1', 'yes', 'TRUE', 'Yes'])('DJ_THREAD_SAFE=%s', (value) => {
  let report: Report;
  beforeAll(async () => {
    report = await probe(value);
  });

  it('imports, with dj.config still an object', () => {
    expect(report.threadSafe).toBe(true);
    expect(report.configType).toBe('object');
  });

  it.each(GUARDED)('makes %s throw ThreadSafetyError', (name) => {
    const outcome = report[name];
    expect(outcome).toMatchObject({ ok: false, error: 'ThreadSafetyError', isDataJointError: true });
    expect((outcome as { message: string }).message).toMatch(/Use dj\.Instance\(\)/);
  });

  it('allows dj.Schema() without a name, which touches no global state', () => {
    expect(report.deferredSchema).toEqual({ ok: true, value: 'Schema `(not activated)`' });
  });

  it('still prints dj.config and saves templates', () => {
    expect(report.print).toEqual({ ok: true, value: 'ConfigProxy (thread-safe mode - use dj.Instance())' });
    expect(report.proxyTemplate).toEqual({ ok: true, value: 'a.json' });
    expect(report.classTemplate).toEqual({ ok: true, value: 'b.json' });
  });

  it('lets Instances work, with their schemas and free tables', () => {
    expect(report.instance).toEqual({
      limit: 3,
      two: 2,
      sameConfig: true,
      schema: 'probe',
      explicitSchema: 'probe_explicit',
      freeTable: 'FreeTable("probe"."some_table")',
    });
  });
});

describe.each([undefined, 'false', '0', 'no', 'off'])('DJ_THREAD_SAFE=%s', (value) => {
  let report: Report;
  beforeAll(async () => {
    report = await probe(value);
  });

  it('gives the global config', () => {
    expect(report.threadSafe).toBe(false);
    expect(report.readKey).toEqual({ ok: true, value: 'true' });
    expect(report.write.ok).toBe(true);
    expect(report.get).toEqual({ ok: true, value: 'localhost' });
    expect(report.has).toEqual({ ok: true, value: 'true' });
  });

  it('builds dj.conn() from the global config, which has no user here', () => {
    expect(report.conn).toMatchObject({ ok: false, error: 'DataJointError' });
    expect((report.conn as { message: string }).message).toMatch(/Database user not configured/);
  });

  it('lets Instances work', () => {
    expect(report.instance).toMatchObject({ limit: 3, two: 2, sameConfig: true });
  });

  it('builds dj.Schema() and dj.FreeTable() on the global connection, which needs a user here', () => {
    expect(report.deferredSchema.ok).toBe(true);
    expect(report.schema).toMatchObject({ ok: false, error: 'DataJointError' });
    expect(report.freeTable).toMatchObject({ ok: false, error: 'DataJointError' });
    expect(report.listSchemas).toMatchObject({ ok: false, error: 'DataJointError' });
    expect(report.virtualSchema).toMatchObject({ ok: false, error: 'DataJointError' });
  });
});
