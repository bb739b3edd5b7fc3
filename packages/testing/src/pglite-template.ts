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

/** A new in-memory PGlite database, restored from the snapshot when there is one. */
export async function newPglite(file: string = pgliteTemplatePath()): Promise<PGlite> {
  const db = fs.existsSync(file) ? new PGlite({ loadDataDir: new Blob([fs.readFileSync(file)]) }) : new PGlite();
  await db.waitReady;
  return db;
}
