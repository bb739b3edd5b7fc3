/**
 * A ready-made PGlite data folder. Creating a PGlite database runs initdb (about two
 * seconds); restoring this snapshot takes a fraction of that, so each suite can have its
 * own embedded database cheaply. The snapshot is written once per test run by the global
 * setup and read from the temporary folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The installed PGlite version (its package.json is not exported, so it is found on disk). */
function pgliteVersion(): string {
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/** Where the snapshot lives (one per PGlite version). */
export function pgliteTemplatePath(): string {
  return path.join(os.tmpdir(), `dj-testing-pglite-${pgliteVersion()}.tar`);
}

/** Writes the snapshot unless it exists. */
export async function ensurePgliteTemplate(file: string = pgliteTemplatePath()): Promise<void> {
  if (fs.existsSync(file)) return;
  const db = new PGlite();
  await db.waitReady;
  const dump = await db.dumpDataDir('none');
  await db.close();
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(temporary, file);
}

/**
 * A new in-memory PGlite database: a copy of `source` (a snapshot from {@link snapshotPglite},
 * or a snapshot file), by default of the empty template the global setup wrote.
 */
export async function newPglite(source: Blob | string = pgliteTemplatePath()): Promise<PGlite> {
  const data = typeof source === 'string' ? (fs.existsSync(source) ? new Blob([fs.readFileSync(source)]) : null) : source;
  const db = data ? new PGlite({ loadDataDir: data }) : new PGlite();
  await db.waitReady;
  return db;
}

/**
 * A snapshot of a PGlite database (e.g. one with a pipeline declared and seeded), from
 * which {@link newPglite} makes copies: restoring one costs a fraction of declaring again.
 */
export async function snapshotPglite(db: PGlite): Promise<Blob> {
  return db.dumpDataDir('none');
}
