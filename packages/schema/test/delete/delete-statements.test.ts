/**
 * How a cascade's DELETEs reach the server: one statement where the server runs several
 * (a data-modifying WITH on PostgreSQL and PGlite, a compound statement on MariaDB), one per
 * table elsewhere (MySQL), split by the statement limits; either way leaves first, counted
 * per table, and all or nothing.
 */
import * as dj from 'datajoint';
import fc from 'fast-check';
import { IntegrityError } from '@dj/core';
import { compileDelete, type SqlFragment } from '@dj/core/internal';
import { describeBackends, useTestInstance } from '@dj/testing';
import { chunksWithin, runDeletes } from '../../src/delete/delete-statement';
import { recorded } from '../helpers/record-queries';
import { hostileString } from '../properties/hostile-strings';

const withParams = (n: number): SqlFragment => ({ sql: `x${n}`, params: Array.from({ length: n }, (_, i) => i) });

/** Limits counting each parameter as 10 bytes. */
const limits = (maxParameters: number, maxStatementBytes = Infinity, maxDeletesPerStatement = Infinity) => ({
  maxParameters,
  maxStatementBytes,
  maxDeletesPerStatement,
  parameterBytes: () => 10,
});
const sqlOf = (chunks: SqlFragment[][]) => chunks.map((chunk) => chunk.map((s) => s.sql));

describe('DELETEs split by the statement limits', () => {
  const statements = [withParams(3), withParams(4), withParams(0), withParams(2), withParams(5), withParams(1)];

  it('keeps the order and puts as many consecutive statements together as the parameter limit allows', () => {
    expect(sqlOf(chunksWithin(statements, limits(7)))).toEqual([['x3', 'x4', 'x0'], ['x2', 'x5'], ['x1']]);
    expect(chunksWithin(statements, limits(100))).toEqual([statements]);
  });

  it('keeps each chunk within the statement bytes (text, values and the count kept per statement) and the DELETEs per statement', () => {
    // x3 takes 64 + 2 + 30 bytes, x4 64 + 2 + 40, x0 66, x2 86, x5 116, x1 76
    expect(sqlOf(chunksWithin(statements, limits(100, 250)))).toEqual([['x3', 'x4'], ['x0', 'x2'], ['x5', 'x1']]);
    expect(sqlOf(chunksWithin(statements, limits(100, Infinity, 4)))).toEqual([['x3', 'x4', 'x0', 'x2'], ['x5', 'x1']]);
    expect(chunksWithin(statements, limits(100, Infinity, 1))).toEqual(statements.map((s) => [s]));
  });

  it('gives a statement over a limit a chunk of its own', () => {
    expect(sqlOf(chunksWithin([withParams(1), withParams(9), withParams(1)], limits(4)))).toEqual([['x1'], ['x9'], ['x1']]);
    expect(sqlOf(chunksWithin([withParams(1), withParams(9), withParams(1)], limits(100, 100)))).toEqual([['x1'], ['x9'], ['x1']]);
    expect(chunksWithin([], limits(4))).toEqual([]);
  });
});

describeBackends('a cascade\'s DELETEs on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'delete_stmts' });
  let Parent: typeof dj.Manual;
  let Child: typeof dj.Manual;
  let Grandchild: typeof dj.Manual;

  beforeAll(async () => {
    const schema = db.schema();
    Parent = schema.table(class Parent extends dj.Manual {
      static definition = 'parent_id : int32\n---\nname : varchar(16)';
    });
    Child = schema.table(class Child extends dj.Manual {
      static definition = '-> Parent\nchild_id : int32';
    });
    Grandchild = schema.table(class Grandchild extends dj.Manual {
      static definition = '-> Child\ngrandchild_id : int32';
    });
    await schema.ready();
  });

  beforeEach(async () => {
    await Grandchild.delete({ prompt: false });
    await Child.delete({ prompt: false });
    await Parent.delete({ prompt: false });
    await Parent.insert([1, 2, 3].map((parent_id) => ({ parent_id, name: `p${parent_id}` })));
    await Child.insert([1, 2, 3].flatMap((parent_id) => [1, 2].map((child_id) => ({ parent_id, child_id }))));
    await Grandchild.insert([1, 2, 3].flatMap((parent_id) => [1, 2].map((child_id) => ({ parent_id, child_id, grandchild_id: 1 }))));
  });

  const statementsFor = (names: string[], below: number): SqlFragment[] =>
    names.map((table) => compileDelete(db.instance.connection.adapter.fullTableName(db.schemaName, table), [{ sql: 'parent_id < ?', params: [below] }]));

  it('deletes leaves first and counts the rows of each table, in one statement where the backend can', async () => {
    const { connection } = db.instance;
    const { result, statements } = await recorded(connection, () => runDeletes(connection, statementsFor(['grandchild', 'child', 'parent'], 3)));
    expect(result).toEqual([4, 4, 2]);
    expect(statements).toHaveLength((await connection.statementLimits()).maxDeletesPerStatement > 1 ? 1 : 3);
    expect(await Parent.toDicts()).toEqual([{ parent_id: 3, name: 'p3' }]);
    expect(await Grandchild.count()).toBe(2);
  });

  it('refuses to leave a dependent row behind, and inside a transaction deletes nothing', async () => {
    const { connection } = db.instance;
    await expect(connection.transaction(() => runDeletes(connection, statementsFor(['child', 'parent'], 2)))).rejects.toThrow(IntegrityError);
    expect([await Parent.count(), await Child.count(), await Grandchild.count()]).toEqual([3, 6, 6]);
  });

  it('deletes through the cascade of a restricted table', async () => {
    const { connection } = db.instance;
    const { result, statements } = await recorded(connection, () => Parent.restrict({ parent_id: 2 }).delete({ prompt: false }));
    expect(result).toBe(1);
    expect(statements.filter((s) => /DELETE\b/i.test(s))).toHaveLength((await connection.statementLimits()).maxDeletesPerStatement > 1 ? 1 : 3);
    expect([await Parent.count(), await Child.count(), await Grandchild.count()]).toEqual([2, 4, 4]);
  });

  it('keeps a restriction\'s values values when the DELETEs go together', async () => {
    // names every backend stores as given: no NUL (PostgreSQL), no lone surrogate, within varchar(16)
    const names = hostileString.filter((s) => s.length <= 16 && !s.includes('\0') && Buffer.from(s, 'utf8').toString('utf8') === s);
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        await Parent.insert1({ parent_id: 9, name });
        await Child.insert([1, 2].map((child_id) => ({ parent_id: 9, child_id })));
        await Grandchild.insert1({ parent_id: 9, child_id: 1, grandchild_id: 1 });
        const dryRun = await Parent.restrict({ parent_id: 9, name }).delete({ dryRun: true });
        expect(Object.values(dryRun)).toEqual([1, 2, 1]);
        expect(await Parent.restrict({ parent_id: 9, name }).delete({ prompt: false })).toBe(1);
        expect([await Parent.count(), await Child.count(), await Grandchild.count()]).toEqual([3, 6, 6]);
      }),
      { numRuns: 25 },
    );
  });
});
