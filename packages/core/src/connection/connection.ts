import { inspect } from 'node:util';
import type { Adapter } from '../dialects/adapter';
import { assertOptionsApply, settingApplies } from '../dialects/backend-options';
import type { Dialect } from '../dialects/dialect';
import { dialectFor } from '../dialects/dialect-registry';
import type { Driver, DriverSession, QueryResult, Row, StatementLimits } from '../dialects/driver';
import type { Introspector } from '../dialects/introspector';
import type { PgliteConnectionOptions } from '../dialects/pglite/pglite-settings';
import type { ServerConnectionOptions, TlsSetting } from '../dialects/server-settings';
import { AccessError, DataJointError, LostConnectionError } from '../errors';
import type { Config } from '../settings/config';
import type { Backend } from '../settings/settings';
import { VERSION } from '../version';
import { QueryCache } from './query-cache';
import { currentTransaction, runInTransaction, type TransactionScope } from './transaction-scope';

export type { TlsSetting };

/**
 * Options of a {@link Connection} beyond what its Config holds, each taking precedence over
 * the setting of the same meaning. The servers (mysql, postgresql) take `host`, `user`,
 * `password`, `port` and `useTls`; PGlite takes `pglite`. An option the Config's backend
 * does not take is refused.
 */
export type ConnectionOptions = ServerConnectionOptions & PgliteConnectionOptions;

/** Options of {@link Connection.stream}. */
export interface StreamQueryOptions {
  /** Rows fetched per round trip (default 1000). */
  batchSize?: number;
}

const QUERY_LOG_LENGTH = 300;

/**
 * A connection to a database server: a pool of sessions on one backend, bound to one
 * {@link Config} (`connection.config`), which every table using it reads its settings from.
 *
 * - `query(sql, params)` uses `?` placeholders on every backend.
 * - `transaction(fn)` runs `fn` on one pooled session; every query issued inside `fn`'s async
 *   scope goes to that session (AsyncLocalStorage), so concurrent transactions never mix.
 * - A session lost outside a transaction is replaced and the query retried once
 *   (`database.reconnect`); inside a transaction the loss raises {@link LostConnectionError}.
 *
 * The server is contacted lazily, on the first query (or `await connection.connect()`).
 */
export class Connection {
  /** The settings this connection and everything built on it read. */
  readonly config: Config;
  /** The backend, fixed at construction. */
  readonly backend: Backend;
  /** SQL facts of the backend. */
  readonly adapter: Adapter;
  /** Catalog queries of the backend. */
  readonly introspector: Introspector;
  /**
   * Names of the schemas activated on this connection. Dependency graphs (diagrams,
   * cascading deletes) load them; a foreign key into a schema outside them is reported.
   */
  readonly schemas: Set<string> = new Set();

  private readonly dialect: Dialect;
  private readonly queryCache: QueryCache;
  private readonly options: ConnectionOptions;
  private driver: Driver | null = null;
  /** The driver (pool) each session in use came from. */
  private readonly driverOf = new WeakMap<DriverSession, Driver>();
  /** Limits of the pooled session acquired last (sessions of one server share them, short of a server setting changed in between). */
  private pooledLimits: StatementLimits | null = null;
  private target: string | null = null;
  private closed = false;
  private established = false;

  constructor(config: Config, options: ConnectionOptions = {}) {
    this.config = config;
    this.options = options;
    this.dialect = dialectFor(config.database.backend);
    assertOptionsApply(this.dialect, options);
    this.backend = this.dialect.backend;
    this.adapter = this.dialect.adapter;
    this.introspector = this.dialect.introspector;
    this.queryCache = new QueryCache(config);
  }

  /**
   * Turns the query cache on under `key` (datajoint-python `set_query_cache`), or off with
   * `null`. While it is on, only SELECT statements may run, and their results are kept in
   * (and read from) files in the folder of the `query_cache` setting: work can go on
   * without the server, or repeat quickly. Results cached under one key are not seen under
   * another.
   */
  setQueryCache(key: string | null): void {
    this.queryCache.setKey(key);
  }

  /** Deletes every cached query result (datajoint-python `purge_query_cache`). */
  purgeQueryCache(): Promise<void> {
    return this.queryCache.purge();
  }

  /** Whether the current async context is inside a transaction of this connection. */
  get inTransaction(): boolean {
    return currentTransaction(this)?.state === 'open';
  }

