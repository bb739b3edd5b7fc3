/**
 * Foreign keys (datajoint-python's test_foreign_keys.py with tests/schema_advanced.py, and
 * test_schema_keywords.py; spec-core §4.7): renamed references, several references to one
 * parent, shared columns, `[nullable, unique]`, references through class attributes and
 * inherited parts, and the describe() round trip of all of these.
 */
import * as dj from 'datajoint';
import type { ColumnInfo } from '@dj/core/internal';
import { describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { catalogOf, foreignKeysOf } from './helpers/catalog';

// ------------------------------------------------------------------ helpers

/** Every field of a column but its PostgreSQL enum type, which differs between schemas. */
const columnOf = (c: ColumnInfo, neutral: (text: string) => string) => ({ ...c, sqlType: neutral(c.sqlType), userType: undefined });

// ------------------------------------------------------------------ tests/schema_advanced.py

function defineAdvanced(schema: dj.Schema) {
  @schema.table
  class Person extends dj.Manual {
    static definition = `
    person_id : int
    ----
    full_name : varchar(60)
    sex : enum('M','F')
    `;
  }

  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    -> Person
    parent_sex  : enum('M','F')
    ---
    -> Person.proj(parent='person_id')
    `;
  }

  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject : int
    ---
    -> [unique, nullable] Person
    `;
  }

  @schema.table
  class Prep extends dj.Manual {
    static definition = `
    prep   : int
    `;
  }

  @schema.table
  class Slice extends dj.Manual {
    static definition = `
    -> Prep
    slice  : int
    `;
  }

  @schema.table
  class Cell extends dj.Manual {
    static definition = `
    -> Slice
    cell  : int
    `;
  }

  @schema.table
  class InputCell extends dj.Manual {
    static definition = `  # a synapse within the slice
    -> Cell
    -> Cell.proj(input="cell")
    `;
  }

  @schema.table
  class LocalSynapse extends dj.Manual {
    static definition = `  # a synapse within the slice
    -> Cell.proj(presynaptic='cell')
    -> Cell.proj(postsynaptic='cell')
    `;
  }

  @schema.table
  class GlobalSynapse extends dj.Manual {
    // Mix old-style and new-style projected foreign keys
    static definition = `
    # a synapse within the slice
    -> Cell.proj(pre_slice="slice", pre_cell="cell")
    -> Cell.proj(post_slice="slice", post_cell="cell")
    `;
  }

  return { Person, Parent, Subject, Prep, Slice, Cell, InputCell, LocalSynapse, GlobalSynapse };
}

const PEOPLE: Array<[number, string, 'M' | 'F']> = [
  [0, 'May K. Hall', 'F'],
  [1, 'Jeffrey E. Gillen', 'M'],
  [2, 'Hanna R. Walters', 'F'],
  [3, 'Russel S. James', 'M'],
  [4, 'Robbin J. Fletcher', 'F'],
  [5, 'Wade J. Sullivan', 'M'],
  [6, 'Dorothy J. Chen', 'F'],
  [7, 'Michael L. Kowalewski', 'M'],
  [8, 'Kimberly J. Stringer', 'F'],
  [9, 'Mark G. Hair', 'M'],
  [10, 'Mary R. Thompson', 'F'],
  [11, 'Graham C. Gilpin', 'M'],
  [12, 'Nelda T. Ruggeri', 'F'],
  [13, 'Bryan M. Cummings', 'M'],
  [14, 'Sara C. Le', 'F'],
  [15, 'Myron S. Jaramillo', 'M'],
];

const PARENTS: Array<[number, number]> = [
  [0, 2], [0, 3], [1, 4], [1, 5], [2, 4], [2, 5], [3, 4], [3, 7], [4, 7], [4, 8], [5, 9], [5, 10], [6, 9],
  [6, 10], [7, 11], [7, 12], [8, 11], [8, 14], [9, 11], [9, 12], [10, 13], [10, 14], [11, 14], [11, 15],
  [12, 14], [12, 15],
];

