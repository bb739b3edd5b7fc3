/**
 * `populate({ processes })`: the keys chosen by the caller are handed out one at a time
 * to worker threads (`populate-worker.ts`), each with its own connection, as
 * datajoint-python's pool does with `imap(..., chunksize=1)`. With `reserveJobs` each key
 * is reserved in the jobs table (by the caller, slightly ahead) before it is handed out,
 * so other calls, processes and machines sharing the queue never compute it too. Outcomes are merged into one result and one progress bar.
 * A failing make without `suppressErrors`, or a worker that cannot start or dies, stops
 * the handing out; the keys in progress finish, and then the first failure is thrown.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataJointError, type Row } from '@dj/core';
import { writeToLogSink, type Adapter } from '@dj/core/internal';
import type { JobsTable } from '../jobs/jobs-table';
import { bindingOf } from '../tables/table-binding';
import { declaringModuleOf } from './declaring-module';
import { guardSignals, type HeldKeys, type PopulateOptions, type PopulateResult, type PopulateTarget } from './populate';
import { progressBar } from './progress-bar';
import { receiveError, type FromWorker, type ToWorker, type WorkerSetup } from './worker-protocol';

/**
 * How many workers `processes` asks for: 1 by default; `0`/`null` one per CPU; never more
 * than the CPUs, and 1 on a backend whose database other threads cannot open (PGlite).
 * @throws DataJointError naming `processes` when it is not a whole number ≥ 0.
 */
export function workerCount(processes: number | null | undefined, adapter: Adapter): number {
  if (processes === undefined) return 1;
  if (processes !== null && (typeof processes !== 'number' || !Number.isInteger(processes) || processes < 0)) {
    throw new DataJointError(`populate option processes must be a whole number of workers (0 or null: one per CPU), not ${String(processes)}.`);
  }
  if (!adapter.sharedAcrossProcesses) return 1;
  return Math.min(processes || Infinity, availableParallelism());
}

/**
 * The worker script. Under a TypeScript runner (ts-jest, ts-node) this file is a `.ts`
 * source, which a worker thread cannot run: the package's built file is used instead.
 */
function workerScript(): string {
  const script = __filename.endsWith('.ts') ? join(__dirname, '..', '..', 'dist', 'populate', 'populate-worker.js') : join(__dirname, 'populate-worker.js');
  if (!existsSync(script)) throw new DataJointError(`populate({ processes }) needs the built worker ${script}: build @dj/schema (npm run build).`);
  return script;
}

/** What a worker is told to start with. */
function workerSetup(target: PopulateTarget, options: PopulateOptions): WorkerSetup {
  const origin = declaringModuleOf(target.tableClass);
  const given = options.workerModule;
  if (given !== undefined && (typeof given !== 'string' || !existsSync(resolve(given)) || !statSync(resolve(given)).isFile())) {
    throw new DataJointError(`populate option workerModule must be the path of an existing module file, not ${JSON.stringify(given)}.`);
  }
  const module = given !== undefined ? resolve(given) : origin?.file;
  if (module === undefined) {
    throw new DataJointError(
      `populate({ processes }) loads the module declaring ${target.label} in each worker, and none was recorded for it: pass workerModule (e.g. workerModule: __filename).`,
    );
  }
  const declared = (origin?.declared ?? target.tableClass) as { name: string };
  const schema = bindingOf(declared)?.schema;
  const setup: WorkerSetup = {
    module,
    className: declared.name,
    declaredSchema: schema?.isActivated ? schema.name : null,
    databaseName: target.schemaName,
    instance: target.connection.replicaOptions(),
    suppressErrors: options.suppressErrors ?? false,
    reserveJobs: options.reserveJobs ?? false,
    ...(options.makeKwargs === undefined ? {} : { makeKwargs: options.makeKwargs }),
  };
  try {
    structuredClone(setup);
  } catch (err) {
    throw new DataJointError(`populate option makeKwargs must be plain data to reach worker threads: ${(err as Error).message}`, { cause: err });
  }
  return setup;
}

/**
 * The keys of one call, handed out one at a time. With jobs, keys are reserved here, a few
 * ahead of the workers (one to two each, reserved together) so that none waits for a reservation;
 * a key another worker took is skipped. Calls are queued: two idle workers never get the
 * same key.
 */
