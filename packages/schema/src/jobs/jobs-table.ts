/**
 * The jobs table of an auto-populated table (spec-pipeline §8): one row per key to
 * compute, with its status (pending, reserved, success, error, ignore). Workers of this
 * library and of datajoint-python share it: a job changes from pending to reserved only
 * under its row lock, so exactly one worker wins it, and server time decides what is due.
 * Its statements are built by core's statement compiler (`compileUpdate`, `keyCondition`, …).
 */
import { hostname } from 'node:os';
import {
  compileDelete,
  compileInsertSelect,
  compileLockingSelect,
  compileSelect,
  compileTableSelect,
  compileUpdate,
  concatSql,
  keyCondition,
  keyInSelect,
  keyPosition,
  runWriteBatch,
  sqlText,
  sqlValue,
  type Assignment,
  type ConditionTarget,
  type SqlFragment,
} from '@dj/core/internal';
import {
  DataJointError,
  pack,
  type Connection,
  type QueryExpression,
  type Restriction,
  type RestrictOptions,
  type Row,
} from '@dj/core';
import { parseDefinition } from '../definition/definition-parser';
import { createTable } from '../declare/declare-table';
import { resolveDeclaration } from '../declare/table-declaration';
import { FreeTable } from '../tables/free-table';
import { TableRestriction } from '../tables/table';
import type { DeleteOptions } from '../delete/cascade-delete';
import { codeVersion } from '../populate/code-version';
import { ERROR_MESSAGE_LENGTH, jobsDefinition, jobsTableName } from './jobs-definition';
import { retryDeadlock } from './deadlock-retry';

/** Job statuses. */
export type JobStatus = 'pending' | 'reserved' | 'success' | 'error' | 'ignore';

/** Options of {@link JobsTable.refresh}. */
export interface RefreshOptions {
  /** Only keys matching this (anything `restrict()` takes). */
  restriction?: Restriction;
  /** Seconds from now until new jobs are due (may be negative). Default 0. */
  delay?: number;
  /** Priority of new jobs (lower runs first). Default `jobs.default_priority`. */
  priority?: number;
  /** Pending jobs older than this many seconds whose key left the key source are removed. Default `jobs.stale_timeout`. */
  staleTimeout?: number;
  /**
   * Reservations older than this many seconds (a worker that died) go back to pending.
   * Default `jobs.stale_timeout`; 0 keeps them.
   */
  orphanTimeout?: number;
}

/** What {@link JobsTable.refresh} changed. */
export interface RefreshResult {
  added: number;
  removed: number;
  orphaned: number;
  rePended: number;
}

/** Counts per status, and in all. */
export type JobsProgress = Record<JobStatus, number> & { total: number };

/** The auto-populated table a jobs table serves. */
export interface JobsTarget {
  readonly connection: Connection;
  readonly schemaName: string;
  readonly tableName: string;
  readonly fullTableName: string;
  /** Declares the target table unless it exists (its jobs table is derived from it). */
  ready(): Promise<unknown>;
  /** The keys to compute, as the target's `populate` sees them. */
  keySource(): Promise<QueryExpression>;
  /** The target's primary keys as a query. */
  keysQuery(): QueryExpression;
}

/** A restriction of a jobs table: deleting from it deletes jobs only, without asking. */
export class JobsRestriction extends TableRestriction {
  override restrict(condition: Restriction, options?: RestrictOptions): JobsRestriction {
    return new JobsRestriction(this.table, super.restrict(condition, options));
  }

  override minus(condition: Restriction, options?: RestrictOptions): JobsRestriction {
    return new JobsRestriction(this.table, super.minus(condition, options));
  }

  /** Removes these jobs (so that `refresh()` can add their keys again), without asking; nothing depends on jobs. */
  override delete(options: DeleteOptions & { dryRun: true }): Promise<Record<string, number>>;
  override delete(options?: DeleteOptions): Promise<number>;
  override async delete(options: DeleteOptions = {}): Promise<number | Record<string, number>> {
    return options.dryRun ? { [this.table.fullTableName]: await this.count() } : this.deleteQuick();
  }
}

