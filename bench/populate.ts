/**
 * populate(): 2,000 keys with a trivial make: a hand-written loop doing the same inserts in
 * transactions, populate() in one process, and, on MariaDB and PostgreSQL (PGlite's
 * database lives in one process), 1 and 4 worker processes sharing the jobs queue (`reserveJobs`). A trivial
 * make keeps the database and the workers busy on the CPU, so 4 workers cannot go faster
 * than the machine's cores allow; a second run gives each make a 5 ms wait, as a make
 * reading a file would, to show how the queue itself scales.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { createTestInstance, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { benchBackends, timed } from './harness';
import { declarePopulatePipeline, type PopulatePipeline } from './populate-pipeline';

const KEYS = 2000;
/**
 * Keys and wait of the run whose makes wait: enough keys that each of 4 fresh worker
 * processes spends most of its time computing, not compiling its code on first use.
 */
const WAITING_KEYS = 1600;
const MAKE_WAIT_MS = 5;
/** populate() should take at most this many times the hand-written loop. */
const LOOP_TARGET = 1.3;

/** Runs `n` worker processes, started before the clock, until all are done; resolves to keys computed. */
async function workers(n: number, backend: TestBackend, schema: string, waitMs: number): Promise<{ ms: number; computed: number; errors: number }> {
  const env = { ...process.env, BENCH_BACKEND: backend.name, BENCH_SCHEMA: schema, BENCH_MAKE_WAIT_MS: String(waitMs) };
  const children: ChildProcess[] = Array.from({ length: n }, () => fork(path.join(__dirname, 'populate-worker.js'), [], { env }));
  const ready = children.map((child) => new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  }));
  await Promise.all(ready);
  const results = children.map((child) => new Promise<{ successCount: number; errors: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { successCount: number; errors: number }));
    child.once('exit', (code) => (code ? reject(new Error(`worker exited with ${code}`)) : undefined));
  }));
  let done: Array<{ successCount: number; errors: number }> = [];
  const ms = await timed(async () => {
    for (const child of children) child.send('go');
    done = await Promise.all(results);
  });
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
  return { ms, computed: done.reduce((a, r) => a + r.successCount, 0), errors: done.reduce((a, r) => a + r.errors, 0) };
}

async function reset(p: PopulatePipeline): Promise<void> {
  await p.Result.deleteQuick();
  await p.Result.jobs.deleteQuick();
}

async function measure(backend: TestBackend): Promise<Record<string, string | number>> {
  const inst = await createTestInstance(backend);
  const schema = inst.Schema(uniqueSchemaName('bench_populate'));
  const pipeline = declarePopulatePipeline(schema);
  await pipeline.Result.ready();
  await pipeline.Key.insert(Array.from({ length: KEYS }, (_, i) => ({ key_id: i, x: i / 3 })));
  const { connection } = inst;
  const target = pipeline.Result.fullTableName;

  // the same work by hand: one transaction per key, one INSERT each
  const loopMs = await timed(async () => {
    for (let i = 0; i < KEYS; i += 1) {
      await connection.transaction(() => connection.query(`INSERT INTO ${target} (key_id, y) VALUES (?, ?)`, [i, i * 2]));
    }
  });
  await reset(pipeline);

  const direct = await timed(() => pipeline.Result.populate());
  if ((await pipeline.Result.count()) !== KEYS) throw new Error('populate() left keys');
  await reset(pipeline);

  /** Makes per second of 1 and of 4 workers over the first `keys` keys. */
  const workerRates = async (keys: number, waitMs: number): Promise<Record<number, number>> => {
    const rates: Record<number, number> = {};
    for (const n of [1, 4]) {
      await pipeline.Result.jobs.refresh({ delay: -1, restriction: `key_id < ${keys}` });
      const run = await workers(n, backend, schema.name, waitMs);
      if (run.computed !== keys || run.errors !== 0 || (await pipeline.Result.count()) !== keys) {
        throw new Error(`${n} workers computed ${run.computed} of ${keys} keys with ${run.errors} errors`);
      }
      rates[n] = (keys / run.ms) * 1000;
      await reset(pipeline);
    }
    return rates;
  };
  const row: Record<string, string | number> = {
    backend: backend.name,
    'hand loop keys/s': Math.round((KEYS / loopMs) * 1000),
    'populate() keys/s': Math.round((KEYS / direct) * 1000),
    'overhead ms/key': Number(((direct - loopMs) / KEYS).toFixed(2)),
    [`time / loop (target ≤ ${LOOP_TARGET})`]: Number((direct / loopMs).toFixed(2)),
  };
  // one embedded database cannot be shared by worker processes
  if (!connection.adapter.sharedAcrossProcesses) {
    await schema.drop({ prompt: false });
    await inst.close();
    return row;
  }
  const rates = await workerRates(KEYS, 0);
  const waiting = await workerRates(WAITING_KEYS, MAKE_WAIT_MS);
  await schema.drop({ prompt: false });
  await inst.close();
  return {
    ...row,
    '1 worker makes/s': Math.round(rates[1]!),
    '4 workers makes/s': Math.round(rates[4]!),
    'scaling 4/1': Number((rates[4]! / rates[1]!).toFixed(2)),
    [`${MAKE_WAIT_MS} ms make: 1 worker/s`]: Math.round(waiting[1]!),
    '4 workers/s': Math.round(waiting[4]!),
    'scaling 4/1 ': Number((waiting[4]! / waiting[1]!).toFixed(2)),
  };
}

export async function populateBenchmark(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const backend of benchBackends()) rows.push(await measure(backend));
  console.log(
    `\npopulate(): ${KEYS} keys, trivial make (one insert); workers are processes sharing the jobs queue ` +
      `(${cpus().length} cores for the workers and the database); then ${WAITING_KEYS} keys whose make waits ${MAKE_WAIT_MS} ms`,
  );
  console.table(rows);
}
