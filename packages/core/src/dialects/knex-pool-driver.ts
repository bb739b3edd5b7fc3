/**
 * The part of every driver that knex provides: a pool of server connections (tarn),
 * created lazily, with TLS negotiated on the first connection. Statements then run on the
 * pooled driver connection directly (see each backend's session class).
 *
 * Broken connections: each raw connection is watched through its driver's documented
 * events from the moment the pool creates it, and a session that fails in a way that
 * breaks its protocol is marked. A marked connection is closed through the driver's own API
 * and fails the pool's `validate` check, so knex destroys it instead of handing it out again.
 */
import knex, { type Knex } from 'knex';
import type { Driver, DriverSession, DriverSettings, QueryResult, Row, StatementLimits, StreamOptions } from './driver';

/** TLS choice handed to {@link KnexPoolDriver.knexConfig}: off, or on with these options. */
export type TlsChoice = false | Record<string, unknown>;

/** Raw connections known to be unusable (killed, disconnected, protocol broken). */
const brokenConnections = new WeakSet<object>();

/** A session bound to one raw driver connection. */
export abstract class PooledSession<Raw extends object> implements DriverSession {
  constructor(readonly raw: Raw) {}
  abstract query(sql: string, params: readonly unknown[]): Promise<QueryResult>;
  abstract streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]>;
  abstract readonly limits: StatementLimits;

  get lost(): boolean {
    return brokenConnections.has(this.raw);
  }

  /** Marks the session unusable: it will be closed, never returned to the pool. */
  protected markLost(): void {
    brokenConnections.add(this.raw);
  }
}

export abstract class KnexPoolDriver<Raw extends object> implements Driver {
  private pool: Knex | null = null;
  private starting: Promise<Knex> | null = null;
  private closed = false;

  constructor(protected readonly settings: DriverSettings) {}

  /** The knex configuration for this backend with the given TLS choice (without pool hooks). */
  protected abstract knexConfig(tls: TlsChoice): Knex.Config;

  /** Wraps a raw pooled connection into a session. */
  protected abstract openSession(raw: Raw): PooledSession<Raw>;

  /**
   * Subscribes to the documented events of a new raw connection that mean it died, calling
   * `onBroken` for each. Called once per connection, when the pool creates it.
   */
  protected abstract watch(raw: Raw, onBroken: () => void): void;

  /** Closes a raw connection at once through the driver's documented API, whatever it is doing. */
  protected abstract destroyRaw(raw: Raw): void;

  /** Session setup run once on each new connection before the pool hands it out. */
  protected async setUpConnection(_raw: Raw): Promise<void> {
    // nothing by default
  }

  async acquire(): Promise<DriverSession> {
    const pool = await this.ready();
    const raw = (await pool.client.acquireConnection()) as Raw;
    return this.openSession(raw);
  }

  release(session: DriverSession): void {
    this.pool?.client.releaseConnection((session as PooledSession<Raw>).raw);
  }

  discard(session: DriverSession): void {
    const raw = (session as PooledSession<Raw>).raw;
    brokenConnections.add(raw);
    this.destroyRaw(raw);
    // Back to the pool, which sees it fail `validate` and destroys it on its next acquire.
    this.pool?.client.releaseConnection(raw);
  }

  /**
   * Closes the pool: sessions in use finish and are released to it (the pool is kept until
   * then, so that their release reaches it and its destruction can end), waiting acquires fail.
   */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? (await this.starting?.catch(() => null));
    this.starting = null;
    try {
      await pool?.destroy();
    } finally {
      if (this.pool === pool) this.pool = null;
    }
  }

  /** knex reports through DataJoint's logger (debug level: DataJoint raises what matters). */
  private knexLog(): Knex.Config['log'] {
    const debug = (message: unknown) => this.settings.logger.debug(`knex: ${String((message as Error)?.message ?? message)}`);
    return { warn: debug, error: debug, deprecate: debug, debug };
  }

  /** The pool settings with the hooks that watch each connection and keep broken ones out. */
  protected poolConfig(config: Knex.Config): Knex.PoolConfig | undefined {
    return {
      ...config.pool,
      afterCreate: (raw: Raw, done: (err: Error | null, raw: Raw) => void) => {
        this.watch(raw, () => brokenConnections.add(raw));
        this.setUpConnection(raw).then(
          () => done(null, raw),
          (err: Error) => done(err, raw),
        );
      },
      validate: (raw: Raw) => !brokenConnections.has(raw),
    };
  }

  private async ready(): Promise<Knex> {
    if (this.closed) throw new Error('The connection has been closed.');
    if (this.pool) return this.pool;
    this.starting ??= this.start();
    try {
      return await this.starting;
    } catch (err) {
      this.starting = null;
      throw err;
    }
  }

  /** Opens the pool; with `tls: null`, tries TLS first and falls back without it. */
  private async start(): Promise<Knex> {
    const { tls } = this.settings;
    if (tls === false) return this.open(false);
    if (tls !== null) return this.open(tls === true ? { rejectUnauthorized: false } : tls);
    try {
      return await this.open({ rejectUnauthorized: false });
    } catch (err) {
      this.settings.logger.warn(
        `SSL connection failed (${(err as Error).message}). Falling back to non-SSL connection. ` +
          'To require SSL, set useTls: true explicitly.',
      );
      return this.open(false);
    }
  }

  /** Creates the pool and proves it by opening its first connection. */
  private async open(tls: TlsChoice): Promise<Knex> {
    const config = this.knexConfig(tls);
    const poolConfig = this.poolConfig(config);
    const pool = knex({ ...config, ...(poolConfig ? { pool: poolConfig } : {}), log: this.knexLog() });
    try {
      const raw = await pool.client.acquireConnection();
      pool.client.releaseConnection(raw);
    } catch (err) {
      await pool.destroy().catch(() => undefined);
      throw err;
    }
    this.pool = pool;
    return pool;
  }
}
