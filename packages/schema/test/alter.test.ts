/**
 * `T.alter()` (datajoint-python `Table.alter`, `test_alter.py`): the table follows its
 * class's changed definition: secondary attributes added, dropped, renamed
 * (`# {old} comment`), retyped, with new defaults and comments, the table comment, rows
 * kept; primary-key, foreign-key and index changes refused with Python's messages;
 * `prompt` asks first; stored type comments and `~lineage` stay right.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

const LAB = `
lab : varchar(10)
`;

const V1 = `
# subjects of the lab
subject_id : int32
---
-> Lab
name : varchar(20)           # the name
weight = null : float32      # in grams
note = '' : varchar(10)
kind = 'mouse' : varchar(10)
`;

const V2 = `
# animals of the lab
subject_id : int32
---
-> Lab
name : varchar(40)           # full name
mass = null : float32        # {weight} body mass
kind = 'rat' : enum('mouse', 'rat')
age = 0 : int16              # in weeks
`;

/** The classes of one version of the pipeline, bound to `schema`. */
function pipeline(schema: dj.Schema, subject: string, extra: Record<string, string> = {}) {
  const Lab = schema.table(
    class Lab extends dj.Manual {
      static definition = LAB;
    },
  );
  const Subject = schema.table(
    class Subject extends dj.Manual {
      static definition = subject;
      static Visit = class Visit extends dj.Part {
        static definition = extra.visit ?? `
        -> master
        visit : int16
        ---
        note = '' : varchar(10)
        `;
      };
    },
  );
  return { Lab, Subject };
}

