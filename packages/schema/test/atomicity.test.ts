/**
 * A multi-row insert is one transaction: when the server refuses one row (a foreign key,
 * a duplicate), no row of the insert stays, however many statements the rows needed.
 * With `chunkSize`, each chunk is its own transaction; inside the caller's transaction,
 * the caller's rollback undoes everything.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { recordQueries } from './helpers/record-queries';
import { TARGET_STATEMENT_BYTES } from '../src/insert/insert-statements';

function define(schema: dj.Schema) {
  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    parent_id : int32
    `;
  }

  @schema.table
  class Child extends dj.Manual {
    static definition = `
    child_id : int32
    ---
    -> Parent
    label : varchar(20)
    `;
  }

  @schema.table
  class Payload extends dj.Manual {
    static definition = `
    id : int32
    ---
    -> Parent
    raw : bytes
    `;
  }
  return { Parent, Child, Payload };
}

/** `n` child rows referencing parents 0..9; row `bad` references a parent that does not exist. */
function childRows(n: number, bad?: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({ child_id: i, parent_id: i === bad ? 999 : i % 10, label: `c${i}` }));
}

describeBackends('atomic inserts on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'atomic' });
  let t: ReturnType<typeof define>;
  let statements: string[] = [];

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Parent.insert(Array.from({ length: 10 }, (_, i) => ({ parent_id: i })));
    recordQueries(db.instance.connection, (sql) => statements.push(sql));
  });

  beforeEach(async () => {
    await t.Child.deleteQuick();
    await t.Payload.deleteQuick();
    statements = [];
  });

  const insertStatements = () => statements.filter((sql) => /^\s*INSERT\b/i.test(sql)).length;

  it('inserts none of 1000 rows when row 500 violates a foreign key', async () => {
    await expect(t.Child.insert(childRows(1000, 500))).rejects.toThrow(dj.IntegrityError);
    expect(await t.Child.count()).toBe(0);
    await t.Child.insert(childRows(1000));
    expect(await t.Child.count()).toBe(1000);
  });

  it('inserts none of the rows when the violation is in a later statement of the same insert', async () => {
    // More rows than one statement holds: several statements in one transaction.
    await expect(t.Child.insert(childRows(2500, 2100))).rejects.toThrow(dj.IntegrityError);
    expect(insertStatements()).toBeGreaterThan(1);
    expect(await t.Child.count()).toBe(0);
  });

  it('inserts none of the rows when one duplicates an existing row', async () => {
    await t.Child.insert1({ child_id: 500, parent_id: 1, label: 'existing' });
    await expect(t.Child.insert(childRows(1000))).rejects.toThrow(dj.DuplicateError);
    expect(await t.Child.toDicts()).toEqual([{ child_id: 500, parent_id: 1, label: 'existing' }]);
  });

  it('inserts none of the rows when two of them share a key in different statements', async () => {
    const rows = childRows(2500);
    rows[2400] = { ...rows[2400], child_id: 10 };
    await expect(t.Child.insert(rows)).rejects.toThrow(dj.DuplicateError);
    expect(await t.Child.count()).toBe(0);
  });

  it('inserts none of several large rows split over statements by size', async () => {
    // A statement carries at most the byte budget of the session (16 MB, or less under a
    // smaller max_allowed_packet): three rows of 40% of it take at least two statements.
    const limits = await db.instance.connection.statementLimits();
    const big = Buffer.alloc(Math.floor(0.4 * Math.min(limits.maxStatementBytes, TARGET_STATEMENT_BYTES)), 7);
    const rows = [0, 1, 2].map((id) => ({ id, parent_id: id === 2 ? 999 : id, raw: big }));
    await expect(t.Payload.insert(rows)).rejects.toThrow(dj.IntegrityError);
    expect(insertStatements()).toBeGreaterThan(1);
    expect(await t.Payload.count()).toBe(0);
  });

  it('commits each chunk on its own with chunkSize', async () => {
    await expect(t.Child.insert(childRows(1000, 500), { chunkSize: 100 })).rejects.toThrow(dj.IntegrityError);
    expect(await t.Child.count()).toBe(500);
  });

  it('leaves the rollback to the caller inside a transaction', async () => {
    await expect(
      db.instance.connection.transaction(async () => {
        await t.Child.insert(childRows(10));
        await t.Child.insert([{ child_id: 100, parent_id: 999, label: 'bad' }]);
      }),
    ).rejects.toThrow(dj.IntegrityError);
    expect(await t.Child.count()).toBe(0);
    await db.instance.connection.transaction(async () => {
      await t.Child.insert(childRows(2500));
    });
    expect(await t.Child.count()).toBe(2500);
  });
});
