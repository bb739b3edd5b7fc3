/**
 * `populate()` (spec-pipeline §7.3–§7.4, §8.4): computes the missing rows of an
 * auto-populated table, one key at a time, each in its own transaction: `make(key)` inserts
 * into the table and its parts, and a failure rolls back everything it wrote. With
 * `reserveJobs`, keys are taken from the table's jobs queue, so that any number of workers
 * (processes, machines, or datajoint-python) share the work and compute each key once.
 * With `processes`, one call hands its keys to worker threads (see `worker-pool.ts`).
 */
import { compileUpdate, keyInSelect, sqlValue } from '@dj/core/internal';
import { DataJointError, type QueryExpression, type Restriction, type Row } from '@dj/core';
import type { JobsTable } from '../jobs/jobs-table';
import { runAsMake, type MakeCall } from '../tables/populate-context';
import { codeVersion } from './code-version';
import { fetchFingerprint } from './fetch-fingerprint';
import { LookAhead } from './look-ahead';
import { progressBar, type ProgressBar } from './progress-bar';
import { populateInWorkers, workerCount } from './worker-pool';

/** Options of `populate()`. */
export interface PopulateOptions {
  /** Only keys matching this (anything `restrict()` takes). */
  restriction?: Restriction;
  /** Go on after a failing `make`, collecting the errors (default: stop at the first, after its rollback). */
  suppressErrors?: boolean;
  /** Take keys from the jobs table, reserving each, so that many workers can share the work. */
  reserveJobs?: boolean;
  /** Attempt at most this many keys. */
  maxCalls?: number;
  /** Order of the keys: by key (`'original'`, default), `'reverse'` or `'random'`. */
  order?: 'original' | 'reverse' | 'random';
  /** Draw a progress bar on the terminal. */
  displayProgress?: boolean;
  /** Passed to `make(key, makeKwargs)` (or to `makeFetch`). */
  makeKwargs?: Record<string, unknown>;
  /** With `reserveJobs`: priority of new jobs, and only jobs of at most this priority are taken. */
  priority?: number;
  /** With `reserveJobs`: add new keys to the queue first (default `jobs.auto_refresh`). */
  refresh?: boolean;
  /**
   * Worker threads computing the keys, each with its own connection (datajoint-python
   * `processes`). Default 1: this thread. `0` or `null`: one per CPU. At most one per CPU
   * and one per key are started. The keys are chosen once, here, and handed out one at a
   * time, so `restriction`, `maxCalls` and `order` mean what they mean for one process;
   * with `reserveJobs` each is reserved in the jobs table before it is handed out. Each worker loads the module
   * that declared the class (or {@link workerModule}). On PGlite, whose database lives in
   * this thread, the keys are computed here.
   */
  processes?: number | null;
  /**
   * With `processes`: the module file a worker loads to get the table class (default: the
   * file whose `@schema.table` declared it, recorded at decoration), e.g. `__filename`.
   */
  workerModule?: string;
}

/** What `populate()` did. */
export interface PopulateResult {
  /** Keys computed. */
  successCount: number;
  /** Keys whose `make` failed (with `suppressErrors`). */
  errorList: Array<{ key: Row; error: Error }>;
}

/** The make methods a class may define: `make`, or the three parts. */
export interface MakeMethods {
  make?(key: Row, kwargs?: Record<string, unknown>): unknown;
  makeFetch?(key: Row, kwargs?: Record<string, unknown>): unknown;
  makeCompute?(key: Row, fetched: unknown): unknown;
  makeInsert?(key: Row, computed: unknown): unknown;
}

/** What populating needs from the table. */
export interface PopulateTarget {
  readonly connection: import('@dj/core').Connection;
  readonly schemaName: string;
  readonly tableName: string;
  readonly fullTableName: string;
  /** The class name, for messages and the progress bar. */
  readonly label: string;
  /** The table class (a tenant's copy, possibly), which worker threads load again. */
  readonly tableClass: object;
  readonly methods: MakeMethods;
  /** The target's rows with this primary key, or with any of these. */
  rowsOf(keys: Row | readonly Row[]): QueryExpression;
  /** The target's primary keys. */
  keysQuery(): QueryExpression;
  keySource(): Promise<QueryExpression>;
  jobs(): JobsTable;
  /** Whether the table has the hidden job-metadata columns. */
  hasJobMetadata(): boolean;
}

