/** The session pool's rules, on stand-in sessions (the drivers' own are tested against servers in driver-session-loss and reconnect). */
import { SessionPool, type SessionPoolOptions } from '../src/dialects/session-pool';

interface FakeSession {
  readonly id: number;
  broken: boolean;
  state: 'open' | 'ended' | 'destroyed';
}

function fakePool(overrides: Partial<SessionPoolOptions<FakeSession>> = {}) {
  const opened: FakeSession[] = [];
  const pool = new SessionPool<FakeSession>({
    max: 2,
    acquireTimeoutMs: 1000,
    idleTimeoutMs: null,
    open: async () => {
      const session: FakeSession = { id: opened.length + 1, broken: false, state: 'open' };
      opened.push(session);
      return session;
    },
    usable: (session) => !session.broken,
    destroy: (session) => void (session.state = 'destroyed'),
    end: async (session) => void (session.state = 'ended'),
    ...overrides,
  });
  return { pool, opened };
}

describe('SessionPool', () => {
  it('hands an idle session back at once, without a promise, and opens no more than needed', async () => {
    const { pool, opened } = fakePool();
    const first = await pool.acquire();
    pool.release(first);
    const again = pool.acquire();
    expect(again).toBe(first);
    pool.release(again as FakeSession);
    expect(opened).toHaveLength(1);
    await pool.close();
    expect(first.state).toBe('ended');
  });

  it('opens at most `max` sessions; a caller waits for the next one given back, oldest first', async () => {
    const { pool, opened } = fakePool();
    const a = await pool.acquire();
    const b = await pool.acquire();
    const order: string[] = [];
    const c = Promise.resolve(pool.acquire()).then((s) => (order.push('c'), s));
    const d = Promise.resolve(pool.acquire()).then((s) => (order.push('d'), s));
    pool.release(b);
    expect(await c).toBe(b);
    pool.release(a);
    expect(await d).toBe(a);
    expect(order).toEqual(['c', 'd']);
    expect(opened).toHaveLength(2);
    pool.release(a);
    pool.release(b);
    await pool.close();
  });

  it('never hands out a broken session: it is destroyed and a new one opened', async () => {
    const { pool, opened } = fakePool({ max: 1 });
    const first = await pool.acquire();
    pool.release(first);
    first.broken = true;
    const second = await pool.acquire();
    expect(second).not.toBe(first);
    expect(first.state).toBe('destroyed');
    const waiting = pool.acquire();
    pool.discard(second);
    const third = await waiting;
    expect(second.state).toBe('destroyed');
    expect(opened.map((s) => s.id)).toEqual([1, 2, 3]);
    pool.release(third);
    await pool.close();
  });

  it('fails a waiting caller after the acquire timeout, and a caller whose session cannot be opened', async () => {
    const { pool } = fakePool({ max: 1, acquireTimeoutMs: 50 });
    const held = await pool.acquire();
    await expect(pool.acquire()).rejects.toThrow('Timeout acquiring a database session');
    pool.release(held);
    await pool.close();
    const failing = fakePool({ open: () => Promise.reject(new Error('refused')) }).pool;
    await expect(failing.acquire()).rejects.toThrow('refused');
    await failing.close();
  });

  it('on close, fails waiting callers, lets sessions in use finish, and ends once they are given back', async () => {
    const { pool } = fakePool({ max: 1 });
    const held = await pool.acquire();
    const waiting = pool.acquire();
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    await expect(waiting).rejects.toThrow('closed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    pool.release(held);
    await closing;
    expect(held.state).toBe('ended');
    expect(() => pool.acquire()).toThrow('closed');
  });

  it('closes sessions idle for longer than the idle timeout', async () => {
    const { pool } = fakePool({ idleTimeoutMs: 30 });
    const session = await pool.acquire();
    pool.release(session);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(session.state).toBe('ended');
    const next = await pool.acquire();
    expect(next).not.toBe(session);
    pool.release(next);
    await pool.close();
  });
});