/**
 * The jobs table of an auto-populated table (`MyComputed.jobs`): one row per key to compute,
 * with its status. `pending`, `reserved`, `errors`, `ignored` and `completed` restrict it by
 * status; `refresh()` adds the keys due and drops stale ones; `progress()` counts them.
 */
export class JobsTable extends FreeTable {
  private declared: Promise<void> | null = null;
  /** Whether `declared` has succeeded. */
  private knownDeclared = false;
  /** Whether keys this worker asked to reserve went to other workers last time (MySQL reads which are pending first). */
  private contended = false;

  constructor(readonly target: JobsTarget) {
    super(target.connection, target.connection.adapter.fullTableName(target.schemaName, jobsTableName(target.tableName)));
  }

  /**
   * {@link HeadingSource}: declared and its heading loaded.
   * @internal
   */
  override get headingReady(): boolean {
    return this.knownDeclared && super.headingReady;
  }

  /** Declares the jobs table unless it exists. */
  ensureDeclared(): Promise<void> {
    this.declared ??= (async () => {
      await this.declare();
      this.knownDeclared = true;
    })().catch((err: unknown) => {
      this.declared = null;
      throw err;
    });
    return this.declared;
  }

  /** Creates the jobs table unless it exists (another worker may create it meanwhile). */
  private async declare(): Promise<void> {
    if (await this.isDeclared()) return;
    const connection = this.connection;
    if (connection.inTransaction) throw new DataJointError('Cannot declare the jobs table inside a transaction.');
    await this.target.ready();
    const definition = await jobsDefinition(connection, this.target.schemaName, this.target.tableName);
    const declaration = resolveDeclaration(parseDefinition(definition, this.fullTableName), {
      label: this.fullTableName,
      tier: 'manual',
      targets: new Map(),
      keyOf: () => [],
      allowNewKeyInAutoPopulated: true,
    });
    await createTable(connection, this.schemaName, this.tableName, declaration, this, { internal: true }).catch(async (err: unknown) => {
      if (!(await this.isDeclared())) throw err; // another worker declared it meanwhile
    });
  }

  override async prepareHeading(): Promise<void> {
    await this.ensureDeclared();
    await super.prepareHeading();
  }

  override restrict(condition: Restriction, options?: RestrictOptions): JobsRestriction {
    return new JobsRestriction(this, super.restrict(condition, options));
  }

  override minus(condition: Restriction, options?: RestrictOptions): JobsRestriction {
    return new JobsRestriction(this, super.minus(condition, options));
  }

  /** Removes every job, without asking (nothing depends on jobs). */
  override delete(options: DeleteOptions & { dryRun: true }): Promise<Record<string, number>>;
  override delete(options?: DeleteOptions): Promise<number>;
  override async delete(options: DeleteOptions = {}): Promise<number | Record<string, number>> {
    return options.dryRun ? { [this.fullTableName]: await this.count() } : this.deleteQuick();
  }

  // ------------------------------------------------------------------ status views

  /** Jobs waiting for a worker. */
  get pending(): JobsRestriction {
    return this.restrict({ status: 'pending' });
  }

  /** Jobs a worker is computing. */
  get reserved(): JobsRestriction {
    return this.restrict({ status: 'reserved' });
  }

  /** Jobs whose `make` failed; delete them to retry. */
  get errors(): JobsRestriction {
    return this.restrict({ status: 'error' });
  }

  /** Jobs marked to be skipped. */
  get ignored(): JobsRestriction {
    return this.restrict({ status: 'ignore' });
  }

  /** Jobs completed (kept with `jobs.keep_completed`). */
  get completed(): JobsRestriction {
    return this.restrict({ status: 'success' });
  }

  // ------------------------------------------------------------------ operations

  /** What conditions on this table are made against. */
  private get conditionTarget(): ConditionTarget {
    return { heading: this.heading, adapter: this.connection.adapter, description: this.fullTableName };
  }

  /** `WHERE` condition matching the jobs of `keys` (each with every key attribute of the jobs table). */
  private keysWhere(keys: readonly Row[]): SqlFragment {
    return keyCondition(this.conditionTarget, keys);
  }

  private now(): SqlFragment {
    return sqlText(this.connection.adapter.currentTimestampSql(3));
  }