/** Keys reserved at once, at most, and how long a batch should take to compute. */
const MAX_RESERVATION_BATCH = 16;
const RESERVATION_BATCH_MS = 250;
/** Keys asked for in one reservation, at most (most may have gone to other workers). */
const MAX_RESERVATION_ASK = 256;

/** What computing one key came to. */
export type Outcome = { kind: 'success' } | { kind: 'skipped' } | { kind: 'error'; error: Error };

/** The outcomes without data, allocated once. */
const SUCCESS: Outcome = Object.freeze({ kind: 'success' });
const SKIPPED: Outcome = Object.freeze({ kind: 'skipped' });

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** How a failure is recorded: `Class: message`, or the class alone. */
function errorMessage(error: Error): string {
  return error.message ? `${error.name}: ${error.message}` : error.name;
}

function ordered<T>(items: T[], order: PopulateOptions['order']): T[] {
  if (order === 'reverse') return items.reverse();
  if (order === 'random') {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
  }
  return items;
}

/** Keys of the key source (restricted) that the table lacks. */
export async function pendingKeys(target: PopulateTarget, restriction: Restriction | undefined): Promise<QueryExpression> {
  let keySource = await target.keySource();
  if (restriction !== undefined) keySource = keySource.restrict(restriction);
  return keySource.proj().minus(target.keysQuery(), { semanticCheck: false });
}

/** Writes the hidden job-metadata columns of a computed row. */
async function recordJobMetadata(target: PopulateTarget, key: Row, started: Date, seconds: number): Promise<void> {
  const { connection } = target;
  const rows = await target.rowsOf(key).prepare();
  const version = await codeVersion(connection.config.get('jobs.version_method'));
  const statement = compileUpdate(connection.adapter, {
    table: target.fullTableName,
    set: [
      ['_job_start_time', sqlValue(started)],
      ['_job_duration', sqlValue(seconds)],
      ['_job_version', sqlValue(version)],
    ],
    where: [keyInSelect(connection.adapter, rows.primaryKey, rows.sql())],
  });
  await connection.query(statement.sql, statement.params);
}

/** What computing a key needs of its target that is the same for every key: worked out once per target (one populate call). */
interface MakePlan {
  /** The class defines the three parts `makeFetch`, `makeCompute`, `makeInsert`. */
  readonly tripartite: boolean;
  /** The class defines `make` (else, unless tripartite, every key fails with the same error). */
  readonly plain: boolean;
  /** The table has the hidden job-metadata columns. */
  readonly jobMetadata: boolean;
}

const plans = new WeakMap<PopulateTarget, MakePlan>();

function planOf(target: PopulateTarget): MakePlan {
  let plan = plans.get(target);
  if (!plan) {
    const { methods } = target;
    plan = {
      tripartite: typeof methods.makeFetch === 'function' && typeof methods.makeCompute === 'function' && typeof methods.makeInsert === 'function',
      plain: typeof methods.make === 'function',
      jobMetadata: target.hasJobMetadata(),
    };
    plans.set(target, plan);
  }
  return plan;
}

/**
 * Computes one key (P1-2..P1-9; the job, if any, is reserved: here, or by the caller of a worker thread): its own transaction, the
 * table's make, then the bookkeeping. Unless the caller has just found the key missing from
 * the table (`checked`, see `look-ahead.ts`), the transaction first checks that it is, as
 * datajoint-python does. A make that fails because another worker made the key meanwhile
 * (its insert meets that row) counts as skipped.
 */
