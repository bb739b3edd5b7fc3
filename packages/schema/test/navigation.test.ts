/**
 * A table's neighbours in the foreign-key graph (datajoint-python `test_dependencies`,
 * `test_descendants_only_contain_part_table`, the parallel-edges test of
 * `test_foreign_keys`): `parents()`, `children()` with `primary`, `asObjects` and
 * `foreignKeyInfo`; `ancestors()`, `descendants()` in Python's order; `parts()`;
 * `Part.master`. Tables of another schema are reached both ways.
 */
import * as dj from 'datajoint';
import { describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class User extends dj.Lookup {
    static definition = `
    username : varchar(12)
    `;
  }

  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : int32
    `;
  }

  @schema.table
  class Experiment extends dj.Manual {
    static definition = `
    -> Subject
    experiment_id : int16
    ---
    -> User
    `;
    static Note = class Note extends dj.Part {
      static definition = `
      -> master
      note_idx : int16
      `;
    };
  }

  @schema.table
  class Trial extends dj.Manual {
    static definition = `
    -> Experiment
    trial_id : int16
    `;
    static Condition = class Condition extends dj.Part {
      static definition = `
      -> master
      condition : varchar(8)
      `;
    };
  }

  @schema.table
  class Ephys extends dj.Computed {
    static definition = `
    -> Trial
    ---
    rate : float32
    `;
    static Channel = class Channel extends dj.Part {
      static definition = `
      -> master
      channel : int16
      `;
    };
    async make(): Promise<void> {}
  }

  @schema.table
  class Cell extends dj.Manual {
    static definition = `
    cell : int32
    `;
  }

  @schema.table
  class Synapse extends dj.Manual {
    static definition = `
    -> Cell.proj(presynaptic='cell')
    -> Cell.proj(postsynaptic='cell')
    `;
  }
  @schema.table
  class Group extends dj.Manual {
    static definition = `
    group_id : int16
    `;
    static Member = class Member extends dj.Part {
      static definition = `
      -> master
      -> Cell
      `;
    };
  }
  return { User, Subject, Experiment, Trial, Ephys, Cell, Synapse, Group };
}

describeBackends('table navigation on $name', (backend) => {
  const otherName = uniqueSchemaName('nav_other');
  // registered before the fixture's teardown, so it runs first: the other schema references this one
  afterAll(async () => {
    await db.instance.Schema(otherName).drop({ prompt: false });
  });
  const db = useTestInstance(backend, { label: 'nav' });
  let t: ReturnType<typeof define>;
  let Downstream: dj.TableClass;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    const other = db.instance.Schema(otherName, { context: { Trial: t.Trial } });
    Downstream = other.table(
      class Review extends dj.Manual {
        static definition = `
        -> Trial
        ---
        verdict : varchar(8)
        `;
      },
    );
    await other.ready();
  });

  it('lists parents and children, by primary or secondary foreign keys (test_dependencies)', async () => {
    const { User, Subject, Experiment, Trial, Ephys } = t;
    expect(await User.children({ primary: false })).toEqual([Experiment.fullTableName]);
    expect(await Experiment.parents({ primary: false })).toEqual([User.fullTableName]);
    expect(await Experiment.parents({ primary: true })).toEqual([Subject.fullTableName]);
    expect(new Set(await Experiment.parents())).toEqual(new Set([Subject.fullTableName, User.fullTableName]));
    expect(new Set(await Trial.children({ primary: true }))).toEqual(new Set([Ephys.fullTableName, Trial.Condition.fullTableName, Downstream.fullTableName]));
    expect(await Ephys.parents({ primary: true })).toEqual([Trial.fullTableName]);
    expect(await Ephys.children({ primary: true })).toEqual([Ephys.Channel.fullTableName]);
    expect(await Ephys.Channel.parents({ primary: true })).toEqual([Ephys.fullTableName]);
    expect(await Subject.parents()).toEqual([]);
  });

  it('gives tables with asObjects, usable as any table', async () => {
    const parents = await t.Experiment.parents({ primary: false, asObjects: true });
    expect(parents).toHaveLength(1);
    expect(parents[0]).toBeInstanceOf(dj.Table);
    expect(parents[0]!.fullTableName).toBe(t.User.fullTableName);
    expect(String(parents[0])).toBe(`FreeTable(${t.User.fullTableName})`);
    await t.User.insert1({ username: 'ann' });
    expect(await parents[0]!.toDicts()).toEqual([{ username: 'ann' }]);
  });

  it('gives one entry per foreign key, with its attribute map (parallel foreign keys)', async () => {
    const edges = await t.Synapse.parents({ foreignKeyInfo: true });
    expect(edges).toHaveLength(2);
    expect(edges.every(([name]) => name === t.Cell.fullTableName)).toBe(true);
    expect(new Set(edges.map(([, fk]) => Object.keys(fk.attrMap)[0]))).toEqual(new Set(['presynaptic', 'postsynaptic']));
    expect(edges.every(([, fk]) => fk.primary && fk.aliased && fk.attrMap[Object.keys(fk.attrMap)[0]!] === 'cell')).toBe(true);
    const asChildren = await t.Cell.children({ foreignKeyInfo: true, asObjects: true });
    expect(asChildren.map(([table]) => table.fullTableName).filter((n) => n === t.Synapse.fullTableName)).toHaveLength(2);
    expect((await t.Cell.children()).sort()).toEqual([t.Synapse.fullTableName, t.Synapse.fullTableName, t.Group.Member.fullTableName].sort());
  });

  it('lists descendants: the table first, then dependents in dependency order, across schemas', async () => {
    const { Experiment, Trial, Ephys } = t;
    const names = await Experiment.descendants();
    expect(names[0]).toBe(Experiment.fullTableName);
    expect(new Set(names)).toEqual(
      new Set([Experiment.fullTableName, Experiment.Note.fullTableName, Trial.fullTableName, Trial.Condition.fullTableName, Ephys.fullTableName, Ephys.Channel.fullTableName, Downstream.fullTableName]),
    );
    expect(names.indexOf(Trial.fullTableName)).toBeLessThan(names.indexOf(Ephys.fullTableName));
    expect(names.indexOf(Ephys.fullTableName)).toBeLessThan(names.indexOf(Ephys.Channel.fullTableName));
    const objects = await Experiment.descendants({ asObjects: true });
    expect(objects.map((o) => o.fullTableName)).toEqual(names);
  });

  it('lists only the part of a master that depends on a table (issue #927)', async () => {
    const names = await t.Cell.descendants();
    expect(names[0]).toBe(t.Cell.fullTableName);
    expect(names).toHaveLength(3);
    expect(new Set(names)).toEqual(new Set([t.Cell.fullTableName, t.Synapse.fullTableName, t.Group.Member.fullTableName]));
  });

  it('lists ancestors: the table first, then each table before its parents, across schemas', async () => {
    const { Subject, User, Experiment, Trial } = t;
    const names = await Downstream.ancestors();
    expect(names[0]).toBe(Downstream.fullTableName);
    expect(new Set(names)).toEqual(new Set([Downstream.fullTableName, Trial.fullTableName, Experiment.fullTableName, Subject.fullTableName, User.fullTableName]));
    expect(names.indexOf(Trial.fullTableName)).toBeLessThan(names.indexOf(Experiment.fullTableName));
    expect(names.indexOf(Experiment.fullTableName)).toBeLessThan(names.indexOf(Subject.fullTableName));
    expect((await Trial.ancestors({ asObjects: true })).map((a) => a.fullTableName)).toContain(Experiment.fullTableName);
    expect(await Subject.ancestors()).toEqual([Subject.fullTableName]);
  });

  it('lists the parts of a master, and a part names its master', async () => {
    expect(await t.Trial.parts()).toEqual([t.Trial.Condition.fullTableName]);
    expect((await t.Ephys.parts({ asObjects: true })).map((p) => p.fullTableName)).toEqual([t.Ephys.Channel.fullTableName]);
    expect(await t.Subject.parts()).toEqual([]);
    expect(t.Trial.Condition.master).toBe(t.Trial);
    expect(t.Ephys.Channel.master).toBe(t.Ephys);
  });
});