describeBackends('foreign keys on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'fk' });
  let p: ReturnType<typeof defineAdvanced>;

  beforeAll(async () => {
    p = defineAdvanced(db.schema());
    await db.schema().ready();
    await p.Person.insert(PEOPLE);
    const sexOf = new Map(PEOPLE.map(([id, , sex]) => [id, sex]));
    await p.Parent.insert(PARENTS.map(([person_id, parent]) => ({ person_id, parent, parent_sex: sexOf.get(parent)! })));
  });

  it('declares a renamed foreign key next to the plain one (aliased foreign keys)', async () => {
    expect(p.Parent.heading.primaryKey).toEqual(['person_id', 'parent_sex']);
    expect(p.Parent.heading.secondaryAttributes).toEqual(['parent']);
    expect(p.Parent.heading.get('parent')).toMatchObject({ inKey: false, nullable: false, kind: 'int' });
    expect(await foreignKeysOf(db.instance.connection, db.schemaName, 'parent')).toEqual(['person(parent<-person_id)', 'person(person_id)']);
    expect(await p.Person.count()).toBe(16);
    expect(await p.Parent.count()).toBe(26);
    // May K. Hall's parents, through the renamed attribute.
    const parentIds = (await p.Parent.restrict({ person_id: 0 }).toDicts()).map((r) => r.parent).sort();
    expect(parentIds).toEqual([2, 3]);
    const names = await Promise.all(parentIds.map(async (id) => (await p.Person.restrict({ person_id: id }).toDicts())[0]!.full_name));
    expect(new Set(names)).toEqual(new Set(['Hanna R. Walters', 'Russel S. James']));
    expect(await p.Parent.restrict('11 in (person_id, parent)').count()).toBe(5);
  });

  it('enforces both references of the renamed foreign key', async () => {
    await expect(p.Parent.insert1({ person_id: 13, parent_sex: 'F', parent: 99 })).rejects.toThrow(dj.IntegrityError);
    await expect(p.Parent.insert1({ person_id: 99, parent_sex: 'F', parent: 0 })).rejects.toThrow(dj.IntegrityError);
    await expect(p.Person.restrict({ person_id: 14 }).deleteQuick()).rejects.toThrow(dj.IntegrityError);
    expect(await p.Parent.count()).toBe(26);
  });

  it('keeps two references to the same parent as two foreign keys (issue #1492)', async () => {
    const { connection } = db.instance;
    expect(await foreignKeysOf(connection, db.schemaName, 'local_synapse')).toEqual([
      'cell(prep,slice,postsynaptic<-cell)',
      'cell(prep,slice,presynaptic<-cell)',
    ]);
    expect(await foreignKeysOf(connection, db.schemaName, 'global_synapse')).toEqual([
      'cell(prep,post_slice<-slice,post_cell<-cell)',
      'cell(prep,pre_slice<-slice,pre_cell<-cell)',
    ]);
    expect(await foreignKeysOf(connection, db.schemaName, 'input_cell')).toEqual(['cell(prep,slice,cell)', 'cell(prep,slice,input<-cell)']);
    const edges = (await connection.introspector.foreignKeys(connection, [db.schemaName])).filter(
      (fk) => fk.childTable === 'local_synapse' && fk.parentTable === 'cell',
    );
    expect(edges).toHaveLength(2);
    expect(new Set(edges.map((fk) => fk.name)).size).toBe(2);
  });

  it('shares foreign-key columns between references', () => {
    expect(p.LocalSynapse.heading.primaryKey).toEqual(['prep', 'slice', 'presynaptic', 'postsynaptic']);
    expect(p.GlobalSynapse.heading.primaryKey).toEqual(['prep', 'pre_slice', 'pre_cell', 'post_slice', 'post_cell']);
    expect(p.InputCell.heading.primaryKey).toEqual(['prep', 'slice', 'cell', 'input']);
    expect(p.LocalSynapse.heading.tableComment).toBe('a synapse within the slice');
    expect(p.GlobalSynapse.heading.tableComment).toBe('a synapse within the slice');
  });

  it('enforces every reference of a table with several', async () => {
    await p.Prep.insert1({ prep: 1 });
    await p.Slice.insert([{ prep: 1, slice: 1 }, { prep: 1, slice: 2 }]);
    await p.Cell.insert([{ prep: 1, slice: 1, cell: 1 }, { prep: 1, slice: 1, cell: 2 }, { prep: 1, slice: 2, cell: 1 }]);
    await p.LocalSynapse.insert1({ prep: 1, slice: 1, presynaptic: 1, postsynaptic: 2 });
    await expect(p.LocalSynapse.insert1({ prep: 1, slice: 2, presynaptic: 1, postsynaptic: 2 })).rejects.toThrow(dj.IntegrityError);
    await p.GlobalSynapse.insert1({ prep: 1, pre_slice: 1, pre_cell: 2, post_slice: 2, post_cell: 1 });
    await expect(p.GlobalSynapse.insert1({ prep: 1, pre_slice: 2, pre_cell: 2, post_slice: 1, post_cell: 1 })).rejects.toThrow(dj.IntegrityError);
    expect(await p.LocalSynapse.count()).toBe(1);
    expect(await p.GlobalSynapse.count()).toBe(1);
  });

  it('makes a nullable unique secondary foreign key', async () => {
    expect(p.Subject.heading.get('person_id')).toMatchObject({ nullable: true, inKey: false, default: 'null' });
    const { connection } = db.instance;
    expect((await connection.introspector.indexes(connection, db.schemaName, 'subject')).map((i) => [i.unique, i.columns])).toEqual([
      [true, ['person_id']],
    ]);
    await p.Subject.insert([{ subject: 1, person_id: 1 }, { subject: 3, person_id: null }]);
    await p.Subject.insert1({ subject: 2 });
    await expect(p.Subject.insert1({ subject: 4, person_id: 1 })).rejects.toThrow(dj.DuplicateError);
    await expect(p.Subject.insert1({ subject: 5, person_id: 77 })).rejects.toThrow(dj.IntegrityError);
    expect(await p.Subject.restrict({ person_id: null }).count()).toBe(2);
  });

  it('references an existing table through a FreeTable', async () => {
    const schema = db.instance.Schema(db.schemaName, { context: { person: db.instance.FreeTable(`${db.schemaName}.person`) } });
    const Nickname = schema.table(class Nickname extends dj.Manual {
      static definition = '-> person\nnickname : varchar(20)';
    });
    await Nickname.insert1({ person_id: 3, nickname: 'Rusty' });
    expect(Nickname.heading.primaryKey).toEqual(['person_id', 'nickname']);
    expect(await foreignKeysOf(db.instance.connection, db.schemaName, 'nickname')).toEqual(['person(person_id)']);
    await expect(Nickname.insert1({ person_id: 99, nickname: 'Nobody' })).rejects.toThrow(dj.IntegrityError);
  });

  it('rejects references to restricted tables and to things that are not tables', () => {
    const schema = db.instance.Schema(db.schemaName, { context: { females: p.Person.restrict({ sex: 'F' }), notATable: { a: 1 } } });
    expect(() =>
      schema.table(class Mother extends dj.Manual {
        static definition = '-> females\nchild : int';
      }),
    ).toThrow(/^Dependency "females" is not supported \(yet\)\. Use a base table or its projection/);
    expect(() =>
      schema.table(class Weird extends dj.Manual {
        static definition = '-> notATable';
      }),
    ).toThrow(/^Dependency "notATable" is not supported \(yet\)/);
  });

  describe('describe()', () => {
    const copyName = uniqueSchemaName('fk_copy');

    afterAll(async () => {
      await db.instance.Schema(copyName).drop({ prompt: false });
    });

    async function expectRoundTrip(T: typeof dj.Manual): Promise<string> {
      const described = await T.describe();
      const copySchema = db.instance.Schema(copyName, { context: { ...p } });
      const Copy = { [T.name]: class extends dj.Manual { static definition = described; } }[T.name]!;
      copySchema.table(Copy);
      await Copy.ready();
      const { connection } = db.instance;
      expect(await catalogOf(connection, copyName, T.tableName, columnOf)).toEqual(await catalogOf(connection, db.schemaName, T.tableName, columnOf));
      return described;
    }

    it('copies an enum key into another schema with the parent\'s type', async () => {
      const copySchema = db.instance.Schema(copyName, { context: { ...p } });
      const Grandchild = copySchema.table(class Grandchild extends dj.Manual {
        static definition = '-> Parent\nidx : int16';
      });
      await Grandchild.ready();
      const { connection } = db.instance;
      const column = (await connection.introspector.columns(connection, copyName, 'grandchild')).find((c) => c.name === 'parent_sex')!;
      if (connection.adapter.family === 'postgresql') {
        expect(column.userType!.schema).toBe(db.schemaName);
      } else {
        expect(column.sqlType).toBe("enum('M','F')");
      }
      expect(Grandchild.heading.get('parent_sex')).toMatchObject({ enumValues: ['M', 'F'], inKey: true, type: "enum('M','F')" });
      await Grandchild.insert1({ person_id: 0, parent_sex: 'F', idx: 1 });
      await expect(Grandchild.insert1({ person_id: 13, parent_sex: 'F', idx: 1 })).rejects.toThrow(dj.IntegrityError);
      expect(await Grandchild.toDicts()).toEqual([{ person_id: 0, parent_sex: 'F', idx: 1 }]);
    });

    it('round-trips several renamed references to one parent', async () => {
      const local = await expectRoundTrip(p.LocalSynapse);
      expect(local.trim().split('\n').filter((l) => l !== '---')).toEqual([
        '# a synapse within the slice',
        '-> Cell.proj(presynaptic="cell")',
        '-> Cell.proj(postsynaptic="cell")',
      ]);
      const global = await expectRoundTrip(p.GlobalSynapse);
      expect(global).toContain('-> Cell.proj(pre_slice="slice", pre_cell="cell")');
      expect(global).toContain('-> Cell.proj(post_slice="slice", post_cell="cell")');
    });

    it('round-trips a plain and a renamed reference to one parent', async () => {
      const described = await expectRoundTrip(p.InputCell);
      expect(described).toContain('-> Cell\n');
      expect(described).toContain('-> Cell.proj(input="cell")');
    });

    it('round-trips a renamed secondary reference and a nullable unique one', async () => {
      const parent = await expectRoundTrip(p.Parent);
      expect(parent).toMatch(/^-> Person\n/m);
      expect(parent).toContain('-> Person.proj(parent="person_id")');
      const subject = await expectRoundTrip(p.Subject);
      expect(subject).toContain('-> [nullable, unique] Person');
    });
  });
});

