/**
 * One measurement of the scaling benchmark in its own process, so that its peak RSS is its
 * own: `node scaling-rows.js <backend> <insert|toDicts|stream> <rows> <schema> [pglite dir]`.
 * `insert` writes the rows in chunks generated as it goes (the rows never all exist at
 * once), `toDicts` reads them all into an array, `stream` iterates them with `for await`
 * (constant memory). Sends `{ ms, peakRssMb }` to the parent and exits.
 */
import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import * as dj from 'datajoint';
import { createTestInstance, resolveTestBackends } from '@dj/testing';
import { timed } from './harness';
import { declareRowTable, makeRows } from './row-table';

/** Rows per `insert()` call: the chunk the generator holds at once. */
const CHUNK = 10_000;

export type RowsMode = 'insert' | 'toDicts' | 'stream';

export interface RowsResult {
  ms: number;
  peakRssMb: number;
}

/**
 * This process's peak resident set in MB: Linux's `VmHWM`, which starts anew at `exec`
 * (`getrusage`'s `maxrss`, the fallback elsewhere, keeps the forking parent's peak).
 */
function peakRssMb(): number {
  try {
    const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    if (line) return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [backendName, mode, size, schemaName, pgliteDir] = process.argv.slice(2);
  const rows = Number(size);
  const backend = resolveTestBackends().available.find((b) => b.name === backendName);
  if (!backend || !schemaName) throw new Error(`usage: scaling-rows.js <backend> <mode> <rows> <schema> [pglite dir]; no backend ${backendName}`);
  let pglite: PGlite | undefined;
  if (backend.name === 'pglite') {
    if (!pgliteDir) throw new Error('PGlite needs the directory of its database');
    pglite = new PGlite(pgliteDir);
    await pglite.waitReady;
  }
  const inst = pglite ? new dj.Instance({ backend: 'pglite', pglite, loglevel: 'WARNING' }) : await createTestInstance(backend);
  const { Row } = await declareRowTable(inst, schemaName);
  let seen = 0;
  const ms = await timed(async () => {
    if (mode === 'insert') {
      for (let start = 0; start < rows; start += CHUNK) {
        const chunk = makeRows(Math.min(CHUNK, rows - start), start);
        await Row.insert(chunk);
        seen += chunk.length;
      }
    } else if (mode === 'toDicts') {
      seen = (await Row.toDicts()).length;
    } else if (mode === 'stream') {
      for await (const row of Row) if (row.id !== undefined) seen += 1;
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  });
  if (seen !== rows) throw new Error(`${mode}: expected ${rows} rows, saw ${seen}`);
  await inst.close(); // closes the PGlite database too
  const result: RowsResult = { ms, peakRssMb: peakRssMb() };
  process.send!(result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
