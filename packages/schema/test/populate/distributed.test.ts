/**
 * Distributed populate (spec-pipeline §8.4) with real worker processes on one server:
 * four processes share 400 keys through the jobs table and compute each exactly once, and
 * a worker killed inside make() leaves a reservation that the next worker reclaims once it
 * is older than `jobs.stale_timeout`. PGlite lives inside one process, so these run on the
 * servers only.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as dj from 'datajoint';
import { describeBackends, type TestBackend, useTestInstance } from '@dj/testing';

const run = promisify(execFile);
const WORKER = join(__dirname, 'workers', 'populate-worker.cjs');
const KEYS = 400;
const WORKERS = 4;
/** `jobs.stale_timeout` of the crash test: long enough to check the reservation, short enough to wait out. */
const STALE_SECONDS = 3;

interface WorkerReport {
  pid: number;
  successCount: number;
  errors: string[];
}

/** Runs the worker script to its end; resolves to its report, or to how it ended. */
async function startWorker(backend: TestBackend, schemaName: string, mode: 'work' | 'crash' | 'sigterm'): Promise<WorkerReport | { signal: string } | { code: number }> {
  const env = { ...process.env, DJ_WORKER_OPTIONS: JSON.stringify(backend.options), DJ_WORKER_SCHEMA: schemaName };
  try {
    const { stdout } = await run(process.execPath, [WORKER, mode], { env, timeout: 120_000 });
    // the report is the last line; log lines (on stdout, as DataJoint logs) may come before it
    return JSON.parse(stdout.trim().split('\n').pop()!) as WorkerReport;
  } catch (err) {
    const { signal, code, stderr } = err as { signal?: string; code?: number; stderr?: string };
    if (signal) return { signal };
    if (typeof code === 'number' && code > 1) return { code };
    throw new Error(`worker failed: ${stderr ?? String(err)}`);
  }
}

describeBackends('populate by worker processes on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'workers' });

  /** The tables the worker script binds, declared here first. */
  function declare() {
    const schema = db.schema();
    @schema.table
    class Source extends dj.Manual {
      static definition = `
      source_id : int32
      `;
    }
    @schema.table
    class Product extends dj.Computed {
      static definition = `
      -> Source
      ---
      worker_pid : int32
      `;

      async make(key: dj.Row): Promise<void> {
        await this.insert1({ ...key, worker_pid: process.pid });
      }
    }
    return { Source, Product };
  }

  let tables: ReturnType<typeof declare>;
  beforeAll(async () => {
    tables = declare();
    await db.schema().ready();
  });
  afterEach(async () => {
    await tables.Product.jobs.delete();
    await tables.Product.deleteQuick();
    await tables.Source.deleteQuick();
  });

  it(`computes ${KEYS} keys exactly once with ${WORKERS} processes`, async () => {
    const { Source, Product } = tables;
    await Source.insert(Array.from({ length: KEYS }, (_, i) => ({ source_id: i })));

    const reports = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(backend, db.schemaName, 'work')));

    const workers = reports as WorkerReport[];
    expect(workers.every((r) => 'successCount' in r && r.errors.length === 0)).toBe(true);
    // each key made once: the counts add up, and every row is there once (the key is primary)
    expect(workers.reduce((sum, r) => sum + r.successCount, 0)).toBe(KEYS);
    expect(await Product.count()).toBe(KEYS);
    const perWorker = await dj.U('worker_pid').aggr(Product, { n: 'count(*)' }).toDicts();
    const byPid = new Map(perWorker.map((row) => [Number(row.worker_pid), Number(row.n)]));
    for (const report of workers) expect(byPid.get(report.pid) ?? 0).toBe(report.successCount);
    expect(await Product.jobs.progress()).toMatchObject({ error: 0, reserved: 0, pending: 0 });
    expect(await Product.progress()).toEqual({ remaining: 0, total: KEYS });
  });

  it('reclaims the reservation of a worker that died inside make()', async () => {
    const { Source, Product } = tables;
    await Source.insert([{ source_id: 1 }, { source_id: 2 }, { source_id: 3 }]);
    db.instance.config.set('jobs.stale_timeout', STALE_SECONDS);
    try {
      const crashed = await startWorker(backend, db.schemaName, 'crash');
      expect(crashed).toEqual({ signal: 'SIGKILL' });

      // the dead worker's key is still reserved, and its make() left nothing behind
      const [stuck] = await Product.jobs.reserved.toDicts();
      expect(stuck).toBeDefined();
      expect(await Product.restrict({ source_id: stuck!.source_id }).count()).toBe(0);
      expect(await Product.jobs.progress()).toMatchObject({ reserved: 1, pending: 2 });

      // younger than the stale timeout: still the dead worker's
      await Product.populate({ reserveJobs: true });
      expect(await Product.count()).toBe(2);
      expect(await Product.jobs.reserved.count()).toBe(1);

      // older: the next populate puts it back to pending and computes it
      await new Promise((resolve) => setTimeout(resolve, STALE_SECONDS * 1000 + 500));
      const result = await Product.populate({ reserveJobs: true });
      expect(result).toEqual({ successCount: 1, errorList: [] });
      expect(await Product.count()).toBe(3);
      expect(await Product.jobs.progress()).toMatchObject({ reserved: 0, error: 0, pending: 0, total: 0 });
    } finally {
      db.instance.config.set('jobs.stale_timeout', 3600);
    }
  });

  it('records SIGTERM inside make() as the job error and hands the rest of the batch back', async () => {
    const { Source, Product } = tables;
    await Source.insert([{ source_id: 1 }, { source_id: 2 }, { source_id: 3 }]);
    expect(await startWorker(backend, db.schemaName, 'sigterm')).toEqual({ code: 143 });

    expect(await Product.count()).toBe(0);
    expect(await Product.jobs.progress()).toMatchObject({ error: 1, reserved: 0, pending: 2 });
    const [failed] = await Product.jobs.errors.toDicts();
    expect(failed!.error_message).toBe('SystemExit: SIGTERM received');
    // the other keys are anyone's again
    expect(await Product.populate({ reserveJobs: true })).toEqual({ successCount: 2, errorList: [] });
  });
}, { only: ['mysql', 'postgresql'] });