  /** `<column> = ?` for a job column. */
  private is(column: string, value: unknown): SqlFragment {
    return concatSql(`${this.connection.adapter.quoteIdentifier(column)} = `, sqlValue(value));
  }

  /** Jobs that are pending and due (server time), as Python's reservation requires. */
  private dueWhere(): SqlFragment[] {
    return [this.is('status', 'pending'), concatSql(`${this.connection.adapter.quoteIdentifier('scheduled_time')} <= `, this.now())];
  }

  private async run(statement: SqlFragment): Promise<number> {
    return (await this.connection.query(statement.sql, statement.params)).rowCount;
  }

  /**
   * Reserves the job of `key` for this worker: one conditional change that succeeds only
   * while the job is pending and due, so exactly one of several workers gets it.
   */
  async reserve(key: Row): Promise<boolean> {
    return (await this.reserveMany([key])).length === 1;
  }

  /**
   * Reserves the jobs of several keys at once; resolves to the keys this call got. Only jobs
   * still pending and due change, so each key goes to exactly one worker, whichever
   * implementation it runs (datajoint-python's reservation is a conditional UPDATE of one
   * job). A backend that returns what an UPDATE changed (`adapter.updateReturning`) claims
   * them all in one `UPDATE … RETURNING`, under row locks that skip jobs another reserver
   * holds (`adapter.claimRowsSql`). MySQL cannot, and a transaction locking many jobs
   * deadlocks there with Python's one-job UPDATEs (InnoDB takes the primary key and status
   * index locks in the other order), so each key gets Python's own conditional UPDATE
   * (sent together with `runWriteBatch`: on MariaDB one compound statement, in which each
   * UPDATE still commits alone and locks one job, as Python's do); once other workers have taken keys this one asked for, one plain read (locking
   * nothing) first finds which of several keys are still pending: of the keys a worker
   * listed when it started, most go to other workers as the queue drains, and an UPDATE of
   * each would cost a round trip, and often a wait for the lock of a job another worker is
   * completing, for every key lost. A worker alone loses none and reads nothing more.
   */
  async reserveMany(keys: readonly Row[]): Promise<Row[]> {
    if (keys.length === 0) return [];
    await this.ready();
    const connection = this.connection;
    const { adapter } = connection;
    const [user, connectionId, version] = await Promise.all([this.databaseUser(), this.sessionOfWorker(), codeVersion(connection.config.get('jobs.version_method'))]);
    const set: Assignment[] = [
      ['status', sqlValue('reserved')],
      ['host', sqlValue(hostname().slice(0, 255))],
      ['pid', sqlValue(process.pid)],
      ['connection_id', sqlValue(connectionId)],
      ['user', sqlValue(user.slice(0, 255))],
      ['version', sqlValue(version)],
      ['reserved_time', this.now()],
    ];
    let won: number[];
    if (adapter.updateReturning) {
      const key = this.heading.primaryKey;
      const where = [this.keysWhere(keys), ...this.dueWhere()];
      const position = concatSql(keyPosition(this.conditionTarget, keys), ` AS ${adapter.quoteIdentifier('$position')}`);
      const lockedKeys = compileLockingSelect(adapter, this.fullTableName, sqlText(key.map((k) => adapter.quoteIdentifier(k)).join(', ')), where);
      const statement = compileUpdate(adapter, { table: this.fullTableName, set, where: [keyInSelect(adapter, key, lockedKeys)], returning: position });
      won = (await connection.query(statement.sql, statement.params)).rows.map((row) => Number(row.$position));
    } else {
      const candidates = this.contended && keys.length > 1 ? await this.stillDue(keys) : keys.map((_key, i) => i);
      const updates = candidates.map((i) => compileUpdate(adapter, { table: this.fullTableName, set, where: [this.keysWhere([keys[i]!]), ...this.dueWhere()] }));
      const changed = await runWriteBatch(connection, updates);
      won = candidates.filter((_i, j) => changed[j] === 1);
      this.contended = won.length < keys.length;
    }
    return [...new Set(won)].sort((a, b) => a - b).map((i) => keys[i]!);
  }

