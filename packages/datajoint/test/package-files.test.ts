/**
 * What each publishable package would ship (`npm pack --dry-run --json`, after `tsc -b`):
 * its compiled entry points (`exports`, `main`, `types`, `bin`) and the compiled modules
 * they load, `package.json`, README / LICENSE, and the data a package's public API reads
 * (@dj/testing's fixtures and jest preset). No sources, tests, source maps or build info.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const PACKAGES = ['core', 'diagram', 'schema', 'datajoint', 'testing', 'cli', 'nestjs'];

/** Files every package may ship besides its compiled modules. */
const COMMON = [/^package\.json$/, /^README(\.md)?$/i, /^LICEN[CS]E(\.md|\.txt)?$/i];
const COMPILED = /^dist\/(?:[\w.-]+\/)*[\w.-]+\.(?:js|d\.ts)$/;
/** Data that a package's public API reads at run time. */
const EXTRA: Record<string, RegExp[]> = {
  testing: [/^fixtures\//, /^jest-preset\.cjs$/],
};

interface PackageJson {
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
}

/** Every file the manifest names as an entry point, relative to the package. */
function entryPoints(manifest: PackageJson): string[] {
  const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
  for (const target of Object.values(manifest.exports ?? {})) targets.push(...(typeof target === 'string' ? [target] : Object.values(target)));
  return [...new Set(targets.filter((t): t is string => t !== undefined).map((t) => path.posix.normalize(t)))];
}

async function packedFiles(pkg: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.join(ROOT, 'packages', pkg) });
  const [report] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  return report!.files.map((f) => f.path);
}

describe('npm pack contents', () => {
  let packed: Map<string, string[]>;

  beforeAll(async () => {
    const lists = await Promise.all(PACKAGES.map(packedFiles));
    packed = new Map(PACKAGES.map((pkg, i) => [pkg, lists[i]!]));
  }, 60_000);

  const manifestOf = (pkg: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as PackageJson;

  it.each(PACKAGES)('%s ships only its compiled modules, entry points and documentation', (pkg) => {
    const allowed = [...COMMON, COMPILED, ...(EXTRA[pkg] ?? [])];
    const entries = new Set(entryPoints(manifestOf(pkg)));
    const files = packed.get(pkg)!;
    expect(files.filter((file) => !entries.has(file) && !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it.each(PACKAGES)('%s ships every entry point its package.json names', (pkg) => {
    const manifest = manifestOf(pkg);
    const files = new Set(packed.get(pkg)!);
    expect(entryPoints(manifest).filter((entry) => !files.has(entry))).toEqual([]);
    expect(files.has('dist/index.js') && files.has('dist/index.d.ts')).toBe(true);
  });

  it('the packages with an internal entry ship it', () => {
    for (const pkg of ['core', 'diagram', 'schema']) {
      expect(packed.get(pkg)).toEqual(expect.arrayContaining(['dist/internal.js', 'dist/internal.d.ts']));
    }
  });
});