export async function populateOne(target: PopulateTarget, key: Row, options: PopulateOptions, jobs: JobsTable | null, checked = false): Promise<Outcome> {
  const { connection, methods } = target;
  const { tripartite, plain, jobMetadata } = planOf(target);
  const started = new Date();
  // one object for all phases of the key: what `this.upstream` builds is shared by them
  const identity: MakeCall = { schemaName: target.schemaName, tableName: target.tableName, key };
  try {
    let computed: unknown;
    let fingerprint = '';
    if (tripartite) {
      // fetch and compute hold no transaction; the fetch is repeated inside it to check that nothing changed
      const fetched = await runAsMake(identity, async () => methods.makeFetch!({ ...key }, options.makeKwargs));
      fingerprint = fetchFingerprint(fetched);
      computed = await runAsMake(identity, async () => methods.makeCompute!({ ...key }, fetched));
    } else if (!plain) {
      throw new DataJointError(`${target.label} must define make(key) or makeFetch, makeCompute and makeInsert to be populated.`);
    }
    // the rows, their job metadata and the job's completion commit together
    const done = await connection.transaction(async () => {
      if (!checked && (await target.rowsOf(key).exists())) {
        if (jobs) await jobs.complete(key); // computed meanwhile by another worker
        return false;
      }
      if (tripartite) {
        await runAsMake(identity, async () => {
          const again = await methods.makeFetch!({ ...key }, options.makeKwargs);
          if (fetchFingerprint(again) !== fingerprint) {
            throw new DataJointError('Referential integrity failed! The `makeFetch` data has changed');
          }
          await methods.makeInsert!({ ...key }, computed);
        });
      } else {
        await runAsMake(identity, async () => {
          await methods.make!({ ...key }, options.makeKwargs);
        });
      }
      if (!jobMetadata && !jobs) return true;
      const seconds = (Date.now() - started.getTime()) / 1000;
      if (jobMetadata) await recordJobMetadata(target, key, started, seconds);
      if (jobs) await jobs.complete(key, seconds);
      return true;
    });
    return done ? SUCCESS : SKIPPED;
  } catch (thrown) {
    const error = asError(thrown);
    // the transaction has rolled back: a row there now was made by another worker
    if (await target.rowsOf(key).exists().catch(() => false)) {
      if (jobs) await jobs.complete(key);
      return SKIPPED;
    }
    if (jobs) await jobs.error(key, errorMessage(error), error.stack ?? errorMessage(error));
    if (!options.suppressErrors) throw error;
    connection.config.logger.error(`Error making ${JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))} -> ${target.fullTableName}: ${errorMessage(error)}`);
    return { kind: 'error', error };
  }
}

/** The reserved keys of a worker: those being computed and those of its batch not yet tried. */
export interface HeldKeys {
  current: Row[];
  untried: Row[];
}

/** The populate calls in progress with reserved jobs: what a signal has to hand back. */
const guarded = new Set<{ jobs: JobsTable; held: HeldKeys }>();
const SIGNALS = [
  ['SIGTERM', 'SystemExit: SIGTERM received', 143],
  ['SIGINT', 'KeyboardInterrupt', 130],
] as const;
const signalHandlers = new Map<NodeJS.Signals, () => void>();

/**
 * Records a signal that ends the process while keys are being computed as their jobs'
 * errors, as datajoint-python records KeyboardInterrupt and SystemExit, hands the rest of
 * the reserved batches back to the queue, then exits. One listener per signal serves every
 * populate in progress (a server runs many at once).
 */
export function guardSignals(jobs: JobsTable, held: HeldKeys): () => void {
  const entry = { jobs, held };
  guarded.add(entry);
  if (signalHandlers.size === 0) {
    for (const [signal, message, code] of SIGNALS) {
      const handler = () => {
        const finish = () => process.exit(code);
        const work = [...guarded].flatMap(({ jobs: j, held: h }) => [...h.current.map((key) => j.error(key, message, message)), j.release(h.untried)]);
        Promise.all(work).then(finish, finish);
      };
      signalHandlers.set(signal, handler);
      process.once(signal, handler);
    }
  }
  return () => {
    guarded.delete(entry);
    if (guarded.size > 0) return;
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
    signalHandlers.clear();
  };
}

