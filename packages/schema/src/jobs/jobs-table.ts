/**
 * The jobs table of an auto-populated table (spec-pipeline §8): one row per key to
 * compute, with its status (pending, reserved, success, error, ignore). Workers of this
 * library and of datajoint-python share it: a key is reserved by one conditional UPDATE,
 * so exactly one worker wins it, and server time decides what is due.
 */
import { hostname } from 'node:os';
import {
  DataJointError,
  pack,
  type Connection,
  type QueryExpression,
  type Restriction,
  type RestrictOptions,
  type Row,
} from '@dj/core';
import { encodeValue } from '@dj/core/internal';
import { parseDefinition } from '../definition/definition-parser';
import { createTable } from '../declare/declare-table';
import { resolveDeclaration } from '../declare/table-declaration';
import { FreeTable } from '../tables/free-table';
import { TableRestriction } from '../tables/table';
import type { DeleteOptions } from '../delete/cascade-delete';
import { codeVersion } from '../populate/code-version';
import { ERROR_MESSAGE_LENGTH, jobsDefinition, jobsTableName } from './jobs-definition';
import { inTurn, reservationsOf } from './process-reservations';

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

  constructor(readonly target: JobsTarget) {
    super(target.connection, target.connection.adapter.fullTableName(target.schemaName, jobsTableName(target.tableName)));
  }

  /** Declares the jobs table unless it exists. */
  ensureDeclared(): Promise<void> {
    this.declared ??= (async () => {
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
    })().catch((err: unknown) => {
      this.declared = null;
      throw err;
    });
    return this.declared;
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

  /** `WHERE` condition and parameters for one key (its primary-key attributes). */
  private keyCondition(key: Row): { sql: string; params: unknown[] } {
    const { adapter } = this.connection;
    const context = { table: this.fullTableName, encodeUuid: (hex: string) => adapter.encodeUuid(hex) };
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const name of this.heading.primaryKey) {
      if (!(name in key)) throw new DataJointError(`The key lacks attribute \`${name}\` of ${this.fullTableName}.`);
      parts.push(`${adapter.quoteIdentifier(name)} = ?`);
      params.push(encodeValue(this.heading.get(name), key[name], context));
    }
    return { sql: parts.join(' AND '), params };
  }

  private now(): string {
    return this.connection.adapter.currentTimestampSql(3);
  }

  /**
   * Reserves the job of `key` for this worker: one UPDATE that succeeds only while the job
   * is pending and due, so exactly one of several workers gets it.
   */
  async reserve(key: Row): Promise<boolean> {
    return (await this.reserveMany([key])).length === 1;
  }

  /**
   * Reserves the jobs of several keys at once, in one conditional UPDATE (only jobs still
   * pending and due change, so each key goes to exactly one worker); resolves to the keys
   * this worker got. Within one process, reservations of a table take turns, and the keys
   * the process holds already are told apart from those this call got.
   */
  async reserveMany(keys: readonly Row[]): Promise<Row[]> {
    if (keys.length === 0) return [];
    await this.ready();
    const connection = this.connection;
    const q = (c: string) => connection.adapter.quoteIdentifier(c);
    const conditions = keys.map((key) => this.keyCondition(key));
    const anyKey = conditions.map((c) => `(${c.sql})`).join(' OR ');
    const keyParams = conditions.flatMap((c) => c.params);
    const [user, connectionId, version] = await Promise.all([this.databaseUser(), this.sessionOfWorker(), codeVersion(connection.config.get('jobs.version_method'))]);
    const host = hostname().slice(0, 255);
    const reservations = reservationsOf(connection, this.fullTableName);
    return inTurn(reservations, async () => {
      const { rowCount } = await connection.query(
        `UPDATE ${this.fullTableName} SET ${q('status')} = 'reserved', ${q('host')} = ?, ${q('pid')} = ?, ${q('connection_id')} = ?, ` +
          `${q('user')} = ?, ${q('version')} = ?, ${q('reserved_time')} = ${this.now()} ` +
          `WHERE (${anyKey}) AND ${q('status')} = 'pending' AND ${q('scheduled_time')} <= ${this.now()}`,
        [host, process.pid, connectionId, user.slice(0, 255), version, ...keyParams],
      );
      let won: Row[] = [];
      if (rowCount === keys.length) won = [...keys];
      else if (rowCount > 0) {
        // which of them: those now reserved by this process that no other call of it holds
        const mine = await this.reserved.restrict(keys.map((key) => this.keyOf(key))).restrict({ host, pid: process.pid }).keys();
        const reservedHere = new Set(mine.map((k) => this.keyId(k)));
        won = keys.filter((key) => reservedHere.has(this.keyId(key)) && !reservations.held.has(this.keyId(key)));
      }
      for (const key of won) reservations.held.add(this.keyId(key));
      return won;
    });
  }

  /**
   * Forgets that this process holds the jobs of `keys`: once their outcome is committed
   * (`populate` calls it after the transaction that completed them; `release` and `error` do).
   * @internal
   */
  forget(keys: readonly Row[]): void {
    const { held } = reservationsOf(this.connection, this.fullTableName);
    for (const key of keys) held.delete(this.keyId(key));
  }

  /** A key's identity among the reservations of this process. */
  private keyId(key: Row): string {
    return JSON.stringify(this.heading.primaryKey.map((n) => String(key[n])));
  }

  /** Puts jobs this worker reserved but did not attempt back to pending. */
  async release(keys: readonly Row[]): Promise<void> {
    if (keys.length === 0) return;
    await this.ready();
    const q = (c: string) => this.connection.adapter.quoteIdentifier(c);
    const conditions = keys.map((key) => this.keyCondition(key));
    await this.connection.query(
      `UPDATE ${this.fullTableName} SET ${q('status')} = 'pending', ${q('reserved_time')} = NULL ` +
        `WHERE (${conditions.map((c) => `(${c.sql})`).join(' OR ')}) AND ${q('status')} = 'reserved'`,
      conditions.flatMap((c) => c.params),
    );
    this.forget(keys);
  }

  /** Marks the job of `key` done: kept as `success` with `jobs.keep_completed`, else removed. */
  async complete(key: Row, duration?: number): Promise<void> {
    await this.ready();
    const connection = this.connection;
    const q = (c: string) => connection.adapter.quoteIdentifier(c);
    const where = this.keyCondition(key);
    if (connection.config.get('jobs.keep_completed')) {
      await connection.query(
        `UPDATE ${this.fullTableName} SET ${q('status')} = 'success', ${q('completed_time')} = ${this.now()}, ${q('duration')} = ? WHERE ${where.sql}`,
        [duration ?? null, ...where.params],
      );
    } else {
      await connection.query(`DELETE FROM ${this.fullTableName} WHERE ${where.sql}`, where.params);
    }
  }

  /** Records that the job of `key` failed, with its message (cut to 2047 characters) and stack. */
  async error(key: Row, message: string, stack?: string): Promise<void> {
    await this.ready();
    const connection = this.connection;
    const q = (c: string) => connection.adapter.quoteIdentifier(c);
    const where = this.keyCondition(key);
    const text = message.length > ERROR_MESSAGE_LENGTH ? `${message.slice(0, ERROR_MESSAGE_LENGTH - 12)}...truncated` : message;
    const blob = stack === undefined ? null : pack(stack);
    const { rowCount } = await connection.query(
      `UPDATE ${this.fullTableName} SET ${q('status')} = 'error', ${q('completed_time')} = ${this.now()}, ` +
        `${q('error_message')} = ?, ${q('error_stack')} = ? WHERE ${where.sql}`,
      [text, blob, ...where.params],
    );
    if (rowCount === 0) {
      await this.insert1(
        { ...this.keyOf(key), status: 'error', priority: connection.config.get('jobs.default_priority'), error_message: text, error_stack: stack ?? null },
        { skipDuplicates: true },
      );
    }
    this.forget([key]);
  }

  /** Marks the job of `key` to be skipped by every worker. */
  async ignore(key: Row): Promise<void> {
    await this.ready();
    const connection = this.connection;
    const where = this.keyCondition(key);
    const { rowCount } = await connection.query(
      `UPDATE ${this.fullTableName} SET ${connection.adapter.quoteIdentifier('status')} = 'ignore' WHERE ${where.sql}`,
      where.params,
    );
    if (rowCount === 0) {
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
   * workers that died to pending.
   */
  async refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
    await this.ready();
    const connection = this.connection;
    const { adapter, config } = connection;
    const q = (c: string) => adapter.quoteIdentifier(c);
    const key = this.heading.primaryKey;
    const columns = key.map(q).join(', ');
    const priority = options.priority ?? (config.get('jobs.default_priority') as number);
    const staleTimeout = options.staleTimeout ?? (config.get('jobs.stale_timeout') as number);
    const orphanTimeout = options.orphanTimeout ?? staleTimeout;
    const unrelated = { semanticCheck: false };
    let keySource = await this.target.keySource();
    if (options.restriction !== undefined) keySource = keySource.restrict(options.restriction);
    const todo = keySource.proj();
    const result: RefreshResult = { added: 0, removed: 0, orphaned: 0, rePended: 0 };

    // new keys: in the key source, not computed, not queued in any status
    const fresh = await todo.minus(this.target.keysQuery(), unrelated).minus(this.proj(), unrelated).prepare();
    const select = fresh.sql();
    const scheduled = `${this.now()} + ${adapter.intervalSql(options.delay ?? 0)}`;
    const { verb, suffix } = adapter.insertParts(this.fullTableName, [...key, 'status', 'priority', 'scheduled_time'], key, 'skip');
    const inserted = await connection.query(
      `${verb} INTO ${this.fullTableName} (${columns}, ${q('status')}, ${q('priority')}, ${q('scheduled_time')}) ` +
        `SELECT ${columns}, 'pending', ?, ${scheduled} FROM (${select.sql}) AS ${q('$fresh')}${suffix}`,
      [priority, ...select.params],
    );
    result.added = inserted.rowCount;

    if (config.get('jobs.keep_completed')) {
      const redo = await this.completed.restrict(todo, unrelated).minus(this.target.keysQuery(), unrelated).keys();
      for (const row of redo) {
        const where = this.keyCondition(row);
        await connection.query(
          `UPDATE ${this.fullTableName} SET ${q('status')} = 'pending', ${q('scheduled_time')} = ${scheduled}, ${q('completed_time')} = NULL WHERE ${where.sql}`,
          where.params,
        );
      }
      result.rePended = redo.length;
    }

    if (staleTimeout > 0) {
      const stale = await this.restrict(`status <> 'ignore' AND created_time < ${this.now()} - ${adapter.intervalSql(staleTimeout)}`)
        .minus(todo, unrelated)
        .keys();
      for (const row of stale) {
        const where = this.keyCondition(row);
        await connection.query(`DELETE FROM ${this.fullTableName} WHERE ${where.sql}`, where.params);
      }
      result.removed = stale.length;
    }

    if (orphanTimeout > 0) {
      const { rowCount } = await connection.query(
        `UPDATE ${this.fullTableName} SET ${q('status')} = 'pending', ${q('scheduled_time')} = ${this.now()}, ${q('reserved_time')} = NULL ` +
          `WHERE ${q('status')} = 'reserved' AND ${q('reserved_time')} < ${this.now()} - ${adapter.intervalSql(orphanTimeout)}`,
      );
      result.orphaned = rowCount;
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
