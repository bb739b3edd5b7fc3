/**
 * The contract between the session pool and the installed driver versions (mysql2, pg):
 * a session killed on the server is heard of through the driver's documented events
 * (`error` / `end`), a statement it was running fails with an error DataJoint reads as a
 * lost connection, and the pool never hands the dead session out again. A driver upgrade
 * that changes any of this fails here, not in production.
 */
import { describeBackends, useTestInstance } from '@dj/testing';
import { dialectFor } from '../src/dialects/dialect-registry';
import type { Driver, DriverSession } from '../src/dialects/driver';

const sleepSql = { mysql: 'SELECT SLEEP(2) AS slept', postgresql: 'SELECT pg_sleep(2) AS slept' } as const;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `ms` pass; its last answer. */
async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await wait(20);
  return check();
}

// Killing a server session needs a server: PGlite runs in-process and cannot lose its session.
describeBackends('driver session loss on $name', (backend) => {
  const admin = useTestInstance(backend, { label: 'loss' });
  const family = backend.name === 'mysql' ? 'mysql' : 'postgresql';
  let driver: Driver;

  beforeEach(() => {
    const config = admin.instance.config.clone();
    config.connection.pool_size = 1;
    driver = dialectFor(config.database.backend).createDriver(config, { useTls: false });
  });
  afterEach(async () => {
    await driver.close();
  });

  const adapter = () => admin.instance.connection.adapter;

  async function sessionIdOf(session: DriverSession): Promise<number> {
    const { rows } = await session.query(adapter().sessionIdSql, []);
    return Number(rows[0]!.id);
  }

  async function kill(sessionId: number): Promise<void> {
    await admin.instance.connection.query(adapter().killSessionSql(sessionId));
  }

  it('hears that an idle pooled session was killed and hands out a new one', async () => {
    const first = await driver.acquire();
    const id = await sessionIdOf(first);
    driver.release(first);
    await kill(id);
    // `lost` turns true only through the driver's 'error' / 'end' event on the raw connection
    expect(await eventually(() => first.lost)).toBe(true);
    const next = await driver.acquire();
    expect(next).not.toBe(first);
    expect(next.lost).toBe(false);
    expect(await sessionIdOf(next)).not.toBe(id);
    driver.release(next);
  });

  it('does not pool again a session killed while it was held', async () => {
    const held = await driver.acquire();
    const id = await sessionIdOf(held);
    await kill(id);
    expect(await eventually(() => held.lost)).toBe(true);
    driver.release(held);
    const next = await driver.acquire();
    expect(next).not.toBe(held);
    expect(await sessionIdOf(next)).not.toBe(id);
    driver.release(next);
  });

  it('fails a statement whose session is killed under it with a lost-connection error, and replaces the session', async () => {
    const session = await driver.acquire();
    const id = await sessionIdOf(session);
    const running = session.query(sleepSql[family], []);
    await wait(300);
    await kill(id);
    const failure: unknown = await running.then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(adapter().isConnectionLost(failure)).toBe(true);
    expect(await eventually(() => session.lost)).toBe(true);
    driver.discard(session);
    const next = await driver.acquire();
    expect(next).not.toBe(session);
    expect((await next.query('SELECT 1 AS one', [])).rows).toEqual([{ one: 1 }]);
    driver.release(next);
  });
}, { only: ['mysql', 'postgresql'] });
