/**
 * datajoint-python's `tests/integration/test_cascade_integrity.py` (spec-pipeline §14.3)
 * on every backend: the `partIntegrity: 'enforce'` check of a delete that reaches a part
 * without its master (refused, every row kept), the always-false restriction a master gets
 * when a `'cascade'` walk up from its part finds no rows (the master is previewed with 0
 * rows and nothing of it is deleted), and the upward rule U3 for a part whose reference to
 * its master is a secondary attribute.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { countsOf, useFreshSchemas } from './fresh-schemas';

/** Ext, and Master with part P (-> master, -> Ext), or with the master reference secondary. */
function declareExtMaster(schema: dj.Schema, { secondaryMaster = false } = {}) {
  @schema.table
  class Ext extends dj.Manual {
    static definition = `
    ext_id : int32
    `;
  }
  @schema.table
  class Master extends dj.Manual {
    static definition = `
    master_id : int32
    `;
    static P = class P extends dj.Part {
      static definition = secondaryMaster
        ? `
        -> Ext
        part_id : int32
        ---
        -> master
        `
        : `
        -> master
        -> Ext
        `;
    };
  }
  return { Ext, Master };
}

describeBackends('cascade part integrity on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'cintegrity' });
  const freshSchema = useFreshSchemas(db);

  it('refuses a delete that reaches a part without its master, and rolls it back', async () => {
    const { Ext, Master } = declareExtMaster(freshSchema('enforce'));
    await Ext.insert([[1]]);
    await Master.insert([[1]]);
    await Master.P.insert([[1, 1]]);

    // the plan reaches the part, not its master
    const plan = await new dj.Diagram(Ext).cascade(Ext.restrict({ ext_id: 1 })).preview();
    expect(plan).toEqual({ [Ext.fullTableName]: 1, [Master.P.fullTableName]: 1 });

    await expect(Ext.restrict({ ext_id: 1 }).delete({ prompt: false })).rejects.toThrow(dj.DataJointError);
    await expect(Ext.restrict({ ext_id: 1 }).delete({ prompt: false })).rejects.toThrow(/before its master/);
    expect(await countsOf({ Ext, P: Master.P, Master })).toEqual({ Ext: 1, P: 1, Master: 1 });

    // 'ignore' lets it through; the master row stays
    expect(await Ext.restrict({ ext_id: 1 }).delete({ prompt: false, partIntegrity: 'ignore' })).toBe(1);
    expect(await countsOf({ Ext, P: Master.P, Master })).toEqual({ Ext: 0, P: 0, Master: 1 });
  });

  it('restricts a master to no rows when the walk up from its part finds none', async () => {
    const { Ext, Master } = declareExtMaster(freshSchema('sentinel'));
    await Ext.insert([[1], [2]]);
    await Master.insert([[1]]);
    await Master.P.insert([[1, 1]]);

    const counts = await new dj.Diagram(Ext).cascade(Ext.restrict({ ext_id: 2 }), { partIntegrity: 'cascade' }).preview();
    expect(counts).toHaveProperty([Master.fullTableName], 0);
    expect(counts).toEqual({ [Ext.fullTableName]: 1, [Master.fullTableName]: 0, [Master.P.fullTableName]: 0 });

    expect(await Ext.restrict({ ext_id: 2 }).delete({ prompt: false, partIntegrity: 'cascade' })).toBe(1);
    expect(await Ext.restrict({ ext_id: 2 }).count()).toBe(0);
    expect(await countsOf({ Ext, Master, P: Master.P })).toEqual({ Ext: 1, Master: 1, P: 1 });
  });

  it('walks up a secondary reference to the master by its own columns (U3)', async () => {
    const { Ext, Master } = declareExtMaster(freshSchema('u3'), { secondaryMaster: true });
    await Ext.insert([[1], [2]]);
    await Master.insert([[1], [2]]);
    await Master.P.insert([[1, 10, 1], [2, 20, 2]]);
    expect(Master.P.heading.primaryKey).toEqual(['ext_id', 'part_id']);

    const counts = await new dj.Diagram(Ext).cascade(Ext.restrict({ ext_id: 1 }), { partIntegrity: 'cascade' }).preview();
    expect(counts[Master.fullTableName]).toBe(1);
    expect(counts[Master.P.fullTableName]).toBe(1);

    expect(await Ext.restrict({ ext_id: 1 }).delete({ prompt: false, partIntegrity: 'cascade' })).toBe(1);
    expect(await Master.toArrays('master_id')).toEqual([[2]]);
    expect(await Master.P.toDicts()).toEqual([{ ext_id: 2, part_id: 20, master_id: 2 }]);
    expect(await Ext.toArrays('ext_id')).toEqual([[2]]);
  });
});
