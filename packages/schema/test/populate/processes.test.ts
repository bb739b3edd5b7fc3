/**
 * `populate({ processes })`: one call computing its keys with worker threads, each loading
 * the module that declared the class and opening its own connection. On the servers the
 * work is shared by real workers; PGlite's database lives in the caller's thread, so there
 * the keys are computed in the caller. The pipeline is a deferred schema bound per test
 * Instance with `lab.on()`, as tenants are.
 */
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import * as progressBarModule from '../../src/populate/progress-bar';

interface Pipeline {
  lab: ReturnType<typeof dj.Schema>;
  Source: typeof dj.Manual;
  MakeLog: typeof dj.Manual;
  Product: typeof dj.Computed;
}
const PIPELINE_MODULE = join(__dirname, 'workers', 'pipeline-module.cjs');
const CRASH_MODULE = join(__dirname, 'workers', 'crash-on-load-module.cjs');
const pipeline = require(PIPELINE_MODULE) as Pipeline;
const crashing = require(CRASH_MODULE) as { lab: Pipeline['lab']; Origin: typeof dj.Manual; Fragile: typeof dj.Computed };

const KEYS = 40;

describeBackends('populate({ processes }) on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'procs' });
  const parallel = backend.name !== 'pglite';
  let Source: typeof dj.Manual;
  let MakeLog: typeof dj.Manual;
  let Product: typeof dj.Computed;

  beforeAll(async () => {
    const tenant = pipeline.lab.on(db.instance, db.schemaName);
    await tenant.ready();
    Source = tenant.get(pipeline.Source);
    MakeLog = tenant.get(pipeline.MakeLog);
    Product = tenant.get(pipeline.Product);
  });
  beforeEach(async () => {
    await Source.insert(Array.from({ length: KEYS }, (_, i) => ({ source_id: i })));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Product.jobs.delete();
    await Product.deleteQuick();
    await MakeLog.deleteQuick();
    await Source.deleteQuick();
  });

  /** How many times make() ran per key, and in which threads. */
  async function makeCalls(): Promise<{ perKey: Map<number, number>; threads: Set<number> }> {
    const rows = await MakeLog.toDicts();
    const perKey = new Map<number, number>();
    for (const row of rows) perKey.set(row.source_id as number, (perKey.get(row.source_id as number) ?? 0) + 1);
    return { perKey, threads: new Set(rows.map((row) => row.thread_id as number)) };
  }

  /** Worker threads on the servers (at least `shared` of them); the caller's thread on PGlite. */
  function expectThreads(threads: Set<number>, shared = 1): void {
    if (parallel) {
      expect(threads.size).toBeGreaterThanOrEqual(shared);
      expect(threads.has(threadId)).toBe(false);
    } else {
      expect([...threads]).toEqual([threadId]);
    }
  }

  it.each([false, true])('computes every key exactly once with 4 processes (reserveJobs: %s)', async (reserveJobs) => {
    // makes long enough (2 s in all) that a worker starting late still finds keys left
    const result = await Product.populate({ processes: 4, reserveJobs, makeKwargs: { delayMs: 50 } });
    expect(result).toEqual({ successCount: KEYS, errorList: [] });
    const { perKey, threads } = await makeCalls();
    expect(perKey.size).toBe(KEYS);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expectThreads(threads, 2);
    expect(await Product.progress()).toEqual({ remaining: 0, total: KEYS });
    expect(await Product.jobs.progress()).toMatchObject({ reserved: 0, error: 0, pending: 0 });
    const doubled = await Product.toDicts({ orderBy: ['source_id'] });
    expect(doubled.map((row) => row.doubled)).toEqual(Array.from({ length: KEYS }, (_, i) => 2 * i));
  });

  it('shares the jobs queue with another populate call: each key made once across both', async () => {
    // the queue is filled once: concurrent refreshes can deadlock on MySQL, which the calls would report
    await Product.jobs.refresh({ delay: -1 });
    const options = { processes: 2, reserveJobs: true, refresh: false, makeKwargs: { delayMs: 5 } };
    const [first, second] = await Promise.all([Product.populate(options), Product.populate(options)]);
    expect(first.successCount + second.successCount).toBe(KEYS);
    expect(first.errorList.concat(second.errorList)).toEqual([]);
    const { perKey } = await makeCalls();
    expect(perKey.size).toBe(KEYS);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(await Product.jobs.progress()).toMatchObject({ reserved: 0, error: 0, pending: 0 });
  });

  it('keeps restriction, maxCalls and order as one process does', async () => {
    const result = await Product.populate({ processes: 3, restriction: 'source_id >= 10', maxCalls: 6, order: 'reverse' });
    expect(result.successCount).toBe(6);
    // the caller picks the keys as one process does (the first six by key, then reversed), whatever thread made them
    expect((await Product.keys({ orderBy: 'KEY' })).map((key) => key.source_id)).toEqual([10, 11, 12, 13, 14, 15]);
    expect((await Product.populate({ processes: 3, restriction: { source_id: 3 } })).successCount).toBe(1);
    expect(await Product.progress()).toEqual({ remaining: KEYS - 7, total: KEYS });
  });

  it.each([false, true])('collects the errors of every worker with suppressErrors (reserveJobs: %s)', async (reserveJobs) => {
    const result = await Product.populate({ processes: 4, reserveJobs, suppressErrors: true, makeKwargs: { failOn: [3, 17, 29] } });
    expect(result.successCount).toBe(KEYS - 3);
    const failed = result.errorList.map(({ key, error }) => [key.source_id, error.message]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(failed).toEqual([
      [3, 'make refused 3'],
      [17, 'make refused 17'],
      [29, 'make refused 29'],
    ]);
    expect(result.errorList.every(({ error }) => error instanceof Error && error.name === 'Error')).toBe(true);
    expect(await Product.count()).toBe(KEYS - 3);
    if (reserveJobs) {
      expect(await Product.jobs.progress()).toMatchObject({ reserved: 0, error: 3, pending: 0 });
      const messages = (await Product.jobs.errors.toDicts()).map((row) => row.error_message).sort();
      expect(messages).toEqual(['Error: make refused 17', 'Error: make refused 29', 'Error: make refused 3']);
    }
  });

  it('throws the first error without suppressErrors, after the other workers stop, leaving no reservation', async () => {
    await expect(Product.populate({ processes: 4, reserveJobs: true, makeKwargs: { failOn: [0] } })).rejects.toThrow('make refused 0');
    expect(await Product.jobs.reserved.count()).toBe(0);
    expect(await Product.jobs.errors.count()).toBe(1);
    // the keys not handed out are still pending, and each key made is made once
    const { perKey } = await makeCalls();
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(perKey.has(0)).toBe(false);
    expect(await Product.jobs.pending.count()).toBe(KEYS - 1 - perKey.size);
  });

  it('ticks one progress bar for the keys of all workers', async () => {
    const ticks = { count: 0, total: -1, stopped: false };
    jest.spyOn(progressBarModule, 'progressBar').mockImplementation((_label, total) => {
      ticks.total = total;
      return {
        tick: () => void (ticks.count += 1),
        stop: () => void (ticks.stopped = true),
      };
    });
    await Product.populate({ processes: 4, displayProgress: true, suppressErrors: true, makeKwargs: { failOn: [5] } });
    expect(ticks).toEqual({ count: KEYS, total: KEYS, stopped: true });
    expect(progressBarModule.progressBar).toHaveBeenCalledTimes(1);
  });

  it('processes: 1 computes in the calling thread, as without the option', async () => {
    const one = await Product.populate({ processes: 1, maxCalls: 20 });
    const none = await Product.populate({ maxCalls: 20 });
    expect(one).toEqual({ successCount: 20, errorList: [] });
    expect(none).toEqual(one);
    expect((await makeCalls()).threads).toEqual(new Set([threadId]));
  });

  it('works in thread-safe mode, where workers reach nothing global', async () => {
    const saved = process.env.DJ_THREAD_SAFE;
    process.env.DJ_THREAD_SAFE = 'true';
    try {
      expect(await Product.populate({ processes: 2, reserveJobs: true })).toEqual({ successCount: KEYS, errorList: [] });
    } finally {
      if (saved === undefined) delete process.env.DJ_THREAD_SAFE;
      else process.env.DJ_THREAD_SAFE = saved;
    }
    expectThreads((await makeCalls()).threads);
  });

  it('reports a worker that fails to load its module as a DataJointError, leaving no reservation', async () => {
    const tenant = crashing.lab.on(db.instance, db.schemaName);
    const Crashing = tenant.get(crashing.Fragile);
    await tenant.ready();
    await tenant.get(crashing.Origin).insert([{ origin_id: 1 }, { origin_id: 2 }, { origin_id: 3 }]);
    const populating = Crashing.populate({ processes: 2, reserveJobs: true });
    if (parallel) {
      await expect(populating).rejects.toThrow(dj.DataJointError);
      await expect(populating).rejects.toThrow(/failed \(loading .*crash-on-load-module\.cjs\): this module refuses to load in a worker thread/);
      expect(await Crashing.count()).toBe(0);
    } else {
      expect(await populating).toEqual({ successCount: 3, errorList: [] });
    }
    expect(await Crashing.jobs.reserved.count()).toBe(0);
    await Crashing.jobs.delete();
    await Crashing.deleteQuick();
    await tenant.get(crashing.Origin).deleteQuick();
  });

  it('loads the workerModule given, and refuses one that declares no such class', async () => {
    expect(await Product.populate({ processes: 2, workerModule: PIPELINE_MODULE, maxCalls: 10 })).toEqual({ successCount: 10, errorList: [] });
    const populating = Product.populate({ processes: 2, workerModule: join(__dirname, 'workers', 'no-tables-module.cjs') });
    if (parallel) {
      await expect(populating).rejects.toThrow(/no-tables-module\.cjs declared no table class Product/);
      expect(await Product.count()).toBe(10);
    } else {
      expect((await populating).successCount).toBe(KEYS - 10);
    }
  });

  it('reports a worker that ends inside make() as a DataJointError and records its job as failed', async () => {
    const populating = Product.populate({ processes: 2, reserveJobs: true, makeKwargs: { exitOn: [4] } });
    if (parallel) {
      await expect(populating).rejects.toThrow(/A populate worker of Product exited \(code 3\) while computing \{"source_id":4\}/);
      const [failed] = await Product.jobs.errors.toDicts();
      expect(failed).toMatchObject({ source_id: 4, error_message: 'populate worker exited (code 3) while computing this key' });
      expect(await Product.restrict({ source_id: 4 }).count()).toBe(0);
    } else {
      expect((await populating).successCount).toBe(KEYS);
    }
    expect(await Product.jobs.reserved.count()).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN, '2' as unknown as number])('refuses processes: %p', async (processes) => {
    await expect(Product.populate({ processes })).rejects.toThrow(/populate option processes must be a whole number/);
    expect(await Product.count()).toBe(0);
  });

  it.each(['', 'no/such/module.cjs', 42 as unknown as string])('refuses workerModule: %p', async (workerModule) => {
    const populating = Product.populate({ processes: 2, workerModule });
    if (parallel) await expect(populating).rejects.toThrow(/populate option workerModule must be the path of an existing module file/);
    else expect((await populating).successCount).toBe(KEYS);
  });

  it('refuses makeKwargs that cannot reach a worker', async () => {
    const populating = Product.populate({ processes: 2, makeKwargs: { callback: () => 1 } });
    if (parallel) await expect(populating).rejects.toThrow(/populate option makeKwargs must be plain data/);
    else expect((await populating).successCount).toBe(KEYS);
  });
});