// ------------------------------------------------------------------ test_schema_keywords.py

function defineKeywords(schema: dj.Schema) {
  class A extends dj.Manual {
    static definition = `
    a_id: int   # a id
    `;
  }

  class B extends dj.Manual {
    static source: typeof dj.Manual | null = null;
    static definition = `
    -> self.source
    b_id: int   # b id
    `;

    static H = class H extends dj.Part {
      static definition = `
      -> master
      name: varchar(128)  # name
      `;
    };

    static C = class C extends dj.Part {
      static definition = `
      -> master
      -> master.H
      `;
    };
  }

  class D extends B {
    static override source = A;
  }

  schema.table(A);
  schema.table(D);
  return { A, B, D };
}

describeBackends('references through class attributes and inherited parts on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'keywords' });
  let k: ReturnType<typeof defineKeywords>;

  beforeAll(async () => {
    k = defineKeywords(db.schema());
    await db.schema().ready();
  });

  it('resolves -> self.source from the class attribute', () => {
    expect(k.D.heading.names).toEqual(['a_id', 'b_id']);
    expect(k.D.heading.get('a_id').comment).toBe('a id');
  });

  it('declares the parts the subclass inherits, under the subclass', async () => {
    const tables = await db.schema().listTables();
    expect([...tables].sort()).toEqual(['a', 'd', 'd__c', 'd__h']);
    const C = (k.D as unknown as { C: typeof dj.Part }).C;
    const H = (k.D as unknown as { H: typeof dj.Part }).H;
    expect(C.tableName).toBe('d__c');
    expect(H.tableName).toBe('d__h');
    expect(C.heading.names).toEqual(['a_id', 'b_id', 'name']);
    expect(H.heading.names).toEqual(['a_id', 'b_id', 'name']);
    expect(await foreignKeysOf(db.instance.connection, db.schemaName, 'd__c')).toEqual(['d(a_id,b_id)', 'd__h(a_id,b_id,name)']);
  });
});
