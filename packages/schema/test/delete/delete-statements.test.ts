/**
 * How a cascade's DELETEs reach the server (`runWriteBatch`): one statement where the server
 * runs several (a data-modifying WITH on PostgreSQL and PGlite, a compound statement on
 * MariaDB), one per table elsewhere (MySQL); either way leaves first, counted per table,
 * and all or nothing.
 */
import * as dj from 'datajoint';
import fc from 'fast-check';
import { IntegrityError } from '@dj/core';
import { compileDelete, runWriteBatch, type SqlFragment } from '@dj/core/internal';
import { describeBackends, useTestInstance } from '@dj/testing';
import { recorded } from '../helpers/record-queries';
import { hostileString } from '../properties/hostile-strings';

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
    const { result, statements } = await recorded(connection, () => runWriteBatch(connection, statementsFor(['grandchild', 'child', 'parent'], 3)));
    expect(result).toEqual([4, 4, 2]);
    expect(statements).toHaveLength((await connection.statementLimits()).maxWritesPerStatement > 1 ? 1 : 3);
    expect(await Parent.toDicts()).toEqual([{ parent_id: 3, name: 'p3' }]);
    expect(await Grandchild.count()).toBe(2);
  });

  it('refuses to leave a dependent row behind, and inside a transaction deletes nothing', async () => {
    const { connection } = db.instance;
    await expect(connection.transaction(() => runWriteBatch(connection, statementsFor(['child', 'parent'], 2)))).rejects.toThrow(IntegrityError);
    expect([await Parent.count(), await Child.count(), await Grandchild.count()]).toEqual([3, 6, 6]);
  });

  it('deletes through the cascade of a restricted table', async () => {
    const { connection } = db.instance;
    const { result, statements } = await recorded(connection, () => Parent.restrict({ parent_id: 2 }).delete({ prompt: false }));
    expect(result).toBe(1);
    expect(statements.filter((s) => /DELETE\b/i.test(s))).toHaveLength((await connection.statementLimits()).maxWritesPerStatement > 1 ? 1 : 3);
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
