/**
 * datajoint-python's `tests/integration/test_cascade_delete.py` (spec-pipeline §14.1) on
 * every backend: cascading deletes through one and several levels and through renamed
 * foreign keys, previews of a cascade, a cascade into a dependent schema, part-of-part
 * chains with `partIntegrity: 'cascade'` (#1429), two parts of one master reached by one
 * delete, and the validation of `partIntegrity` by cascades and drops. Each test declares
 * its tables in a fresh schema.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { countsOf, useFreshSchemas } from './fresh-schemas';

function declareParentChild(schema: dj.Schema) {
  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    parent_id : int32
    ---
    name : varchar(255)
    `;
  }
  @schema.table
  class Child extends dj.Manual {
    static definition = `
    -> Parent
    child_id : int32
    ---
    data : varchar(255)
    `;
  }
  return { Parent, Child };
}

/** Master with PartA (-> master) and PartB (-> Master.PartA), and PartC (-> Master.PartB) when asked. */
function declarePartChain(schema: dj.Schema, { renamed = false, partC = false } = {}) {
  @schema.table
  class Master extends dj.Manual {
    static definition = `
    master_id : int32
    `;
    static PartA = class PartA extends dj.Part {
      static definition = `
      -> master
      part_a_id : int32
      `;
    };
    static PartB = class PartB extends dj.Part {
      static definition = renamed
        ? `
      -> Master.PartA.proj(src_master='master_id', src_part='part_a_id')
      part_b_id : int32
      `
        : `
      -> Master.PartA
      part_b_id : int32
      `;
    };
    static PartC = partC
      ? class PartC extends dj.Part {
          static definition = `
          -> Master.PartB
          part_c_id : int32
          `;
        }
      : undefined;
  }
  return Master;
}