  /** Whether the connection has reached the server and has not been closed. */
  get isConnected(): boolean {
    return this.established && !this.closed;
  }

  /**
   * Connects now (instead of on the first query), or reconnects after {@link close}.
   * @throws AccessError for rejected credentials, LostConnectionError when the server cannot be reached.
   */
  async connect(): Promise<void> {
    this.closed = false;
    const session = await this.acquire();
    this.releaseSession(session);
  }

  /**
   * Runs one statement and resolves to its rows and row count. Placeholders are `?` on
   * every backend; values are bound, never spliced into the SQL unescaped.
   */
  query<R = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    // Not async, nor the steps below down to the statement's own: every promise in between
    // costs a point select measurably (more so under AsyncLocalStorage, which hooks each one).
    if (this.queryCache.active) return this.queryCache.resolve(sql, params, () => this.queryUncached<R>(sql, params));
    return this.queryUncached<R>(sql, params);
  }

  private queryUncached<R>(sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    this.logStatement(sql);
    const scope = currentTransaction(this);
    if (scope) return this.queryInTransaction(scope, sql, params) as Promise<QueryResult<R>>;
    return this.queryPooled(sql, params, true) as Promise<QueryResult<R>>;
  }

  /**
   * Streams the rows of a SELECT, fetched `batchSize` at a time, without holding them all.
   * Inside a transaction it uses the transaction's session.
   */
  async *stream(sql: string, params: readonly unknown[] = [], options: StreamQueryOptions = {}): AsyncIterable<Row> {
    for await (const batch of this.streamBatches(sql, params, options)) yield* batch;
  }

  /** As {@link stream}, in arrays of at most `batchSize` rows: one await per batch. */
  async *streamBatches(sql: string, params: readonly unknown[] = [], options: StreamQueryOptions = {}): AsyncIterable<Row[]> {
    const batchSize = options.batchSize ?? 1000;
    if (this.queryCache.active) {
      // a cached result is whole in its file: it is served from there in batches
      const { rows } = await this.query(sql, params);
      for (let start = 0; start < rows.length; start += batchSize) yield rows.slice(start, start + batchSize);
      return;
    }
    this.logStatement(sql);
    const scope = currentTransaction(this);
    if (scope) {
      this.assertOpen(scope);
      try {
        yield* scope.session.streamBatches(sql, params, { batchSize, inTransaction: true });
      } catch (err) {
        throw this.failureInTransaction(scope, err, sql);
      }
      return;
    }
    const session = await this.acquire();
    let healthy = true;
    try {
      yield* session.streamBatches(sql, params, { batchSize, inTransaction: false });
    } catch (err) {
      healthy = !(session.lost || this.adapter.isConnectionLost(err));
      throw this.adapter.translateError(err, sql);
    } finally {
      if (healthy && !session.lost) this.releaseSession(session);
      else this.discardSession(session);
    }
  }

  /**
   * Runs `fn` in a transaction: commits when it resolves, rolls back and rethrows when it
   * throws. Every query issued within `fn`'s async scope, through this connection, runs in
   * the transaction. Transactions do not nest.
   * @throws DataJointError when called inside another transaction of this connection.
   */
  async transaction<T>(fn: () => Promise<T> | T): Promise<T> {
    if (currentTransaction(this)) {
      throw new DataJointError(
        'Nested connections are not supported: a transaction is already open in this context.',
      );
    }
    const session = await this.acquire();
    const scope: TransactionScope = { session, state: 'open', queue: Promise.resolve() };
    try {
      this.logStatement(this.adapter.beginTransactionSql);
      await session.query(this.adapter.beginTransactionSql, []);
    } catch (err) {
      scope.state = 'lost';
      this.settle(scope);
      throw this.adapter.translateError(err, this.adapter.beginTransactionSql);
    }
    let result: T;
    try {
      result = await runInTransaction(this, scope, fn);
    } catch (err) {
      await this.rollback(scope);
      this.settle(scope);
      throw err;
    }
    try {
      this.logStatement('COMMIT');
      await session.query('COMMIT', []);
      scope.state = 'committed';
    } catch (err) {
      const failure = this.failureInTransaction(scope, err, 'COMMIT');
      await this.rollback(scope);
      this.settle(scope);
      throw failure;
    }
    this.settle(scope);
    return result;
  }

  /**
   * What one statement may carry on the session that runs this context's queries (the
   * transaction's, else the pooled session used last): the insert path splits and checks
   * rows by it. Each session also refuses, before sending, a statement over its own limits.
   */
  async statementLimits(): Promise<StatementLimits> {
    const scope = currentTransaction(this);
    if (scope) {
      this.assertOpen(scope);
      return scope.session.limits;
    }
    if (this.pooledLimits) return this.pooledLimits;
    const session = await this.acquire();
    this.releaseSession(session);
    return session.limits;
  }

  /** Resolves `true` when the server answers, `false` otherwise. */
  async ping(): Promise<boolean> {
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** The server's id of the session that runs this context's queries (a new one outside transactions). */
  async sessionId(): Promise<number> {
    const { rows } = await this.query<{ id: unknown }>(this.adapter.sessionIdSql);
    return Number(rows[0]!.id);
  }

  /** Closes every pooled session. Later queries fail until {@link connect} is called. */
  async close(): Promise<void> {
    this.closed = true;
    const driver = this.driver;
    this.driver = null;
    await driver?.close();
  }

  /** `DataJoint connection (connected) user@host:port[/dbname]` */
  toString(): string {
    const state = this.isConnected ? 'connected' : 'disconnected';
    const target = this.target ?? this.describeTarget();
    return `DataJoint connection (${state}) ${target}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /**
   * Options for an Instance (in a worker thread) that connects as this connection does:
   * every setting of its Config, the credentials it was given and its TLS choice. Plain
   * data, for `postMessage`. PGlite's database object is not part of it: it cannot leave
   * its thread.
   * @internal
   */
  replicaOptions(): Record<string, unknown> {
    const { pglite: _owned, ...given } = this.options;
    const settings = this.config
      .entries()
      .filter(([key]) => settingApplies(this.dialect, key))
      .map(([key, value]) => [key.split('.').join('__'), value] as const);
    const { host, user, password } = this.config.database;
    const credentials = this.dialect.connectsToServer ? { host, user, password } : {};
    const stated = Object.entries(given).filter(([, value]) => value !== undefined);
    return { ...Object.fromEntries(settings), ...credentials, ...Object.fromEntries(stated) };
  }

  private describeTarget(): string {
    return this.dialect.describeTarget(this.config, this.options);
  }

  private logStatement(sql: string): void {
    const { logger } = this.config;
    if (logger.enabled('DEBUG')) logger.debug(`Executing SQL: ${sql.slice(0, QUERY_LOG_LENGTH)}`);
  }

  private assertOpen(scope: TransactionScope): void {
    if (scope.state !== 'open') {
      throw new DataJointError(`Query issued after its transaction ended (${scope.state}).`);
    }
  }

  private ensureDriver(): Driver {
    if (this.closed) {
      throw new DataJointError('The connection is closed. Call `await connection.connect()` to reopen it.');
    }
    if (this.driver) return this.driver;
    const driver = this.dialect.createDriver(this.config, this.options);
    for (const warning of this.dialect.ignoredSettings(this.config)) this.config.logger.warn(warning);
    this.driver = driver;
    this.target = null;
    this.pooledLimits = null;
    return this.driver;
  }

  /** A session of the pool: at once when one is idle and the connection is established. */
  private acquire(): DriverSession | Promise<DriverSession> {
    const driver = this.ensureDriver();
    if (this.established) {
      let idle: DriverSession | Promise<DriverSession>;
      try {
        idle = driver.acquire();
      } catch (err) {
        throw this.connectFailure(err);
      }
      if (!(idle instanceof Promise)) return this.acquired(driver, idle);
      return this.acquireFrom(driver, idle);
    }
    return this.acquireFrom(driver, driver.acquire());
  }

  private async acquireFrom(driver: Driver, pending: DriverSession | Promise<DriverSession>): Promise<DriverSession> {
    let session: DriverSession;
    try {
      session = await pending;
    } catch (err) {
      throw this.connectFailure(err);
    }
    this.acquired(driver, session);
    if (!this.established) await this.announce(session);
    return session;
  }

  private acquired(driver: Driver, session: DriverSession): DriverSession {
    this.driverOf.set(session, driver);
    this.pooledLimits = session.limits;
    return session;
  }

  /**
   * Returns a session to the pool it came from: that pool may be closing (`close()` waits
   * for its sessions in use) while this connection already has no driver or a new one.
   */
  private releaseSession(session: DriverSession): void {
    this.driverOf.get(session)?.release(session);
  }

  /** Drops a dead session from the pool it came from. */
  private discardSession(session: DriverSession): void {
    this.driverOf.get(session)?.discard(session);
  }

  private async announce(session: DriverSession): Promise<void> {
    this.established = true;
    this.target = this.describeTarget();
    this.config.logger.info(`DataJoint ${VERSION} connected to ${this.target}`);
    await this.dialect.checkServer(session, this.config.logger);
  }

  private connectFailure(err: unknown): DataJointError {
    if (err instanceof DataJointError) return err;
    const translated = this.adapter.translateError(err);
    if (translated instanceof AccessError) return translated;
    return new LostConnectionError(`Connection failed ${this.describeTarget()}: ${(err as Error).message ?? err}`, {
      cause: err,
      code: translated.code,
    });
  }

  private async queryPooled(sql: string, params: readonly unknown[], mayRetry: boolean): Promise<QueryResult> {
    const acquired = this.acquire();
    const session = acquired instanceof Promise ? await acquired : acquired;
    try {
      const result = await session.query(sql, params);
      this.releaseSession(session);
      return result;
    } catch (err) {
      const lost = this.adapter.isConnectionLost(err);
      if (!lost && !session.lost) {
        this.releaseSession(session);
        throw this.adapter.translateError(err, sql);
      }
      this.discardSession(session);
      // A statement that broke its session (e.g. a packet over the server's limit) fails
      // again on any session: report it, do not retry it.
      if (!lost) throw this.adapter.translateError(err, sql);
      if (mayRetry && this.config.database.reconnect) {
        this.config.logger.warn('Reconnecting to database server.');
        return this.queryPooled(sql, params, false);
      }
      throw new LostConnectionError(`Server connection lost: ${(err as Error).message ?? err}`, { cause: err, sql });
    }
  }

  private async queryInTransaction(scope: TransactionScope, sql: string, params: readonly unknown[]): Promise<QueryResult> {
    this.assertOpen(scope);
    const run = scope.queue.then(() => scope.session.query(sql, params));
    scope.queue = run.catch(() => undefined);
    try {
      return await run;
    } catch (err) {
      throw this.failureInTransaction(scope, err, sql);
    }
  }

  /** Translates an error raised inside a transaction, noting whether the session died. */
  private failureInTransaction(scope: TransactionScope, err: unknown, sql: string): DataJointError {
    if (err instanceof DataJointError) return err;
    if (this.adapter.isConnectionLost(err)) {
      scope.state = 'lost';
      return new LostConnectionError('Connection was lost during a transaction.', { cause: err, sql });
    }
    // The statement broke the session (the server rolls the transaction back): say why.
    if (scope.session.lost) scope.state = 'lost';
    return this.adapter.translateError(err, sql);
  }

  private async rollback(scope: TransactionScope): Promise<void> {
    try {
      if (scope.state === 'lost' || scope.session.lost) {
        scope.state = 'lost';
        return;
      }
      try {
        this.logStatement('ROLLBACK');
        await scope.session.query('ROLLBACK', []);
        scope.state = 'rolled back';
      } catch {
        scope.state = 'lost';
      }
    } finally {
      // Best effort: the transaction's own error is what the caller needs to see.
      for (const hook of scope.rollbackHooks ?? []) await hook().catch(() => undefined);
    }
  }

  /**
   * Inside a transaction: runs `hook` if the transaction rolls back (or its session is
   * lost), and returns `true`; outside one returns `false` and does nothing. Used to remove
   * store objects uploaded for rows that never committed.
   * @internal
   */
  onRollback(hook: () => Promise<void>): boolean {
    const scope = currentTransaction(this);
    if (!scope || scope.state !== 'open') return false;
    (scope.rollbackHooks ??= []).push(hook);
    return true;
  }

  /** Returns the transaction's session to the pool, or drops it when it died. */
  private settle(scope: TransactionScope): void {
    if (scope.state === 'open') scope.state = 'rolled back';
    if (scope.state === 'lost' || scope.session.lost) this.discardSession(scope.session);
    else this.releaseSession(scope.session);
  }
}
