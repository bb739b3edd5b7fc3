import { DataJointError, type Connection } from '@dj/core';
import { createTestInstance, describeBackends, useTestInstance } from '@dj/testing';

const WORKERS = 50;
const ROWS_PER_WORKER = 4;
const FAILING_WORKER = 13;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

describeBackends('concurrent transactions on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'concurrency' });
  let conn: Connection;
  let table: string;

  beforeAll(async () => {
    conn = db.instance.connection;
    table = conn.adapter.fullTableName(db.schemaName, 'event');
    await conn.query(`CREATE TABLE ${table} (worker int NOT NULL, seq int NOT NULL, session_id bigint NOT NULL, PRIMARY KEY (worker, seq))`);
  });

  // Nested helpers that know nothing of the transaction: the connection finds it through async context.
  async function insertOne(worker: number, seq: number): Promise<void> {
    await pause();
    const session = await conn.sessionId();
    await conn.query(`INSERT INTO ${table} (worker, seq, session_id) VALUES (?, ?, ?)`, [worker, seq, session]);
  }
  async function insertAll(worker: number): Promise<void> {
    for (let seq = 0; seq < ROWS_PER_WORKER; seq += 1) await insertOne(worker, seq);
  }
  async function readOwn(worker: number): Promise<Array<{ seq: unknown; session_id: unknown }>> {
    await pause();
    return (await conn.query<{ seq: unknown; session_id: unknown }>(`SELECT seq, session_id FROM ${table} WHERE worker = ? ORDER BY seq`, [worker])).rows;
  }

  it('runs 50 transactions at once, each on its own session, and rolls back only the failing one', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: WORKERS }, (_, worker) =>
        conn.transaction(async () => {
          expect(conn.inTransaction).toBe(true);
          await insertAll(worker);
          const own = await readOwn(worker);
          expect(own.map((r) => Number(r.seq))).toEqual([0, 1, 2, 3]);
          // Every statement of this transaction ran on one server session.
          expect(new Set(own.map((r) => String(r.session_id))).size).toBe(1);
          expect(String(own[0]!.session_id)).toBe(String(await conn.sessionId()));
          if (worker === FAILING_WORKER) throw new Error(`worker ${worker} fails`);
          return worker;
        }),
      ),
    );
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe(`worker ${FAILING_WORKER} fails`);
    const { rows } = await conn.query<{ worker: unknown; n: unknown }>(
      `SELECT worker, count(*) AS n FROM ${table} GROUP BY worker ORDER BY worker`,
    );
    expect(rows.map((r) => Number(r.worker))).toEqual(Array.from({ length: WORKERS }, (_, i) => i).filter((i) => i !== FAILING_WORKER));
    expect(rows.every((r) => Number(r.n) === ROWS_PER_WORKER)).toBe(true);
  });
});

// PGlite has a single session, so its transactions run one after another by design; the
// visibility of uncommitted rows only matters where transactions truly overlap.
describeBackends('transaction isolation on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'isolation' });

  it('keeps uncommitted rows invisible to other sessions until commit', async () => {
    const conn = db.instance.connection;
    const table = conn.adapter.fullTableName(db.schemaName, 'draft');
    await conn.query(`CREATE TABLE ${table} (id int NOT NULL PRIMARY KEY)`);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const writer = conn.transaction(async () => {
      await conn.query(`INSERT INTO ${table} (id) VALUES (1)`);
      inserted();
      await gate;
    });
    await insertedSignal;
    const during = await conn.query(`SELECT id FROM ${table}`);
    const concurrentView = await conn.transaction(() => conn.query(`SELECT id FROM ${table}`));
    release();
    await writer;
    const after = await conn.query(`SELECT id FROM ${table}`);
    expect(during.rowCount).toBe(0);
    expect(concurrentView.rowCount).toBe(0);
    expect(after.rows).toEqual([{ id: 1 }]);
  });
}, { only: ['mysql', 'postgresql'] });

describeBackends('closing a busy pool on $name', (backend) => {
  it('lets the sessions in use finish, fails the queries waiting for one, and ends', async () => {
    const inst = await createTestInstance(backend, { connection__pool_size: 1 });
    const conn = inst.connection;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    // the only session, held by a transaction that is still working when close() is called
    const transaction = conn.transaction(async () => {
      holding();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (await conn.query<{ one: unknown }>('SELECT 1 AS one')).rows.map((row) => Number(row.one));
    });
    await held;
    const waiting = Promise.allSettled(Array.from({ length: 5 }, () => conn.query('SELECT 2 AS two')));
    await inst.close();
    expect(await transaction).toEqual([1]);
    for (const outcome of await waiting) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DataJointError);
    }
    expect(conn.isConnected).toBe(false);
  });
}, { only: ['mysql', 'postgresql'] });
