/**
 * A jobs queue shared with datajoint-python workers (spec-pipeline §8.3 JB-7, §7.4): a
 * simulated Python worker issues Python's own statements (a conditional UPDATE reserving
 * one job, the make in a transaction that checks the key first, the job deleted after the
 * commit) while populate calls of this library reserve from the same queue; every key is
 * made exactly once. And several refreshes of one queue at once (workers starting
 * together) add each key once, without a deadlock surfacing (MySQL's INSERT … SELECT).
 * The workers need sessions of their own: servers only.
 */
import { hostname } from 'node:os';
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, useTestInstance } from '@dj/testing';

const KEYS = 120;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeBackends('a jobs queue shared with Python workers on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'fleet' });
  /** Keys made by this library's workers, one entry per make() call. */
  const madeHere: number[] = [];

  function declare() {
    const schema = db.schema();
    @schema.table
    class Source extends dj.Lookup {
      static definition = 'source_id : int32';
      static contents = Array.from({ length: KEYS }, (_, i) => ({ source_id: i }));
    }
    @schema.table
    class Product extends dj.Computed {
      static definition = '-> Source\n---\nmaker : varchar(8)';

      async make(key: dj.Row): Promise<void> {
        madeHere.push(Number(key.source_id));
        await sleep(1);
        await this.insert1({ ...key, maker: 'ts' });
      }
    }
    return { Source, Product };
  }

  let tables: ReturnType<typeof declare>;
  beforeAll(async () => {
    tables = declare();
    await db.schema().ready();
  });
  beforeEach(() => {
    madeHere.length = 0;
  });
  afterEach(async () => {
    await tables.Product.jobs.delete();
    await tables.Product.deleteQuick();
  });

  /**
   * datajoint-python's populate with reserve_jobs, statement for statement, on a session of
   * its own: candidates in priority order, then per key the reservation (true iff one row
   * changed), START TRANSACTION, the key checked in the target, the insert, COMMIT, and the
   * job's completion (a DELETE) after the commit. Resolves to the keys it made.
   */
  async function pythonWorker(): Promise<number[]> {
    const inst = await createTestInstance(backend);
    const conn = inst.connection;
    const q = (name: string) => conn.adapter.quoteIdentifier(name);
    const jobs = tables.Product.jobs.fullTableName;
    const target = tables.Product.fullTableName;
    const made: number[] = [];
    try {
      const { rows } = await conn.query(
        `SELECT ${q('source_id')} FROM ${jobs} WHERE ${q('status')} = 'pending' AND ${q('scheduled_time')} <= CURRENT_TIMESTAMP(3) ORDER BY ${q('priority')}, ${q('scheduled_time')}`,
      );
      const session = await conn.sessionId();
      for (const row of rows) {
        const id = Number(row.source_id);
        const reserved = await conn.query(
          `UPDATE ${jobs} SET ${q('status')} = 'reserved', ${q('host')} = ?, ${q('pid')} = ?, ${q('connection_id')} = ?, ${q('user')} = ?, ${q('version')} = ?, ` +
            `${q('reserved_time')} = CURRENT_TIMESTAMP(3) WHERE ${q('source_id')} = ? AND ${q('status')} = 'pending' AND ${q('scheduled_time')} <= CURRENT_TIMESTAMP(3)`,
          [hostname(), process.pid + 1, session, 'python', '', id],
        );
        if (reserved.rowCount !== 1) continue;
        await conn.transaction(async () => {
          const { rows: present } = await conn.query(`SELECT 1 AS one FROM ${target} WHERE ${q('source_id')} = ?`, [id]);
          if (present.length > 0) return;
          made.push(id);
          await sleep(1);
          await conn.query(`INSERT INTO ${target} (${q('source_id')}, ${q('maker')}) VALUES (?, 'py')`, [id]);
        });
        await conn.query(`DELETE FROM ${jobs} WHERE ${q('source_id')} = ?`, [id]);
      }
    } finally {
      await inst.close();
    }
    return made;
  }

  it('makes every key exactly once when Python-style and TypeScript workers reserve together', async () => {
    const { Product } = tables;
    await Product.jobs.refresh();
    // two populate calls of this library on connections of their own, and the Python worker
    const workers = await Promise.all([1, 2].map(() => createTestInstance(backend)));
    try {
      const [ours, python] = await Promise.all([
        Promise.all(workers.map((inst) => db.schema().on(inst, db.schemaName).get(Product).populate({ reserveJobs: true }))),
        pythonWorker(),
      ]);
      expect(ours.flatMap((r) => r.errorList)).toEqual([]);
      const all = [...madeHere, ...python].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: KEYS }, (_, i) => i)); // each key made once, by one side
      expect(ours.reduce((n, r) => n + r.successCount, 0)).toBe(madeHere.length);
      expect(python.length).toBeGreaterThan(0); // the Python worker did take part
      const byMaker = await dj.U('maker').aggr(Product, { n: 'count(*)' }).toDicts();
      expect(Object.fromEntries(byMaker.map((r) => [r.maker, Number(r.n)]))).toEqual({ py: python.length, ts: madeHere.length });
      expect(await Product.jobs.progress()).toMatchObject({ pending: 0, reserved: 0, error: 0 });
    } finally {
      await Promise.all(workers.map((inst) => inst.close()));
    }
  });

  it('adds each key once when several workers refresh the queue at once', async () => {
    const { Product } = tables;
    const workers = await Promise.all([1, 2, 3, 4].map(() => createTestInstance(backend)));
    try {
      const results = await Promise.all(workers.map((inst) => db.schema().on(inst, db.schemaName).get(Product).jobs.refresh()));
      expect(results.reduce((n, r) => n + r.added, 0)).toBe(KEYS);
      expect(await Product.jobs.pending.count()).toBe(KEYS);
    } finally {
      await Promise.all(workers.map((inst) => inst.close()));
    }
  });
}, { only: ['mysql', 'postgresql'] });