  /** Positions (in `keys`, ascending) of the keys whose jobs are pending and due now, by a plain read. */
  private async stillDue(keys: readonly Row[]): Promise<number[]> {
    const position = concatSql(keyPosition(this.conditionTarget, keys), ` AS ${this.connection.adapter.quoteIdentifier('$position')}`);
    const statement = compileTableSelect(this.fullTableName, position, [this.keysWhere(keys), ...this.dueWhere()]);
    const { rows } = await this.connection.query(statement.sql, statement.params);
    return rows.map((row) => Number(row.$position)).sort((a, b) => a - b);
  }

  /** Puts jobs this worker reserved but did not attempt back to pending. */
  async release(keys: readonly Row[]): Promise<void> {
    if (keys.length === 0) return;
    await this.ready();
    await this.run(
      compileUpdate(this.connection.adapter, {
        table: this.fullTableName,
        set: [
          ['status', sqlValue('pending')],
          ['reserved_time', sqlText('NULL')],
        ],
        where: [this.keysWhere(keys), this.is('status', 'reserved')],
      }),
    );
  }

  /** Marks the job of `key` done: kept as `success` with `jobs.keep_completed`, else removed. */
  async complete(key: Row, duration?: number): Promise<void> {
    await this.ready();
    const connection = this.connection;
    const where = [this.keysWhere([key])];
    if (connection.config.get('jobs.keep_completed')) {
      await this.run(
        compileUpdate(connection.adapter, {
          table: this.fullTableName,
          set: [
            ['status', sqlValue('success')],
            ['completed_time', this.now()],
            ['duration', sqlValue(duration ?? null)],
          ],
          where,
        }),
      );
    } else {
      await this.run(compileDelete(this.fullTableName, where));
    }
  }

  /** Records that the job of `key` failed, with its message (cut to 2047 characters) and stack. */
  async error(key: Row, message: string, stack?: string): Promise<void> {
    await this.ready();
    const connection = this.connection;
    const text = message.length > ERROR_MESSAGE_LENGTH ? `${message.slice(0, ERROR_MESSAGE_LENGTH - 12)}...truncated` : message;
    const blob = stack === undefined ? null : pack(stack);
    const changed = await this.run(
      compileUpdate(connection.adapter, {
        table: this.fullTableName,
        set: [
          ['status', sqlValue('error')],
          ['completed_time', this.now()],
          ['error_message', sqlValue(text)],
          ['error_stack', sqlValue(blob)],
        ],
        where: [this.keysWhere([key])],
      }),
    );
    if (changed === 0) {
      await this.insert1(
        { ...this.keyOf(key), status: 'error', priority: connection.config.get('jobs.default_priority'), error_message: text, error_stack: stack ?? null },
        { skipDuplicates: true },
      );
    }
  }

  /** Marks the job of `key` to be skipped by every worker. */
  async ignore(key: Row): Promise<void> {
    await this.ready();
    const connection = this.connection;
    const changed = await this.run(
      compileUpdate(connection.adapter, { table: this.fullTableName, set: [['status', sqlValue('ignore')]], where: [this.keysWhere([key])] }),
    );
    if (changed === 0) {
      await this.insert1({ ...this.keyOf(key), status: 'ignore', priority: connection.config.get('jobs.default_priority') }, { skipDuplicates: true });
    }
  }

  /** The key's primary-key attributes only. */
  private keyOf(key: Row): Row {
    return Object.fromEntries(this.heading.primaryKey.map((k) => [k, key[k]]));
  }

  /**
   * Brings the queue up to date with the key source: adds pending jobs for new keys,
   * puts completed jobs whose rows were deleted back to pending (with `keep_completed`),
   * removes stale pending jobs whose key left the key source, and returns reservations of
   * workers that died to pending. Each step is one statement. Many workers refresh the
   * same queue as they start: each step looks for its rows first with a plain read, so that
   * only a refresh with something to change takes the locks of a statement that reads the
   * jobs table while writing it (on MySQL, shared locks on every row it reads, which
   * reservations then wait for). Two refreshes adding keys at once can deadlock on MySQL
   * (each holds shared locks the other's insert waits for): the one the server rolls back
   * repeats its insert.
   */
  async refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
    await this.ready();
    const connection = this.connection;
    const { adapter, config } = connection;
    const q = (c: string) => adapter.quoteIdentifier(c);
    const key = this.heading.primaryKey;
    const priority = options.priority ?? (config.get('jobs.default_priority') as number);
    const staleTimeout = options.staleTimeout ?? (config.get('jobs.stale_timeout') as number);
    const orphanTimeout = options.orphanTimeout ?? staleTimeout;
    const unrelated = { semanticCheck: false };
    let keySource = await this.target.keySource();
    if (options.restriction !== undefined) keySource = keySource.restrict(options.restriction);
    const todo = keySource.proj();
    const result: RefreshResult = { added: 0, removed: 0, orphaned: 0, rePended: 0 };
    const before = (seconds: number) => sqlText(`${adapter.currentTimestampSql(3)} - ${adapter.intervalSql(seconds)}`);
    const scheduled = sqlText(`${adapter.currentTimestampSql(3)} + ${adapter.intervalSql(options.delay ?? 0)}`);

