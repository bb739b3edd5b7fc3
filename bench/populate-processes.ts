/**
 * `populate({ processes })` on MariaDB and PostgreSQL: 1,000 keys whose make waits 5 ms,
 * computed by one call with `processes: 1` (the calling thread) and `processes: 4` (worker
 * threads, each with its own connection; at most one per core), with and without
 * `reserveJobs`. PGlite computes in the calling thread whatever `processes` says, so it is
 * not measured. Run: `npm run bench -- processes`.
 */
import { availableParallelism } from 'node:os';
import { createTestInstance, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { benchBackends, timed } from './harness';
import { Key, lab, Result } from './populate-processes-pipeline';

const KEYS = 1000;
const MAKE_WAIT_MS = 5;

async function measure(backend: TestBackend): Promise<Record<string, string | number>> {
  const inst = await createTestInstance(backend);
  const schema = lab.on(inst, uniqueSchemaName('bench_processes'));
  await schema.ready();
  const source = schema.get(Key);
  const target = schema.get(Result);
  await source.insert(Array.from({ length: KEYS }, (_, i) => ({ key_id: i })));

  /** Keys per second of one populate call. */
  const rate = async (processes: number, reserveJobs: boolean): Promise<number> => {
    let computed = 0;
    const ms = await timed(async () => {
      ({ successCount: computed } = await target.populate({ processes, reserveJobs, makeKwargs: { waitMs: MAKE_WAIT_MS } }));
    });
    if (computed !== KEYS || (await target.count()) !== KEYS) throw new Error(`processes: ${processes} computed ${computed} of ${KEYS} keys`);
    await target.deleteQuick();
    await target.jobs.deleteQuick();
    return (KEYS / ms) * 1000;
  };
  await rate(4, false); // warm-up: the first workers load and compile the modules
  const one = await rate(1, false);
  const four = await rate(4, false);
  const oneJobs = await rate(1, true);
  const fourJobs = await rate(4, true);
  await schema.drop({ prompt: false });
  await inst.close();
  return {
    backend: backend.name,
    'processes 1 keys/s': Math.round(one),
    'processes 4 keys/s': Math.round(four),
    'speedup 4/1': Number((four / one).toFixed(2)),
    'reserveJobs, 1 keys/s': Math.round(oneJobs),
    'reserveJobs, 4 keys/s': Math.round(fourJobs),
    'speedup 4/1 (jobs)': Number((fourJobs / oneJobs).toFixed(2)),
  };
}

export async function processesBenchmark(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const backend of benchBackends()) {
    if (backend.name === 'pglite') continue; // computed in the calling thread
    rows.push(await measure(backend));
  }
  console.log(
    `\npopulate({ processes }): ${KEYS} keys whose make waits ${MAKE_WAIT_MS} ms; worker threads are capped at the ` +
      `${availableParallelism()} cores of this machine, as datajoint-python caps its pool at cpu_count`,
  );
  console.table(rows);
}