describeBackends('cascade delete on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'cascade' });
  const freshSchema = useFreshSchemas(db);

  it('deletes the children of a deleted parent', async () => {
    const { Parent, Child } = declareParentChild(freshSchema('simple'));
    await Parent.insert([[1, 'Parent1'], [2, 'Parent2']]);
    await Child.insert([[1, 1, 'Child1-1'], [1, 2, 'Child1-2'], [2, 1, 'Child2-1']]);
    expect(await countsOf({ Parent, Child })).toEqual({ Parent: 2, Child: 3 });

    expect(await Parent.restrict({ parent_id: 1 }).delete()).toBe(1);

    expect(await Parent.toDicts()).toEqual([{ parent_id: 2, name: 'Parent2' }]);
    expect(await Child.toDicts()).toEqual([{ parent_id: 2, child_id: 1, data: 'Child2-1' }]);
  });

  it('cascades through several levels', async () => {
    const schema = freshSchema('multi');
    @schema.table
    class GrandParent extends dj.Manual {
      static definition = `
      gp_id : int32
      ---
      name : varchar(255)
      `;
    }
    @schema.table
    class Parent extends dj.Manual {
      static definition = `
      -> GrandParent
      parent_id : int32
      ---
      name : varchar(255)
      `;
    }
    @schema.table
    class Child extends dj.Manual {
      static definition = `
      -> Parent
      child_id : int32
      ---
      data : varchar(255)
      `;
    }
    await GrandParent.insert1([1, 'GP1']);
    await Parent.insert([[1, 1, 'P1'], [1, 2, 'P2']]);
    await Child.insert([[1, 1, 1, 'C1'], [1, 1, 2, 'C2'], [1, 2, 1, 'C3']]);
    expect(await countsOf({ GrandParent, Parent, Child })).toEqual({ GrandParent: 1, Parent: 2, Child: 3 });

    expect(await GrandParent.restrict({ gp_id: 1 }).delete()).toBe(1);

    expect(await countsOf({ GrandParent, Parent, Child })).toEqual({ GrandParent: 0, Parent: 0, Child: 0 });
    expect(await Child.toDicts()).toEqual([]);
  });

  it('cascades through a renamed foreign key', async () => {
    const schema = freshSchema('renamed');
    @schema.table
    class Animal extends dj.Manual {
      static definition = `
      animal_id : int32
      ---
      species : varchar(255)
      `;
    }
    @schema.table
    class Observation extends dj.Manual {
      static definition = `
      obs_id : int32
      ---
      -> Animal.proj(subject_id='animal_id')
      measurement : float32
      `;
    }
    await Animal.insert([[1, 'Mouse'], [2, 'Rat']]);
    await Observation.insert([[1, 1, 10.5], [2, 1, 11.2], [3, 2, 15.3]]);
    expect(await countsOf({ Animal, Observation })).toEqual({ Animal: 2, Observation: 3 });

    await Animal.restrict({ animal_id: 1 }).delete();

    expect(await Animal.toDicts()).toEqual([{ animal_id: 2, species: 'Rat' }]);
    const remaining = await Observation.toDicts();
    expect(remaining).toHaveLength(1);
    expect(remaining[0]).toMatchObject({ obs_id: 3, subject_id: 2 });
    expect(remaining[0]!.measurement).toBeCloseTo(15.3, 5);
  });

  it('previews the rows of a cascade without deleting them', async () => {
    const schema = freshSchema('preview');
    const { Parent, Child } = declareParentChild(schema);
    await Parent.insert([[1, 'P1'], [2, 'P2']]);
    await Child.insert([[1, 1, 'C1-1'], [1, 2, 'C1-2'], [2, 1, 'C2-1']]);

    const expected = { [Parent.fullTableName]: 1, [Child.fullTableName]: 2 };
    const counts = await new dj.Diagram(Parent).cascade(Parent.restrict({ parent_id: 1 })).preview();
    expect(counts).toEqual(expected);
    // the same from a diagram of the whole schema, and from the table's own preview
    expect(await new dj.Diagram(schema).cascade(Parent.restrict({ parent_id: 1 })).preview()).toEqual(expected);
    expect(await Parent.restrict({ parent_id: 1 }).deletePreview()).toEqual(expected);

    expect(await countsOf({ Parent, Child })).toEqual({ Parent: 2, Child: 3 });
  });

  it('deletes nothing on a dry run and resolves to the preview counts', async () => {
    const schema = freshSchema('dry_run');
    const { Parent, Child } = declareParentChild(schema);
    await Parent.insert([[1, 'P1'], [2, 'P2']]);
    await Child.insert([[1, 1, 'C1-1'], [1, 2, 'C1-2'], [2, 1, 'C2-1']]);

    const result: unknown = await Parent.restrict({ parent_id: 1 }).delete({ dryRun: true });
    expect(await countsOf({ Parent, Child })).toEqual({ Parent: 2, Child: 3 });
    expect(result).toEqual({ [Parent.fullTableName]: 1, [Child.fullTableName]: 2 });
    const whole: unknown = await Parent.delete({ dryRun: true });
    expect(await countsOf({ Parent, Child })).toEqual({ Parent: 2, Child: 3 });
    expect(whole).toEqual({ [Parent.fullTableName]: 2, [Child.fullTableName]: 3 });
  });

  it('discovers and deletes from a dependent schema', async () => {
    const upstream = freshSchema('upstream');
    @upstream.table
    class Parent extends dj.Manual {
      static definition = `
      parent_id : int32
      ---
      name : varchar(100)
      `;
    }
    const downstream = freshSchema('downstream', { context: { Parent } });
    @downstream.table
    class Child extends dj.Manual {
      static definition = `
      -> Parent
      child_id : int32
      ---
      data : varchar(100)
      `;
    }
    await Parent.insert1({ parent_id: 1, name: 'Alice' });
    await Child.insert([{ parent_id: 1, child_id: 1, data: 'row1' }, { parent_id: 1, child_id: 2, data: 'row2' }]);
    expect(Child.fullTableName.startsWith(db.instance.connection.adapter.quoteIdentifier(downstream.name))).toBe(true);

    const expected = { [Parent.fullTableName]: 1, [Child.fullTableName]: 2 };
    expect(await new dj.Diagram(Parent).cascade(Parent.restrict('parent_id=1')).preview()).toEqual(expected);

    // also when the dependent schema is not activated on the connection: found in the catalog
    const { schemas } = db.instance.connection;
    schemas.delete(downstream.name);
    try {
      expect(await new dj.Diagram(upstream).cascade(Parent.restrict('parent_id=1')).preview()).toEqual(expected);
      expect(await Parent.restrict('parent_id=1').delete()).toBe(1);
    } finally {
      schemas.add(downstream.name);
    }
    expect(await countsOf({ Parent, Child })).toEqual({ Parent: 0, Child: 0 });
  });

  it('cascades a part of a part up to the master and back down to its parts (#1429)', async () => {
    const Master = declarePartChain(freshSchema('pop'));
    await Master.insert([[1], [2]]);
    await Master.PartA.insert([[1, 10], [1, 11], [2, 20]]);
    await Master.PartB.insert([[1, 10, 100], [1, 10, 101], [1, 11, 110], [2, 20, 200]]);

    const counts = await new dj.Diagram(Master)
      .cascade(Master.PartB.restrict({ master_id: 1, part_a_id: 10, part_b_id: 100 }), { partIntegrity: 'cascade' })
      .preview();
    expect(counts[Master.fullTableName]).toBe(1);
    expect(counts[Master.PartA.fullTableName]).toBe(2);
    expect(counts[Master.PartB.fullTableName]).toBe(3);
    expect(await countsOf({ Master, A: Master.PartA, B: Master.PartB })).toEqual({ Master: 2, A: 3, B: 4 });
  });

  it('cascades a part of a part referenced by renamed attributes (#1429)', async () => {
    const Master = declarePartChain(freshSchema('pop_renamed'), { renamed: true });
    await Master.insert([[1], [2]]);
    await Master.PartA.insert([[1, 10], [2, 20]]);
    await Master.PartB.insert([[1, 10, 100], [2, 20, 200]]);
    expect(Master.PartB.heading.names).toEqual(['src_master', 'src_part', 'part_b_id']);

    const counts = await new dj.Diagram(Master)
      .cascade(Master.PartB.restrict({ src_master: 1, src_part: 10, part_b_id: 100 }), { partIntegrity: 'cascade' })
      .preview();
    expect(counts[Master.fullTableName]).toBe(1);
    expect(counts[Master.PartA.fullTableName]).toBe(1);
    expect(counts[Master.PartB.fullTableName]).toBe(1);

    await Master.PartB.restrict({ src_master: 1 }).delete({ partIntegrity: 'cascade' });
    expect(await Master.toArrays('master_id')).toEqual([[2]]);
    expect(await Master.PartB.toDicts()).toEqual([{ src_master: 2, src_part: 20, part_b_id: 200 }]);
  });

  it('restricts every part of a three-level part chain (#1429)', async () => {
    const Master = declarePartChain(freshSchema('chain3'), { partC: true });
    const PartC = Master.PartC!;
    await Master.insert([[1], [2]]);
    await Master.PartA.insert([[1, 10], [1, 11], [2, 20]]);
    await Master.PartB.insert([[1, 10, 100], [1, 11, 110], [2, 20, 200]]);
    await PartC.insert([[1, 10, 100, 1000], [1, 11, 110, 1100], [2, 20, 200, 2000]]);

    const counts = await new dj.Diagram(Master)
      .cascade(PartC.restrict({ master_id: 1, part_a_id: 10, part_b_id: 100, part_c_id: 1000 }), { partIntegrity: 'cascade' })
      .preview();
    expect(counts[Master.fullTableName]).toBe(1);
    expect(counts[Master.PartA.fullTableName]).toBe(2);
    expect(counts[Master.PartB.fullTableName]).toBe(2);
    expect(counts[PartC.fullTableName]).toBe(2);
  });

  it('deletes through a part-of-part chain with partIntegrity cascade', async () => {
    const Master = declarePartChain(freshSchema('pop_delete'));
    await Master.insert([[1], [2]]);
    await Master.PartA.insert([[1, 10], [2, 20]]);
    await Master.PartB.insert([[1, 10, 100], [2, 20, 200]]);

    expect(await Master.PartB.restrict({ master_id: 1 }).delete({ partIntegrity: 'cascade' })).toBe(1);

    expect(await Master.count()).toBe(1);
    expect(await Master.fetch1('master_id')).toBe(2);
    expect(await Master.PartA.toDicts()).toEqual([{ master_id: 2, part_a_id: 20 }]);
    expect(await Master.PartB.toDicts()).toEqual([{ master_id: 2, part_a_id: 20, part_b_id: 200 }]);
  });

  it('restricts a master by each of two parts reached from one table', async () => {
    const schema = freshSchema('two_parts');
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
      static PartA = class PartA extends dj.Part {
        static definition = `
        -> master
        -> Ext
        `;
      };
      static PartB = class PartB extends dj.Part {
        static definition = `
        -> master
        -> Ext
        `;
      };
    }
    await Ext.insert([[1], [2]]);
    await Master.insert([[1], [2], [3]]);
    await Master.PartA.insert([[1, 1], [3, 2]]);
    await Master.PartB.insert([[2, 1], [3, 2]]);

    const counts = await new dj.Diagram(schema).cascade(Ext.restrict({ ext_id: 1 }), { partIntegrity: 'cascade' }).preview();
    expect(counts[Master.fullTableName]).toBe(2);

    expect(await Ext.restrict({ ext_id: 1 }).delete({ prompt: false, partIntegrity: 'cascade' })).toBe(1);
    expect(await Master.toArrays('master_id')).toEqual([[3]]);
    expect(await Master.PartA.toDicts()).toEqual([{ master_id: 3, ext_id: 2 }]);
    expect(await Master.PartB.toDicts()).toEqual([{ master_id: 3, ext_id: 2 }]);
    expect(await Ext.restrict({ ext_id: 2 }).count()).toBe(1);
  });

  it('refuses an unknown partIntegrity in a cascade', async () => {
    const schema = freshSchema('invalid');
    @schema.table
    class Simple extends dj.Manual {
      static definition = `
      sid : int32
      `;
    }
    await Simple.insert([[1]]);
    const diagram = new dj.Diagram(schema);
    const bad = { partIntegrity: 'casade' } as unknown as dj.CascadeOptions;
    expect(() => diagram.cascade(Simple.restrict({ sid: 1 }), bad)).toThrow(dj.DataJointError);
    expect(() => diagram.cascade(Simple.restrict({ sid: 1 }), bad)).toThrow(/partIntegrity must be/);
    await expect(Simple.restrict({ sid: 1 }).delete(bad as dj.DeleteOptions)).rejects.toThrow(/partIntegrity must be/);
    expect(await Simple.count()).toBe(1);
  });

  it('refuses an unknown or delete-only partIntegrity in a drop, before dropping anything', async () => {
    const schema = freshSchema('drop_invalid');
    @schema.table
    class Keeper extends dj.Manual {
      static definition = `
      kid : int32
      `;
    }
    await Keeper.insert([[1]]);
    for (const partIntegrity of ['cascade', 'enforcee']) {
      const options = { partIntegrity } as unknown as dj.DropOptions;
      await expect(Keeper.drop(options)).rejects.toThrow(dj.DataJointError);
      await expect(Keeper.drop(options)).rejects.toThrow(/partIntegrity must be/);
    }
    expect(await Keeper.count()).toBe(1);
    expect(await schema.listTables()).toEqual(['keeper']);
  });
});