class KeyDispenser {
  private readonly queue: Row[];
  /** Reserved, not handed out yet. */
  private reserved: Row[] = [];
  private taking: Promise<unknown> = Promise.resolve();
  private reserving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    keys: Row[],
    private readonly jobs: JobsTable | null,
    /** Keys kept reserved ahead, at least (one per worker); up to twice as many are reserved at once. */
    private readonly ahead: number,
    private readonly held: HeldKeys,
    /** Called for each key skipped because another worker reserved it first. */
    private readonly onSkipped: () => void,
  ) {
    this.queue = [...keys];
  }

  /** The next key to compute, or `undefined` when there is none. */
  next(): Promise<Row | undefined> {
    const result = this.taking.then(() => this.take());
    this.taking = result.catch(() => undefined);
    return result;
  }

  /** Reserves no more, and gives the keys reserved and not handed out back to the queue. */
  async close(): Promise<void> {
    this.closed = true;
    await this.reserving.catch(() => undefined);
    const unused = this.reserved;
    this.reserved = [];
    this.held.untried = [];
    if (this.jobs && unused.length > 0) await this.jobs.release(unused);
  }

  private async take(): Promise<Row | undefined> {
    if (!this.jobs) return this.queue.shift();
    if (this.reserved.length === 0) await this.topUp();
    const key = this.reserved.shift();
    this.held.untried = [...this.reserved];
    // a failed reservation stays in `reserving` and fails the next take
    if (this.reserved.length < this.ahead) this.topUp().catch(() => undefined);
    return key;
  }

  /**
   * Reserves keys until `ahead` wait or the queue is empty, up to twice `ahead` in one
   * reservation (one statement on PostgreSQL), so that there is one reservation for every
   * `ahead` keys handed out; keys another worker took are skipped.
   */
  private topUp(): Promise<void> {
    this.reserving = this.reserving.then(async () => {
      while (!this.closed && this.reserved.length < this.ahead && this.queue.length > 0) {
        const batch = this.queue.splice(0, 2 * this.ahead - this.reserved.length);
        const won = await this.jobs!.reserveMany(batch);
        this.reserved.push(...won);
        for (let i = won.length; i < batch.length; i += 1) this.onSkipped();
        this.held.untried = [...this.reserved];
      }
    });
    return this.reserving;
  }
}

/** Computes `keys` with `count` worker threads; see the file comment. */
export async function populateInWorkers(target: PopulateTarget, keys: Row[], count: number, options: PopulateOptions, jobs: JobsTable | null): Promise<PopulateResult> {
  const setup = workerSetup(target, options);
  const script = workerScript();
  const result: PopulateResult = { successCount: 0, errorList: [] };
  const bar = options.displayProgress ? progressBar(target.label, keys.length) : null;
  const inFlight = new Map<Worker, Row>();
  const held: HeldKeys = { current: [], untried: [] };
  const dispenser = new KeyDispenser(keys, jobs, count, held, () => bar?.tick());
  const release = jobs ? guardSignals(jobs, held) : () => undefined;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };

  const runWorker = () =>
    new Promise<void>((done) => {
      const worker = new Worker(script, { workerData: setup });
      const handOut = async () => {
        let key: Row | undefined;
        try {
          key = failure === null ? await dispenser.next() : undefined;
        } catch (err) {
          fail(err instanceof Error ? err : new Error(String(err)));
        }
        if (failure !== null && key !== undefined) {
          // reserved while another worker failed: anyone's again
          if (jobs) await jobs.release([key]).catch(() => undefined);
          key = undefined;
        }
        if (key === undefined) inFlight.delete(worker);
        else inFlight.set(worker, key);
        held.current = [...inFlight.values()];
        worker.postMessage((key === undefined ? { type: 'stop' } : { type: 'key', key }) satisfies ToWorker);
      };
      let started = false;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'log') return writeToLogSink(message.level, message.message);
        started = true;
        if (message.type === 'outcome') {
          const key = inFlight.get(worker)!;
          if (message.outcome === 'success') result.successCount += 1;
          if (message.outcome === 'error') {
            const error = receiveError(message.error);
            if (options.suppressErrors) result.errorList.push({ key, error });
            else fail(error);
          }
          bar?.tick();
        }
        void handOut();
      });
      worker.on('error', (error) => {
        const stage = started ? '' : ` (loading ${setup.module})`;
        fail(new DataJointError(`A populate worker of ${target.label} failed${stage}: ${error.message}`, { cause: error }));
      });
      worker.on('exit', (code) => {
        const lost = inFlight.get(worker);
        inFlight.delete(worker);
        held.current = [...inFlight.values()];
        if (lost === undefined) return done();
        const message = `populate worker exited (code ${code}) while computing this key`;
        fail(new DataJointError(`A populate worker of ${target.label} exited (code ${code}) while computing ${JSON.stringify(lost, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}.`));
        // its reservation would wait for the stale timeout: record why it ended instead
        void (jobs ? jobs.error(lost, message, message).catch(() => undefined) : Promise.resolve()).then(done);
      });
    });

  try {
    await Promise.all(Array.from({ length: count }, runWorker));
    // keys reserved ahead for workers that stopped after a failure: anyone's again
    await dispenser.close();
  } finally {
    release();
    bar?.stop();
  }
  if (failure !== null) throw failure;
  return result;
}
