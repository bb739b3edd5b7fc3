/**
 * A pool of server sessions: at most `max` open at once, opened when needed, handed out
 * last-used first, checked before each hand-out, and closed when idle for a while.
 *
 * Written here rather than taken from a pool library because a point select pays the pool
 * twice (take and give back): taking an idle session is a plain array pop, with no timer,
 * no promise and no allocation, and giving one back hands it to the oldest waiting caller.
 */

/** What a {@link SessionPool} needs to know about its sessions. */
export interface SessionPoolOptions<S> {
  /** Largest number of sessions open (or opening) at once. */
  readonly max: number;
  /** How long a caller waits for a session before failing. */
  readonly acquireTimeoutMs: number;
  /** An idle session unused for this long is closed; `null`: idle sessions stay open until the pool closes. */
  readonly idleTimeoutMs: number | null;
  /** Opens a new session, ready for statements. */
  open(): Promise<S>;
  /** Whether a session may be handed out again (false once its driver reported it dead). */
  usable(session: S): boolean;
  /** Closes a session at once, whatever it is doing. */
  destroy(session: S): void;
  /** Closes a healthy idle session politely. */
  end(session: S): Promise<void>;
}

/** A polite close that takes longer than this (its server gone unnoticed) becomes a forced one. */
const END_TIMEOUT_MS = 2_000;

interface Waiter<S> {
  resolve(session: S): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class SessionPool<S> {
  /** Idle sessions, the most recently used last; `idleSince` holds when each went idle. */
  private readonly idle: S[] = [];
  private readonly idleSince: number[] = [];
  private readonly waiters: Array<Waiter<S>> = [];
  /** Sessions open or opening. */
  private size = 0;
  /** Sessions handed out and not yet given back. */
  private inUse = 0;
  private reaper: NodeJS.Timeout | null = null;
  private closed = false;
  /** Resolves the promise `close()` waits on once no session is open. */
  private onDrained: (() => void) | null = null;
  private drained: Promise<void> | null = null;
  /** Polite closes still under way. */
  private readonly ending = new Set<Promise<void>>();

  constructor(private readonly options: SessionPoolOptions<S>) {}

  /**
   * Takes a session: an idle one at once (a plain value, no promise), else the next one given
   * back or opened. Rejects when opening fails, on timeout, or when the pool closes first.
   */
  acquire(): S | Promise<S> {
    if (this.closed) throw new Error('The connection pool is closed.');
    while (this.idle.length > 0) {
      const session = this.idle.pop() as S;
      this.idleSince.pop();
      if (this.options.usable(session)) {
        this.inUse += 1;
        return session;
      }
      this.size -= 1;
      this.options.destroy(session);
    }
    return new Promise<S>((resolve, reject) => {
      const waiter: Waiter<S> = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`Timeout acquiring a database session: all ${this.options.max} of the pool are in use (connection.pool_size).`));
        }, this.options.acquireTimeoutMs),
      };
      this.waiters.push(waiter);
      this.grow();
    });
  }

  /** Gives a session back: to the oldest waiting caller, else to the idle sessions. */
  release(session: S): void {
    this.inUse -= 1;
    if (this.closed || !this.options.usable(session)) {
      this.drop(session, !this.options.usable(session));
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.handOut(waiter, session);
      return;
    }
    this.idle.push(session);
    this.idleSince.push(Date.now());
    if (this.reaper === null) this.scheduleReaping();
  }

  /** Closes a session given back broken; a waiting caller gets a newly opened one. */
  discard(session: S): void {
    this.inUse -= 1;
    this.drop(session, true);
  }

  /**
   * Closes the pool: waiting callers fail, idle sessions close, sessions in use close when
   * given back; resolves once every session has closed.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      if (this.reaper) clearTimeout(this.reaper);
      this.reaper = null;
      for (const waiter of this.waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('The connection pool was closed while waiting for a session.'));
      }
      this.drained = new Promise<void>((resolve) => (this.onDrained = resolve));
      for (const session of this.idle.splice(0)) this.drop(session, !this.options.usable(session));
      this.idleSince.length = 0;
      this.checkDrained();
    }
    await this.drained;
    await Promise.all(this.ending);
  }

  private handOut(waiter: Waiter<S>, session: S): void {
    clearTimeout(waiter.timer);
    this.inUse += 1;
    waiter.resolve(session);
  }

  /** Closes a session (at once when `broken`) and opens another for a waiting caller. */
  private drop(session: S, broken: boolean): void {
    this.size -= 1;
    if (broken) this.options.destroy(session);
    else {
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.options.destroy(session);
          resolve();
        }, END_TIMEOUT_MS).unref();
      });
      const ending: Promise<void> = Promise.race([this.options.end(session).catch(() => undefined), forced]).then(() => {
        clearTimeout(timer);
        this.ending.delete(ending);
      });
      this.ending.add(ending);
    }
    this.grow();
    this.checkDrained();
  }

  /** Opens a session if callers wait for one and the pool has room. */
  private grow(): void {
    const opening = this.size - this.inUse - this.idle.length;
    if (this.closed || this.waiters.length <= opening || this.size >= this.options.max) return;
    this.size += 1;
    this.options.open().then(
      (session) => {
        const waiter = this.closed ? undefined : this.waiters.shift();
        if (waiter) this.handOut(waiter, session);
        else if (this.closed) this.drop(session, false);
        else {
          // the caller it was opened for timed out: keep it for the next one
          this.inUse += 1;
          this.release(session);
        }
      },
      (err: Error) => {
        this.size -= 1;
        const waiter = this.waiters.shift();
        if (waiter) {
          clearTimeout(waiter.timer);
          waiter.reject(err);
        }
        this.grow();
        this.checkDrained();
      },
    );
  }

  /** Reaps idle sessions later, without keeping the process alive for it. */
  private scheduleReaping(): void {
    const after = this.options.idleTimeoutMs;
    if (after !== null && !this.closed) this.reaper = setTimeout(() => this.reap(after), after).unref();
  }

  /** Closes the sessions idle for longer than `after` ms (the least recently used come first). */
  private reap(after: number): void {
    this.reaper = null;
    const cutoff = Date.now() - after;
    let stale = 0;
    while (stale < this.idle.length && (this.idleSince[stale] as number) <= cutoff) stale += 1;
    const expired = this.idle.splice(0, stale);
    this.idleSince.splice(0, stale);
    for (const session of expired) this.drop(session, !this.options.usable(session));
    if (this.idle.length > 0) this.scheduleReaping();
  }

  private checkDrained(): void {
    if (this.size === 0 && this.onDrained) {
      this.onDrained();
      this.onDrained = null;
    }
  }
}
