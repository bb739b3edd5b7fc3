/**
 * The part of every driver that knex provides: a pool of server connections (tarn),
 * created lazily, with TLS negotiated on the first connection. Statements then run on the
 * pooled driver connection directly (see each backend's session class).
 */
import knex, { type Knex } from 'knex';
import type { Driver, DriverSession, DriverSettings, QueryResult, Row, StreamOptions } from './driver';

/** knex marks a raw connection it must not hand out again with this property. */
interface DisposableConnection {
  __knex__disposed?: unknown;
}

/** TLS choice handed to {@link KnexPoolDriver.knexConfig}: off, or on with these options. */
export type TlsChoice = false | Record<string, unknown>;

/** A session bound to one raw driver connection. */
export abstract class PooledSession<Raw extends object> implements DriverSession {
  constructor(readonly raw: Raw) {}
  abstract query(sql: string, params: readonly unknown[]): Promise<QueryResult>;
  abstract streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]>;
  abstract readonly lost: boolean;
}

export abstract class KnexPoolDriver<Raw extends object> implements Driver {
  private pool: Knex | null = null;
  private starting: Promise<Knex> | null = null;
  private closed = false;

  constructor(protected readonly settings: DriverSettings) {}

  /** The knex configuration for this backend with the given TLS choice. */
  protected abstract knexConfig(tls: TlsChoice): Knex.Config;

  /** Wraps a raw pooled connection into a session. */
  protected abstract openSession(raw: Raw): PooledSession<Raw>;

  async acquire(): Promise<DriverSession> {
    const pool = await this.ready();
    const raw = (await pool.client.acquireConnection()) as Raw;
    return this.openSession(raw);
  }

  release(session: DriverSession): void {
    this.pool?.client.releaseConnection((session as PooledSession<Raw>).raw);
  }

  discard(session: DriverSession): void {
    const raw = (session as PooledSession<Raw>).raw as Raw & DisposableConnection;
    raw.__knex__disposed ??= 'DataJoint discarded a lost session';
    this.pool?.client.releaseConnection(raw);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? (await this.starting?.catch(() => null));
    this.pool = null;
    this.starting = null;
    await pool?.destroy();
  }

  /** knex reports through DataJoint's logger (debug level: DataJoint raises what matters). */
  private knexLog(): Knex.Config['log'] {
    const debug = (message: unknown) => this.settings.logger.debug(`knex: ${String((message as Error)?.message ?? message)}`);
    return { warn: debug, error: debug, deprecate: debug, debug };
  }

  private async ready(): Promise<Knex> {
    if (this.pool) return this.pool;
    if (this.closed) throw new Error('The connection has been closed.');
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
    const pool = knex({ ...this.knexConfig(tls), log: this.knexLog() });
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
