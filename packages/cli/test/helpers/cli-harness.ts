/**
 * Running the built `dj` (packages/cli/dist/bin.js, which `npm test` builds first) against
 * a test backend: a PGlite database in a folder (`DJ_PGLITE_DIR`), or a server named by
 * flags. PGlite allows one process at a time, so the test opens its own Instance only
 * between runs of the command.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { uniqueSchemaName, type TestBackend } from '@dj/testing';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const DJ_BIN = path.join(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');

export interface DjResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a run: no DJ_* settings of the test process, modules resolvable from the repository. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('DJ_')) env[key] = value;
  return { ...env, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), DJ_USE_TLS: 'false', ...extra };
}

/** The lines of stderr that are not log messages (servers may warn, e.g. that MariaDB is best-effort). */
export function errorLines(result: DjResult): string[] {
  return result.stderr.split('\n').filter((line) => line && !/^\[\d{4}-\d\d-\d\d [\d:]+\]/.test(line));
}

/** Runs `node dist/bin.js ...args`. */
export function runDj(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<DjResult> {
  if (!fs.existsSync(DJ_BIN)) throw new Error(`${DJ_BIN} is missing: build with \`npx tsc -b\` first (npm test does).`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DJ_BIN, ...args], { env: options.env ?? cleanEnv(), cwd: options.cwd ?? os.tmpdir() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A database the command can reach, with a fresh schema name. */
export interface CliTarget {
  readonly backend: TestBackend;
  readonly schemaName: string;
  /** A scratch folder for the test's files (and PGlite's database). */
  readonly dir: string;
  /** Connection flags for the command. */
  readonly flags: string[];
  /** The same connection given through the environment instead of flags. */
  readonly env: NodeJS.ProcessEnv;
  /** Settings of an Instance on the same database. */
  readonly instanceOptions: dj.InstanceOptions;
  /** Runs `fn` with an Instance on the database, closed afterwards (PGlite's folder has one user at a time). */
  withInstance<T>(fn: (inst: dj.Instance) => Promise<T>): Promise<T>;
  /** `dj <flags> ...args`. */
  dj(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string }): Promise<DjResult>;
}

function serverFlags(options: dj.InstanceOptions, backend: TestBackend): { flags: string[]; env: NodeJS.ProcessEnv } {
  const { host, port, user, password } = options as { host: string; port: number; user: string; password: string };
  return {
    flags: ['--backend', backend.name, '--host', host, '--port', String(port), '--user', user, '--password', password],
    env: cleanEnv({ DJ_BACKEND: backend.name, DJ_HOST: host, DJ_PORT: String(port), DJ_USER: user, DJ_PASS: password }),
  };
}

/** A target for `backend`, made before the suite and dropped after it. */
export function useCliTarget(backend: TestBackend, label: string): () => CliTarget {
  let target: CliTarget | null = null;
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-cli-'));
    const schemaName = uniqueSchemaName(label);
    const pgliteDir = path.join(dir, 'pglite');
    const instanceOptions: dj.InstanceOptions =
      backend.name === 'pglite'
        ? { backend: 'pglite', database__pglite_dir: pgliteDir, safemode: false, loglevel: 'WARNING' }
        : { ...backend.options, safemode: false, loglevel: 'WARNING' };
    const { flags, env } =
      backend.name === 'pglite'
        ? { flags: ['--pglite-dir', pgliteDir], env: cleanEnv({ DJ_BACKEND: 'pglite', DJ_PGLITE_DIR: pgliteDir }) }
        : serverFlags(instanceOptions, backend);
    target = {
      backend,
      schemaName,
      dir,
      flags,
      env,
      instanceOptions,
      async withInstance(fn) {
        const inst = new dj.Instance(instanceOptions);
        try {
          return await fn(inst);
        } finally {
          await inst.close();
        }
      },
      dj: (args, options = {}) => runDj([...flags, ...args], { cwd: dir, ...options }),
    };
  });
  afterAll(async () => {
    if (!target) return;
    const { schemaName, dir } = target;
    await target.withInstance(async (inst) => {
      for (const name of await dj.listSchemas(inst)) if (name.startsWith(schemaName)) await inst.Schema(name).drop({ prompt: false });
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!target) throw new Error('The CLI target is made in beforeAll.');
    return target;
  };
}
