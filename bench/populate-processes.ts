/**
 * `populate({ processes })` on MariaDB and PostgreSQL: 1,000 keys computed by one call with
 * `processes: 1` (the calling thread) and `processes: 4` (worker threads, each with its own
 * connection; at most one per core), with and without `reserveJobs`, for a trivial make and
 * for a make that waits 5 ms. PGlite computes in the calling thread whatever `processes`
 * says, so it is not measured. Run: `npm run bench -- processes`.
 */
import { availableParallelism } from 'node:os';
import { createTestInstance, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { benchBackends, timed } from './harness';
import { Key, lab, Result } from './populate-processes-pipeline';

const KEYS = 1000;
/** How long each make waits, and the speedup of 4 reserving workers over 1 asked for (issue 15). */
const MAKES = [
  { waitMs: 0, target: 1 },
  { waitMs: 5, target: 3 },
] as const;

async function measure(backend: TestBackend): Promise<Array<Record<string, string | number>>> {
  const inst = await createTestInstance(backend);
  const schema = lab.on(inst, uniqueSchemaName('bench_processes'));
  await schema.ready();
  const source = schema.get(Key);
  const target = schema.get(Result);
  await source.insert(Array.from({ length: KEYS }, (_, i) => ({ key_id: i })));

  /** Keys per second of one populate call. */
  const rate = async (processes: number, reserveJobs: boolean, waitMs: number): Promise<number> => {
    let computed = 0;
    const ms = await timed(async () => {
      ({ successCount: computed } = await target.populate({ processes, reserveJobs, makeKwargs: { waitMs } }));
    });
    if (computed !== KEYS || (await target.count()) !== KEYS) throw new Error(`processes: ${processes} computed ${computed} of ${KEYS} keys`);
    await target.deleteQuick();
    await target.jobs.deleteQuick();
    return (KEYS / ms) * 1000;
  };
  await rate(4, false, 0); // warm-up: the first workers load and compile the modules
  const rows: Array<Record<string, string | number>> = [];
  for (const make of MAKES) {
    const one = await rate(1, false, make.waitMs);
    const four = await rate(4, false, make.waitMs);
    const oneJobs = await rate(1, true, make.waitMs);
    const fourJobs = await rate(4, true, make.waitMs);
    const speedup = fourJobs / oneJobs;
    rows.push({
      backend: backend.name,
      make: make.waitMs === 0 ? 'trivial' : `waits ${make.waitMs} ms`,
      'processes 1 keys/s': Math.round(one),
      'processes 4 keys/s': Math.round(four),
      'speedup 4/1': Number((four / one).toFixed(2)),
      'reserveJobs, 1 keys/s': Math.round(oneJobs),
      'reserveJobs, 4 keys/s': Math.round(fourJobs),
      'speedup 4/1 (jobs)': Number(speedup.toFixed(2)),
      target: `>= ${make.target}`,
      met: speedup >= make.target ? 'yes' : 'NO',
    });
  }
  await schema.drop({ prompt: false });
  await inst.close();
  return rows;
}

export async function processesBenchmark(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const backend of benchBackends()) {
    if (backend.name === 'pglite') continue; // computed in the calling thread
    rows.push(...(await measure(backend)));
  }
  console.log(
    `\npopulate({ processes }): ${KEYS} keys, make trivial or waiting; worker threads are capped at the ` +
      `${availableParallelism()} cores of this machine, as datajoint-python caps its pool at cpu_count. ` +
      'Targets (issue 15): 4 reserving workers never slower than 1 with a trivial make, >= 3x with a make that waits 5 ms.',
  );
  console.table(rows);
}