describeBackends('alter on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'alter', isolation: 'test' });
  let answers: boolean[] = [];
  let questions: string[] = [];

  beforeEach(() => {
    answers = [];
    questions = [];
    dj.setConfirmer((question) => {
      questions.push(question);
      return Promise.resolve(answers.shift() ?? false);
    });
  });
  afterEach(() => dj.setConfirmer(null));

  /** Declares V1 with two rows, then binds `subject` (and more) to the same tables, as an edited program would. */
  async function declaredThenEdited(subject: string, extra: Record<string, string> = {}) {
    const v1 = pipeline(db.schema(), V1);
    await db.schema().ready();
    await v1.Lab.insert1({ lab: 'north' });
    await v1.Subject.insert([
      { subject_id: 1, lab: 'north', name: 'ann', weight: 20.5, note: 'n1', kind: 'mouse' },
      { subject_id: 2, lab: 'north', name: 'bob', weight: null, note: 'n2', kind: 'rat' },
    ]);
    return pipeline(db.instance.Schema(db.schemaName), subject, extra);
  }

  it('adds, drops, renames and retypes attributes, changes defaults, comments and the table comment, keeping the rows', async () => {
    const { Subject } = await declaredThenEdited(V2);
    const statements = await Subject.alter({ prompt: false });
    expect(statements.length).toBeGreaterThan(0);
    await Subject.ready();
    const heading = Subject.heading;
    expect(new Set(heading.secondaryAttributes)).toEqual(new Set(['lab', 'name', 'mass', 'kind', 'age']));
    expect(heading.tableComment).toBe('animals of the lab');
    expect(heading.get('name').type).toBe('varchar(40)');
    expect(heading.get('name').comment).toBe('full name');
    expect(heading.get('mass').type).toBe('float32');
    expect(heading.get('mass').comment).toBe('body mass');
    expect(heading.get('kind').type).toBe("enum('mouse', 'rat')");
    expect(heading.get('kind').enumValues).toEqual(['mouse', 'rat']);
    expect(heading.get('age').type).toBe('int16');
    expect(heading.get('age').default).toBe('0');
    expect(await Subject.toDicts({ orderBy: 'KEY' })).toEqual([
      { subject_id: 1, lab: 'north', name: 'ann', mass: 20.5, kind: 'mouse', age: 0 },
      { subject_id: 2, lab: 'north', name: 'bob', mass: null, kind: 'rat', age: 0 },
    ]);
    await Subject.insert1({ subject_id: 3, lab: 'north', name: 'c'.repeat(40) });
    expect(await Subject.restrict({ subject_id: 3 }).fetch1('kind')).toBe('rat');
    // primary-key lineage is kept, so semantic joins still work
    expect(heading.get('subject_id').lineage).toBe(`${db.schemaName}.subject.subject_id`);
    // the edited definition now describes the table (its rename made): altering again changes nothing
    expect(await Subject.alter({ prompt: false })).toEqual([]);
  });

  it('puts new and moved attributes where the definition says on MySQL (PostgreSQL adds them last)', async () => {
    const { Subject } = await declaredThenEdited(V1.replace("note = '' : varchar(10)", "note = '' : varchar(10)\nextra = 1 : int32").replace('weight = null : float32      # in grams\n', '').replace('---\n', '---\nweight = null : float32      # in grams\n'));
    await Subject.alter({ prompt: false });
    await Subject.ready();
    const expected = backend.name === 'mysql'
      ? ['subject_id', 'weight', 'lab', 'name', 'note', 'extra', 'kind']
      : ['subject_id', 'lab', 'name', 'weight', 'note', 'kind', 'extra'];
    expect(Subject.heading.names).toEqual(expected);
    expect(await Subject.restrict({ subject_id: 1 }).fetch1('weight')).toBe(20.5);
  });

  it('makes a secondary foreign key nullable', async () => {
    const { Subject } = await declaredThenEdited(V1.replace('-> Lab', '-> [nullable] Lab'));
    await Subject.alter({ prompt: false });
    await Subject.insert1({ subject_id: 3, lab: null, name: 'nolab' });
    expect(await Subject.restrict({ subject_id: 3 }).fetch1('lab')).toBeNull();
    expect((await Subject.describe()).split('\n')).toContain('-> [nullable] Lab');
  });

  it('changes nothing for an unchanged definition', async () => {
    const { Subject } = await declaredThenEdited(V1);
    expect(await Subject.alter({ prompt: false })).toEqual([]);
    expect(await Subject.Visit.alter({ prompt: false })).toEqual([]);
  });

  it('alters a part table', async () => {
    const { Subject } = await declaredThenEdited(V1, { visit: `
      -> master
      visit : int16
      ---
      note = '' : varchar(30)   # longer notes
      ` });
    await Subject.Visit.alter({ prompt: false });
    await Subject.Visit.ready();
    expect(Subject.Visit.heading.get('note').type).toBe('varchar(30)');
    expect(Subject.Visit.heading.get('note').comment).toBe('longer notes');
  });

  it.each([
    ['the primary key', V1.replace('subject_id : int32', 'subject_id : int32\nsub : int16'), 'table.alter cannot alter the primary key (yet).'],
    ['a foreign key', V1.replace('-> Lab\n', ''), 'table.alter cannot alter foreign keys (yet).'],
    ['an index', `${V1}\nindex (name)\n`, 'table.alter cannot alter indexes (yet).'],
    ['an attribute renamed twice', V1.replace("note = '' : varchar(10)", "note = '' : varchar(10)  # {weight}").replace('# in grams', '# {weight}').replace('weight = null', 'w2 = null'), 'Alter attempted to rename attribute {weight} twice.'],
    ['a rename of an unknown attribute', V1.replace('weight = null : float32      # in grams', 'w2 = null : float32  # {bogus} grams'), 'Attribute bogus does not exist in the original definition'],
  ])('refuses to change %s, changing nothing', async (_what, definition, message) => {
    const { Subject } = await declaredThenEdited(definition);
    await expect(Subject.alter({ prompt: false })).rejects.toThrow(message);
    await expect(Subject.alter({ prompt: false })).rejects.toBeInstanceOf(dj.DataJointError);
    const plain = db.instance.FreeTable(Subject.fullTableName);
    await plain.ready();
    expect(plain.heading.names).toEqual(['subject_id', 'lab', 'name', 'weight', 'note', 'kind']);
  });

  it('refuses inside a transaction', async () => {
    const { Subject } = await declaredThenEdited(V2);
    await Subject.ready();
    await expect(db.instance.connection.transaction(() => Subject.alter({ prompt: false }))).rejects.toThrow(
      'Cannot update table declaration inside a transaction',
    );
  });

  it('shows the statements and asks first when prompting (safemode), and does nothing when declined', async () => {
    const { Subject } = await declaredThenEdited(V2);
    db.instance.config.safemode = true;
    answers = [false];
    try {
      expect(await Subject.alter()).toEqual([]);
    } finally {
      db.instance.config.safemode = false;
    }
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/ALTER TABLE/);
    expect(questions[0]).toMatch(/Execute\?$/);
    await Subject.ready();
    expect(Subject.heading.has('weight')).toBe(true);
    answers = [true];
    expect((await Subject.alter({ prompt: true })).length).toBeGreaterThan(0);
    await Subject.ready();
    expect(Subject.heading.has('mass')).toBe(true);
  });
});