    // new keys: in the key source, not computed, not queued in any status
    const fresh = await todo.minus(this.target.keysQuery(), unrelated).minus(this.proj(), unrelated).prepare();
    if (await fresh.exists()) {
      const select = fresh.sql();
      const insert = compileInsertSelect(adapter, {
        table: this.fullTableName,
        columns: [...key, 'status', 'priority', 'scheduled_time'],
        primaryKey: key,
        select: concatSql(`SELECT ${key.map(q).join(', ')}, `, sqlValue('pending'), ', ', sqlValue(priority), ', ', scheduled, ` FROM (`, select, `) AS ${q('$fresh')}`),
        onDuplicate: 'skip',
      });
      result.added = await retryDeadlock(connection, () => this.run(insert));
    }

    if (config.get('jobs.keep_completed')) {
      const redo = await this.completed.restrict(todo, unrelated).minus(this.target.keysQuery(), unrelated).prepare();
      if (await redo.exists()) result.rePended = await this.run(
        compileUpdate(adapter, {
          table: this.fullTableName,
          set: [
            ['status', sqlValue('pending')],
            ['scheduled_time', scheduled],
            ['completed_time', sqlText('NULL')],
          ],
          where: [keyInSelect(adapter, key, compileSelect(adapter, redo.state, key))],
        }),
      );
    }

    if (staleTimeout > 0) {
      const stale = await this.restrict(`status <> 'ignore' AND created_time < ${before(staleTimeout).sql}`)
        .minus(todo, unrelated)
        .prepare();
      if (await stale.exists()) result.removed = await this.run(compileDelete(this.fullTableName, [keyInSelect(adapter, key, compileSelect(adapter, stale.state, key))]));
    }

    if (orphanTimeout > 0) {
      result.orphaned = await this.run(
        compileUpdate(adapter, {
          table: this.fullTableName,
          set: [
            ['status', sqlValue('pending')],
            ['scheduled_time', this.now()],
            ['reserved_time', sqlText('NULL')],
          ],
          where: [this.is('status', 'reserved'), concatSql(`${q('reserved_time')} < `, before(orphanTimeout))],
        }),
      );
    }
    return result;
  }

  /** Jobs per status. */
  async progress(): Promise<JobsProgress> {
    const counts: JobsProgress = { pending: 0, reserved: 0, success: 0, error: 0, ignore: 0, total: 0 };
    if (!(await this.isDeclared())) return counts;
    await this.ready();
    const { rows } = await this.connection.query(
      `SELECT ${this.connection.adapter.quoteIdentifier('status')} AS s, count(*) AS n FROM ${this.fullTableName} GROUP BY ${this.connection.adapter.quoteIdentifier('status')}`,
    );
    for (const row of rows) {
      const n = Number(row.n);
      counts[String(row.s) as JobStatus] = n;
      counts.total += n;
    }
    return counts;
  }

  private userName: Promise<string> | null = null;
  private workerSession: Promise<number> | null = null;

  /** A server session id of this worker, recorded with its reservations (sessions are pooled, so one stands for all). */
  private sessionOfWorker(): Promise<number> {
    this.workerSession ??= this.connection.sessionId();
    return this.workerSession;
  }

  private databaseUser(): Promise<string> {
    this.userName ??= this.connection
      .query<{ u: unknown }>(this.connection.adapter.currentUserSql)
      .then(({ rows }) => String(rows[0]?.u ?? ''));
    return this.userName;
  }
}
