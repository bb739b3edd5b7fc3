/**
 * What every server driver shares: a pool of sessions (see session-pool.ts), created
 * lazily, with TLS negotiated on the first connection. Each backend opens its raw
 * connections through its driver's documented API (mysql2 `createConnection`, pg `Client`)
 * and runs statements on them directly (see each backend's session class).
 *
 * The driver library itself is loaded when the first pool opens, not when DataJoint is
 * imported: a program pays only for the backend it connects to.
 *
 * Broken connections: each raw connection is watched through its driver's documented
 * events from the moment it is opened, and a session that fails in a way that breaks its
 * protocol is marked. A marked connection is closed through the driver's own API and is
 * never handed out again.
 */
import type { Logger } from '../logging/logger';
import type { Driver, DriverSession, QueryResult, Row, StatementLimits, StreamOptions } from './driver';
import type { TlsSetting } from './server-settings';
import { SessionPool } from './session-pool';

/** What the pool itself reads of a driver's settings (each backend's settings type extends it). */
export interface PoolSettings {
  /** Largest number of pooled sessions. */
  readonly poolSize: number;
  /** `true`/TLS options: required; `false`: off; `null`: try TLS, fall back without. */
  readonly tls: TlsSetting | null;
  /** Where the driver reports warnings (e.g. a TLS fallback). */
  readonly logger: Logger;
}

/** TLS choice handed to {@link PoolDriver.createRaw}: off, or on with these options. */
export type TlsChoice = false | Record<string, unknown>;

/** How long a caller waits for a pooled session before failing. */
const ACQUIRE_TIMEOUT_MS = 60_000;

/** An idle session unused this long is closed. */
const IDLE_TIMEOUT_MS = 30_000;

/** A session bound to one raw driver connection, made once per connection. */
export abstract class PooledSession<Raw extends object> implements DriverSession {
  private broken = false;

  constructor(readonly raw: Raw) {}
  abstract query(sql: string, params: readonly unknown[]): Promise<QueryResult>;
  abstract streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]>;
  abstract readonly limits: StatementLimits;

  get lost(): boolean {
    return this.broken;
  }

  /** Marks the session unusable: it will be closed, never returned to the pool. */
  markLost(): void {
    this.broken = true;
  }
}

export abstract class PoolDriver<
  Raw extends object,
  S extends PooledSession<Raw>,
  Settings extends PoolSettings,
  Library,
> implements Driver {
  private pool: SessionPool<S> | null = null;
  private starting: Promise<SessionPool<S>> | null = null;
  private closed = false;

  /** @param settings the backend's own settings type, of which the pool reads {@link PoolSettings}. */
  constructor(protected readonly settings: Settings) {}

  /** Loads the driver library (`import()`), once, before the first connection is made. */
  protected abstract loadLibrary(): Promise<Library>;

  /** Creates one raw connection with the given TLS choice, through the driver library's documented API. */
  protected abstract createRaw(library: Library, tls: TlsChoice): Raw;

  /** Connects a raw connection made by {@link createRaw}. */
  protected abstract connectRaw(raw: Raw): Promise<void>;

  /** Wraps a raw connection, once set up, into the session that runs its statements. */
  protected abstract openSession(raw: Raw): S;

  /**
   * Subscribes to the documented events of a new raw connection that mean it died, calling
   * `onBroken` for each. Called once per connection, as soon as it is created.
   */
  protected abstract watch(raw: Raw, onBroken: () => void): void;

  /** Closes a raw connection at once through the driver's documented API, whatever it is doing. */
  protected abstract destroyRaw(raw: Raw): void;

  /** Closes a healthy, idle raw connection politely. */
  protected abstract endRaw(raw: Raw): Promise<void>;

  /** Session setup run once on each new connection before the pool hands it out. */
  protected async setUpConnection(_raw: Raw): Promise<void> {
    // nothing by default
  }

  /** How long a session may stay idle before it is closed (`null`: kept until the pool closes). */
  protected get idleTimeoutMs(): number | null {
    return IDLE_TIMEOUT_MS;
  }

  acquire(): Promise<DriverSession> | DriverSession {
    return this.pool && !this.closed ? this.pool.acquire() : this.acquireStarting();
  }

  release(session: DriverSession): void {
    this.pool?.release(session as S);
  }

  discard(session: DriverSession): void {
    (session as S).markLost();
    this.pool?.discard(session as S);
  }

  /**
   * Closes the pool: sessions in use finish and are released to it (the pool is kept until
   * then, so that their release reaches it and its closing can end), waiting acquires fail.
   */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? (await this.starting?.catch(() => null));
    this.starting = null;
    await pool?.close();
  }

  private async acquireStarting(): Promise<DriverSession> {
    return (await this.ready()).acquire();
  }

  private async ready(): Promise<SessionPool<S>> {
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
  private async start(): Promise<SessionPool<S>> {
    const library = await this.loadLibrary();
    const { tls } = this.settings;
    if (tls === false) return this.open(library, false);
    if (tls !== null) return this.open(library, tls === true ? { rejectUnauthorized: false } : tls);
    try {
      return await this.open(library, { rejectUnauthorized: false });
    } catch (err) {
      this.settings.logger.warn(
        `SSL connection failed (${(err as Error).message}). Falling back to non-SSL connection. ` +
          'To require SSL, set useTls: true explicitly.',
      );
      return this.open(library, false);
    }
  }

  /** Creates the pool and proves it by opening its first session. */
  private async open(library: Library, tls: TlsChoice): Promise<SessionPool<S>> {
    const pool = new SessionPool<S>({
      max: this.settings.poolSize,
      acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
      idleTimeoutMs: this.idleTimeoutMs,
      open: () => this.openConnection(library, tls),
      usable: (session) => !session.lost,
      destroy: (session) => this.destroyRaw(session.raw),
      end: (session) => this.endRaw(session.raw),
    });
    try {
      pool.release(await pool.acquire());
    } catch (err) {
      await pool.close();
      throw err;
    }
    this.pool = pool;
    return pool;
  }

  /**
   * Opens and sets up one connection, watched from its creation (so that no error event goes
   * unheard); a connection whose connecting or setup fails is closed.
   */
  private async openConnection(library: Library, tls: TlsChoice): Promise<S> {
    const raw = this.createRaw(library, tls);
    let session: S | null = null;
    let broken = false;
    this.watch(raw, () => {
      broken = true;
      session?.markLost();
    });
    try {
      await this.connectRaw(raw);
      await this.setUpConnection(raw);
    } catch (err) {
      this.destroyRaw(raw);
      throw err;
    }
    session = this.openSession(raw);
    if (broken) session.markLost();
    return session;
  }
}