/** Computes the table's missing rows; see {@link PopulateOptions}. */
export async function populate(target: PopulateTarget, options: PopulateOptions = {}): Promise<PopulateResult> {
  const { connection } = target;
  if (connection.inTransaction) throw new DataJointError('Populate cannot be called during a transaction.');
  const processes = workerCount(options.processes, connection.adapter);
  const result: PopulateResult = { successCount: 0, errorList: [] };
  let keys: Row[];
  let jobs: JobsTable | null = null;
  if (options.reserveJobs) {
    jobs = target.jobs();
    await jobs.ensureDeclared();
    if (options.refresh ?? (connection.config.get('jobs.auto_refresh') as boolean)) {
      await jobs.refresh({ restriction: options.restriction, priority: options.priority, delay: -1 });
    }
    let candidates: QueryExpression = jobs.pending.restrict(`scheduled_time <= ${connection.adapter.currentTimestampSql(3)}`);
    if (options.priority !== undefined) candidates = candidates.restrict(`priority <= ${Math.trunc(options.priority)}`);
    if (options.restriction !== undefined) {
      candidates = candidates.restrict((await pendingKeys(target, options.restriction)).proj(), { semanticCheck: false });
    }
    const rows = await candidates.toDicts({ orderBy: ['priority', 'scheduled_time'], limit: options.maxCalls });
    // workers that walk the queue in one order keep colliding on the same keys: each takes
    // the jobs of one priority in its own random order unless an order is asked for
    const groups = new Map<unknown, Row[]>();
    for (const row of rows) groups.set(row.priority, [...(groups.get(row.priority) ?? []), row]);
    const spread = options.order === undefined ? [...groups.values()].flatMap((group) => ordered(group, 'random')) : rows;
    keys = spread.map((row) => Object.fromEntries(jobs!.primaryKey.map((k) => [k, row[k]])));
  } else {
    keys = await (await pendingKeys(target, options.restriction)).keys({ orderBy: 'KEY' });
    if (options.maxCalls !== undefined) keys = keys.slice(0, Math.max(0, options.maxCalls));
  }
  keys = ordered(keys, options.order);
  if (Math.min(processes, keys.length) > 1) return populateInWorkers(target, keys, Math.min(processes, keys.length), options, jobs);
  const bar: ProgressBar | null = options.displayProgress ? progressBar(target.label, keys.length) : null;
  const held: HeldKeys = { current: [], untried: [] };
  const release = jobs ? guardSignals(jobs, held) : () => undefined;
  const record = (key: Row, outcome: Outcome) => {
    if (outcome.kind === 'success') result.successCount += 1;
    else if (outcome.kind === 'error') result.errorList.push({ key, error: outcome.error });
  };
  try {
    // keys made meanwhile by other workers are found a batch at a time (see look-ahead.ts)
    const lookAhead = new LookAhead((batch) => target.rowsOf(batch));
    if (!jobs) {
      for (const [index, key] of keys.entries()) {
        if (!(await lookAhead.isMade(keys, index))) record(key, await populateOne(target, key, options, null, true));
        bar?.tick();
      }
    } else {
      // Keys are reserved a few at a time (one commit for several quick makes); the batch
      // shrinks to one key when makes take long, so no worker sits on keys others could take.
      // Of the keys listed at the start, fewer and fewer are still pending as other workers
      // take theirs: each reservation asks about as many more keys as the last one lost.
      let batch = 4;
      let share = 1;
      for (let index = 0; index < keys.length; ) {
        const slice = keys.slice(index, index + Math.min(MAX_RESERVATION_ASK, Math.ceil(batch / share)));
        index += slice.length;
        const began = Date.now();
        const won = await jobs.reserveMany(slice);
        share = Math.max(batch / MAX_RESERVATION_ASK, won.length / slice.length);
        for (const [position, key] of won.entries()) {
          held.current = [key];
          held.untried = won.slice(position + 1);
          try {
            if (await lookAhead.isMade(won, position)) await jobs.complete(key);
            else record(key, await populateOne(target, key, options, jobs, true));
          } catch (err) {
            // the rest of the batch was reserved but not attempted, and this key's job may be
            // reserved still (the check before its make failed, or its outcome was not
            // recorded): leave them to other workers. A job already marked done or failed
            // is no longer reserved, so releasing leaves it as it is.
            await jobs.release([key, ...held.untried]).catch(() => undefined);
            throw err;
          }
        }
        held.current = [];
        held.untried = [];
        for (let i = 0; i < slice.length; i += 1) bar?.tick();
        const perKey = (Date.now() - began) / Math.max(won.length, 1);
        batch = Math.min(MAX_RESERVATION_BATCH, Math.max(1, Math.floor(RESERVATION_BATCH_MS / Math.max(perKey, 1))));
      }
    }
  } finally {
    release();
    bar?.stop();
  }
  return result;
}

/** Keys left to compute, and keys in all, of the (restricted) key source. */
export async function progress(target: PopulateTarget, restriction?: Restriction): Promise<{ remaining: number; total: number }> {
  let keySource = await target.keySource();
  if (restriction !== undefined) keySource = keySource.restrict(restriction);
  const [total, remaining] = await Promise.all([keySource.proj().count(), (await pendingKeys(target, restriction)).count()]);
  return { remaining, total };
}
