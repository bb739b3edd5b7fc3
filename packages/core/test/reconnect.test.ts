import { LostConnectionError, type Instance } from '@dj/core';
import { createTestInstance, describeBackends, useTestInstance } from '@dj/testing';

const sleepSql = { mysql: 'SELECT SLEEP(1) AS slept', postgresql: 'SELECT pg_sleep(1) AS slept' } as const;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Killing a server session needs a server: PGlite runs in-process and cannot lose its session.
describeBackends('lost connections on $name', (backend) => {
  const admin = useTestInstance(backend, { label: 'reconnect' });
  const family = backend.name === 'mysql' ? 'mysql' : 'postgresql';
  let victim: Instance;

  beforeEach(async () => {
    victim = await createTestInstance(backend, { connection: { pool_size: 1 } });
  });
  afterEach(async () => {
    await victim.close();
  });

  async function kill(sessionId: number): Promise<void> {
    const conn = admin.instance.connection;
    await conn.query(conn.adapter.killSessionSql(sessionId));
  }

  /** Runs a slow statement on the victim and kills its session while it runs. */
  async function runWhileKilled(): Promise<unknown> {
    const id = await victim.connection.sessionId();
    const running = victim.connection.query(sleepSql[family]);
    await wait(300);
    await kill(id);
    return running;
  }

  it('replaces a session killed while idle', async () => {
    const before = await victim.connection.sessionId();
    await kill(before);
    await wait(100);
    expect((await victim.connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(await victim.connection.sessionId()).not.toBe(before);
  });

  it('re-runs a statement whose session was killed under it, once', async () => {
    const result = (await runWhileKilled()) as { rowCount: number };
    expect(result.rowCount).toBe(1);
  });

  it('raises LostConnectionError instead when database.reconnect is off', async () => {
    victim.config.database.reconnect = false;
    await expect(runWhileKilled()).rejects.toThrow(LostConnectionError);
    expect(await victim.connection.ping()).toBe(true);
  });

  it('raises LostConnectionError inside a transaction and leaves nothing behind', async () => {
    const table = admin.instance.connection.adapter.fullTableName(admin.schemaName, 'lost');
    await admin.instance.connection.query(`CREATE TABLE IF NOT EXISTS ${table} (id int NOT NULL PRIMARY KEY)`);
    const attempt = victim.connection.transaction(async () => {
      await victim.connection.query(`INSERT INTO ${table} (id) VALUES (1), (2)`);
      await kill(await victim.connection.sessionId());
      await wait(200);
      await victim.connection.query(`INSERT INTO ${table} (id) VALUES (3)`);
    });
    await expect(attempt).rejects.toThrow(LostConnectionError);
    await expect(attempt).rejects.toThrow('Connection was lost during a transaction.');
    expect((await admin.instance.connection.query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    expect((await victim.connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
}, { only: ['mysql', 'postgresql'] });
