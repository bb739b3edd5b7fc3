/**
 * How a cascade's DELETEs reach the server: one statement where the backend checks foreign
 * keys at the end of a statement (PostgreSQL, PGlite), one per table elsewhere (MySQL),
 * split by the statement's parameter limit; either way leaves first, counted per table,
 * and all or nothing.
 */
import * as dj from 'datajoint';
import { IntegrityError } from '@dj/core';
import { compileDelete, type SqlFragment } from '@dj/core/internal';
import { describeBackends, useTestInstance } from '@dj/testing';
import { chunksWithin, runDeletes } from '../../src/delete/delete-statement';
import { recorded } from '../helpers/record-queries';

const withParams = (n: number): SqlFragment => ({ sql: `x${n}`, params: Array.from({ length: n }, (_, i) => i) });

describe('DELETEs split by the parameter limit', () => {
  it('keeps the order and puts as many consecutive statements together as the limit allows', () => {
    const statements = [withParams(3), withParams(4), withParams(0), withParams(2), withParams(5), withParams(1)];
    expect(chunksWithin(statements, 7).map((chunk) => chunk.map((s) => s.sql))).toEqual([['x3', 'x4', 'x0'], ['x2', 'x5'], ['x1']]);
    expect(chunksWithin(statements, 100)).toEqual([statements]);
  });

  it('gives a statement over the limit a chunk of its own', () => {
    expect(chunksWithin([withParams(1), withParams(9), withParams(1)], 4).map((chunk) => chunk.map((s) => s.sql))).toEqual([['x1'], ['x9'], ['x1']]);
    expect(chunksWithin([], 4)).toEqual([]);
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
    expect(statements).toHaveLength(connection.adapter.deletesInOneStatement ? 1 : 3);
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
    expect(statements.filter((s) => /DELETE\b/i.test(s))).toHaveLength(connection.adapter.deletesInOneStatement ? 1 : 3);
    expect([await Parent.count(), await Child.count(), await Grandchild.count()]).toEqual([2, 4, 4]);
  });
});
