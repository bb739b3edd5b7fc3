/**
 * Declaring tables (datajoint-python's test_declare.py and test_multi_backend.py, with the
 * tables of tests/schema.py), checked against the catalog on every backend: headings,
 * primary keys, foreign keys, the describe() round trip, declaration errors, singleton
 * tables, the core-type mapping, comments and defaults (spec-core §4).
 */
import { createHash } from 'node:crypto';
import * as dj from 'datajoint';
import { QueryError } from '@dj/core';
import { fromCamelCase, type ColumnInfo } from '@dj/core/internal';
import { describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { declareExperiments, declareSubject, declareTTest, declareUser } from './pipelines/python-test-schema';
import { catalogOf, declarationLeftovers, foreignKeysOf, indexesOf } from './helpers/catalog';
import { collectLogs } from './helpers/collect-logs';

// ------------------------------------------------------------------ helpers

/** What two declarations of a table must agree on about each column. */
const columnOf = (c: ColumnInfo, neutral: (text: string) => string) => ({
  name: c.name,
  sqlType: neutral(c.sqlType),
  nullable: c.nullable,
  default: c.defaultValue,
  comment: c.comment,
  autoIncrement: c.autoIncrement,
  enumValues: c.enumValues,
});

/** The hash in a PostgreSQL enum type's name: the md5 of the sorted values, 8 hex digits. */
const md5 = (values: string[]) => createHash('md5').update([...values].sort().join('_')).digest('hex').slice(0, 8);

/** A class named `name` extending `base` with `definition`. */
function tableClass(name: string, base: typeof dj.Manual, definition: string): typeof dj.Manual {
  return { [name]: class extends base { static definition = definition; } }[name]!;
}

// ------------------------------------------------------------------ the pipeline of tests/schema.py

function defineAny(schema: dj.Schema) {
  const TTest = declareTTest(schema);

  @schema.table
  class Auto extends dj.Lookup {
    static definition = `
    id  : int16
    ---
    name :varchar(12)
    `;
    static contents = [[1, 'Godel'], [2, 'Escher'], [3, 'Bach']];
  }

  const User = declareUser(schema);

  const Subject = declareSubject(schema);

  const { Experiment, Trial, Ephys } = declareExperiments(schema);

  @schema.table
  class IndexRich extends dj.Manual {
    static definition = `
    -> Subject
    ---
    -> [unique, nullable] User.proj(first="username")
    first_date : date
    value : int32
    index (first_date, value)
    `;
  }

  @schema.table
  class ThingA extends dj.Manual {
    static definition = `
    a: int32
    `;
  }

  @schema.table
  class ThingB extends dj.Manual {
    static definition = `
    b1: int32
    b2: int32
    ---
    b3: int32
    `;
  }

  @schema.table
  class ThingC extends dj.Manual {
    static definition = `
    -> ThingA
    ---
    -> [unique, nullable] ThingB
    `;
  }

  // Issue #365: a Lookup and a part with the same class name.
  @schema.table
  class Type extends dj.Lookup {
    static definition = `
    type :  varchar(255)
    `;
    static contents = [['Type1'], ['Type2'], ['Type3']];
  }

  @schema.table
  class TypeMaster extends dj.Manual {
    static definition = `
    master_id : int
    `;
    static Type = class Type extends dj.Part {
      static definition = `
      -> TypeMaster
      -> Type
      `;
    };
  }

  return { TTest, Auto, User, Subject, Experiment, Trial, Ephys, IndexRich, ThingA, ThingB, ThingC, Type, TypeMaster };
}

const ANY_TABLES = [
  '#t_test',
  '#auto',
  '#user',
  '#subject',
  '_experiment',
  '_trial',
  '_trial__condition',
  '_ephys',
  '_ephys__channel',
  'index_rich',
  'thing_a',
  'thing_b',
  'thing_c',
  '#type',
  'type_master',
  'type_master__type',
];

describeBackends('declaring the test pipeline on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'declare', overrides: { jobs: { allow_new_pk_fields_in_computed_tables: true } } });
  let p: ReturnType<typeof defineAny>;

  beforeAll(async () => {
    p = defineAny(db.schema());
    await db.schema().ready();
  });

  it('gives classes their tier and table name', () => {
    expect(p.Subject.prototype).toBeInstanceOf(dj.Lookup);
    expect(p.Subject.prototype).not.toBeInstanceOf(dj.Part);
    expect(p.Trial.Condition.prototype).toBeInstanceOf(dj.Part);
    expect([p.TTest, p.Auto, p.Experiment, p.Trial.Condition, p.Ephys.Channel, p.IndexRich, p.TypeMaster.Type].map((t) => t.tableName)).toEqual([
      '#t_test',
      '#auto',
      '_experiment',
      '_trial__condition',
      '_ephys__channel',
      'index_rich',
      'type_master__type',
    ]);
    const { adapter } = db.instance.connection;
    expect(p.Experiment.fullTableName).toBe(adapter.fullTableName(db.schemaName, '_experiment'));
  });

  it('lists every table, parents before children and parts after their masters', async () => {
    const tables = await db.schema().listTables();
    expect([...tables].sort()).toEqual([...ANY_TABLES].sort());
    const before = (a: string, b: string) => expect(tables.indexOf(a)).toBeLessThan(tables.indexOf(b));
    before('#subject', '_experiment');
    before('#user', '_experiment');
    before('_experiment', '_trial');
    before('_trial', '_trial__condition');
    before('_trial', '_ephys');
    before('_ephys', '_ephys__channel');
    before('#user', 'index_rich');
    before('thing_b', 'thing_c');
    before('#type', 'type_master__type');
    before('type_master', 'type_master__type');
  });

  it('fills Lookup contents on declaration', async () => {
    expect(await p.TTest.count()).toBe(10);
    expect(await p.User.count()).toBe(7);
    expect(await p.Subject.restrict({ subject_id: 10 }).toDicts()).toEqual([
      {
        subject_id: 10,
        real_id: 'Curious George',
        species: 'monkey',
        date_of_birth: new Date(Date.UTC(2008, 5, 30)),
        subject_notes: '',
      },
    ]);
    expect(await p.Type.count()).toBe(3);
  });

  it('reads attribute names and primary keys back (issue #516)', () => {
    expect(p.Auto.heading.names).toEqual(['id', 'name']);
    expect(p.Auto.heading.get('id').kind).toBe('int');

    expect(p.Subject.heading.names).toEqual(['subject_id', 'real_id', 'species', 'date_of_birth', 'subject_notes']);
    expect(p.Subject.heading.primaryKey).toEqual(['subject_id']);
    expect(p.Subject.heading.get('subject_id').kind).toBe('int');
    expect(p.Subject.heading.get('real_id').kind).toBe('string');

    expect(p.Experiment.heading.names).toEqual([
      'subject_id',
      'experiment_id',
      'experiment_date',
      'username',
      'data_path',
      'notes',
      'entry_time',
    ]);
    expect(p.Experiment.heading.primaryKey).toEqual(['subject_id', 'experiment_id']);

    expect(p.Trial.heading.names).toEqual(['animal', 'experiment_id', 'trial_id', 'start_time']);
    expect(p.Trial.heading.primaryKey).toEqual(['animal', 'experiment_id', 'trial_id']);

    expect(p.Ephys.heading.names).toEqual(['animal', 'experiment_id', 'trial_id', 'sampling_frequency', 'duration']);
    expect(p.Ephys.heading.primaryKey).toEqual(['animal', 'experiment_id', 'trial_id']);

    expect(p.Ephys.Channel.heading.names).toEqual(['animal', 'experiment_id', 'trial_id', 'channel', 'voltage', 'current']);
    expect(p.Ephys.Channel.heading.primaryKey).toEqual(['animal', 'experiment_id', 'trial_id', 'channel']);
    expect(p.Ephys.Channel.heading.secondaryAttributes).toEqual(['voltage', 'current']);
    expect(p.Ephys.Channel.heading.get('voltage')).toMatchObject({ type: '<blob>', codec: '<blob>', kind: 'bytes', nullable: false });
    expect(p.Ephys.Channel.heading.get('current')).toMatchObject({ codec: '<blob>', nullable: true, default: 'null', comment: 'optional current to test null handling' });
  });

  it('reads types, defaults and comments back as declared', () => {
    const experiment = p.Experiment.heading;
    expect(experiment.tableComment).toBe('information about experiments');
    expect(experiment.get('experiment_id')).toMatchObject({ type: 'int16', comment: 'experiment number for this subject', inKey: true, default: null });
    expect(experiment.get('experiment_date')).toMatchObject({ type: 'date', kind: 'date', nullable: false });
    expect(experiment.get('username')).toMatchObject({ type: 'varchar(12)', nullable: true, default: 'null', inKey: false });
    expect(experiment.get('data_path')).toMatchObject({ type: 'varchar(255)', default: '""', comment: 'file path to recorded data' });
    expect(experiment.get('entry_time')).toMatchObject({ type: 'datetime', default: 'CURRENT_TIMESTAMP', comment: 'automatic timestamp' });
    // Foreign-key columns take the referenced attribute's type and comment.
    expect(experiment.get('subject_id')).toMatchObject({ type: 'int32', kind: 'int', comment: 'unique subject id', inKey: true });
    expect(p.Trial.heading.get('animal')).toMatchObject({ type: 'int32', inKey: true });
    expect(p.Subject.heading.get('species')).toMatchObject({
      type: "enum('mouse', 'monkey', 'human')",
      enumValues: ['mouse', 'monkey', 'human'],
      default: '"mouse"',
    });
    expect(p.Subject.heading.tableComment).toBe('Basic information about animal subjects used in experiments');
    expect(p.User.heading.tableComment).toBe('lab members');
    expect(p.Ephys.heading.get('duration')).toMatchObject({ type: 'decimal(7,3)', kind: 'decimal', comment: '(s)' });
    expect(p.TypeMaster.heading.get('master_id')).toMatchObject({ type: backend.name === 'mysql' ? 'int' : 'integer' });
  });

  it('declares foreign keys to the referenced tables, renamed where projected', async () => {
    const { connection } = db.instance;
    const parents = (table: string) => foreignKeysOf(connection, db.schemaName, table);
    expect(await parents('_experiment')).toEqual(['#subject(subject_id)', '#user(username)']);
    expect(await parents('_trial')).toEqual(['_experiment(animal<-subject_id,experiment_id)']);
    expect(await parents('_trial__condition')).toEqual(['_trial(animal,experiment_id,trial_id)']);
    expect(await parents('_ephys')).toEqual(['_trial(animal,experiment_id,trial_id)']);
    expect(await parents('_ephys__channel')).toEqual(['_ephys(animal,experiment_id,trial_id)']);
    expect(await parents('index_rich')).toEqual(['#subject(subject_id)', '#user(first<-username)']);
    expect(await parents('thing_c')).toEqual(['thing_a(a)', 'thing_b(b1,b2)']);
    expect(await parents('type_master__type')).toEqual(['#type(type)', 'type_master(master_id)']);
    expect(await parents('#subject')).toEqual([]);
  });

  it('refuses to drop a part directly, and asks before dropping a table with its dependents', async () => {
    await expect(p.Trial.Condition.drop({ prompt: false })).rejects.toThrow(/^Cannot drop a Part directly/);
    const questions: string[] = [];
    dj.setConfirmer(async (question) => {
      questions.push(question);
      return false; // declined: nothing is dropped
    });
    try {
      await p.Subject.drop({ prompt: true });
    } finally {
      dj.setConfirmer(null);
    }
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain(p.Experiment.fullTableName); // a dependent, dropped first
    expect(await p.Trial.Condition.isDeclared()).toBe(true);
    expect(await p.Subject.isDeclared()).toBe(true);
  });

  it('declares indexes: declared ones and unique ones for [unique] foreign keys', async () => {
    const { connection } = db.instance;
    const indexes = (table: string) => indexesOf(connection, db.schemaName, table);
    expect(await indexes('#subject')).toEqual(['unique (real_id,species)']);
    expect(await indexes('index_rich')).toEqual(['(first_date,value)', 'unique (first)']);
    expect(await indexes('thing_c')).toEqual(['unique (b1,b2)']);
    // The unique index is enforced; NULLs do not collide.
    await p.ThingA.insert([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]);
    await p.ThingB.insert1({ b1: 1, b2: 2, b3: 3 });
    await p.ThingC.insert([{ a: 1, b1: 1, b2: 2 }, { a: 2, b1: null, b2: null }]);
    await p.ThingC.insert1({ a: 3 });
    await expect(p.ThingC.insert1({ a: 4, b1: 1, b2: 2 })).rejects.toThrow(dj.DuplicateError);
    expect(await p.ThingC.count()).toBe(3);
  });

  describe('describe()', () => {
    const copyName = uniqueSchemaName('declare_copy');

    afterAll(async () => {
      await db.instance.Schema(copyName).drop({ prompt: false });
    });

    /**
     * Declares `T`'s described definition again in another schema (a new schema object each
     * time, so that references resolve to the original tables) and compares both catalogs.
     */
    async function expectRoundTrip(T: typeof dj.Manual) {
      const described = await T.describe();
      const copySchema = db.instance.Schema(copyName, { context: { ...p } });
      const Copy = tableClass(T.name, Object.getPrototypeOf(T) as typeof dj.Manual, described);
      copySchema.table(Copy);
      await Copy.ready();
      expect(Copy.tableName).toBe(T.tableName);
      const { connection } = db.instance;
      expect(await catalogOf(connection, copyName, Copy.tableName, columnOf)).toEqual(await catalogOf(connection, db.schemaName, T.tableName, columnOf));
      // The copy refers to its parents in the other schema by schema name.
      expect(await Copy.describe()).toBe(described.replace(/^(-> (?:\[[^\]]*\] )?)/gm, `$1${db.schemaName}.`));
      return described;
    }

    it('round-trips a table with defaults, a nullable foreign key and comments', async () => {
      const described = await expectRoundTrip(p.Experiment);
      const lines = described.trim().split('\n').map((l) => l.trim());
      expect(lines[0]).toBe('# information about experiments');
      expect(lines).toContain('-> Subject');
      expect(lines).toContain('-> [nullable] User');
      expect(lines).toContain('---');
      expect(lines.indexOf('-> Subject')).toBeLessThan(lines.indexOf('---'));
      expect(lines.indexOf('-> [nullable] User')).toBeGreaterThan(lines.indexOf('---'));
    });

    it('round-trips a table with indexes and a renamed unique nullable foreign key', async () => {
      const described = await expectRoundTrip(p.IndexRich);
      expect(described).toContain('-> [nullable, unique] User.proj(first="username")');
      expect(described).toMatch(/^INDEX \(first_date, value\)$/m);
    });

    it('round-trips a table with a composite unique nullable foreign key (issue #656)', async () => {
      const described = await expectRoundTrip(p.ThingC);
      expect(described).toContain('-> [nullable, unique] ThingB');
    });

    it('round-trips a table with a unique index, an enum and a default', async () => {
      const described = await expectRoundTrip(p.Subject);
      expect(described).toMatch(/^UNIQUE INDEX \(real_id, species\)$/m);
      expect(described).toMatch(/^species="mouse"\s+: enum\('mouse', 'monkey', 'human'\)/m);
    });

    it('round-trips defaults that hold quotes of either kind', async () => {
      const Quoted = db.schema().table(tableClass('Quoted', dj.Manual, `
      quoted_id : int32
      ---
      say = 'he said "hi"' : varchar(32)
      mood = 'it''s "fine"' : enum('it''s "fine"', 'plain')
      plain = "it's" : varchar(8)
      `));
      await Quoted.ready();
      const described = await expectRoundTrip(Quoted);
      expect(described).toMatch(/^say='he said "hi"'\s+: varchar\(32\)$/m);
      expect(described).toMatch(/^mood='it''s "fine"'\s+: enum/m);
      expect(described).toMatch(/^plain="it's"\s+: varchar\(8\)$/m);
      await Quoted.insert([{ quoted_id: 1 }]);
      expect(await Quoted.toDicts()).toEqual([{ quoted_id: 1, say: 'he said "hi"', mood: 'it\'s "fine"', plain: "it's" }]);
    });

    it('round-trips a table with a projected primary foreign key', async () => {
      const described = await expectRoundTrip(p.Trial);
      expect(described).toContain('-> Experiment.proj(animal="subject_id")');
    });

    it('describes parts with their master and codec attributes', async () => {
      const described = await p.Ephys.Channel.describe();
      expect(described).toContain('-> Ephys');
      expect(described).toMatch(/^voltage\s+: <blob>\s*$/m);
      expect(described).toMatch(/^current=null\s+: <blob>\s+# optional current to test null handling$/m);
    });
  });
});

// ------------------------------------------------------------------ errors and special declarations

describeBackends('declaration errors and special tables on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'declare_more' });

  beforeAll(async () => {
    const schema = db.schema();
    schema.table(tableClass('Experiment', dj.Manual, 'experiment_id : int32'));
    schema.table(tableClass('User', dj.Lookup, 'username : varchar(12)'));
    await schema.ready();
  });

  it.each([
    ['BadName', 'Bad_name : int', /Bad_name/],
    ['B', 'b -> Experiment    # invalid, the new syntax is (b) -> A', /^Parsing error in line "b -> Experiment/],
    ['Q', '-> [nullable] Experiment', /^Primary dependencies cannot be nullable in line/],
    ['R', '-> Experiment\n----\n-> [optional] User', /^Invalid foreign key option "OPTIONAL"/],
    ['S', 'experiment : int\n---\ndescription : completely_invalid_type_xyz', /^Unsupported attribute type completely_invalid_type_xyz/],
    ['Driver', 'driverid : tinyint\n---\ncar_count : tinyinteger', /^Unsupported attribute type tinyinteger/],
    ['Orphan', '-> Nowhere', /^Foreign key reference Nowhere could not be resolved/],
    ['Dup', 'a : int32\n---\na : int16', /Duplicate attribute `a`/],
  ])('rejects %s and declares nothing', async (name, definition, message) => {
    const before = await db.schema().listTables();
    const cls = tableClass(name, dj.Manual, definition);
    expect(() => db.schema().table(cls)).toThrow(message);
    await db.schema().ready();
    expect(await db.schema().listTables()).toEqual(before);
  });

  it('accepts the native types int and integer', async () => {
    const Owner = db.schema().table(tableClass('Owner', dj.Manual, 'ownerid : int\n---\ncar_count : integer'));
    await Owner.insert1({ ownerid: 1, car_count: 3 });
    expect(await Owner.toDicts()).toEqual([{ ownerid: 1, car_count: 3 }]);
    expect(Owner.heading.get('car_count').kind).toBe('int');
  });

  it('rejects table names over the backend limit, parts counted with their master (issue #205)', async () => {
    const max = db.instance.connection.adapter.maxTableNameLength;
    expect(max).toBe(backend.name === 'mysql' ? 64 : 63);
    class WhyWouldAnyoneCreateATableNameThisLong extends dj.Manual {
      static definition = 'master : int';
      static WithSuchALongPartNameThatItCrashesMySQL = class WithSuchALongPartNameThatItCrashesMySQL extends dj.Part {
        static definition = '-> (master)';
      };
    }
    const partName = 'why_would_anyone_create_a_table_name_this_long__with_such_a_long_part_name_that_it_crashes_my_s_q_l';
    expect(() => db.schema().table(WhyWouldAnyoneCreateATableNameThisLong)).toThrow(
      `Table name \`${partName}\` exceeds the max length of ${max}`,
    );
    // A name just within the limit is fine; one character more is not.
    const Fits = db.schema().table(tableClass(`A${'b'.repeat(max - 1)}`, dj.Manual, 'id : int32'));
    await Fits.ready();
    expect(Fits.tableName).toBe(`a${'b'.repeat(max - 1)}`);
    expect(() => db.schema().table(tableClass(`C${'d'.repeat(max)}`, dj.Manual, 'id : int32'))).toThrow(
      `Table name \`c${'d'.repeat(max)}\` exceeds the max length of ${max}`,
    );
  });

  it('declares an attribute named index (issue #1411)', async () => {
    const IndexAttribute = db.schema().table(tableClass('IndexAttribute', dj.Manual, 'index : int\n---\nindex_value : float'));
    await IndexAttribute.ready();
    expect(IndexAttribute.heading.names).toEqual(['index', 'index_value']);
    await IndexAttribute.insert1({ index: 1, index_value: 0.5 });
    expect(await IndexAttribute.toDicts()).toEqual([{ index: 1, index_value: 0.5 }]);
    await IndexAttribute.drop({ prompt: false });
    expect(await IndexAttribute.isDeclared()).toBe(false);
  });

  it('declares classes with underscores in their names, with a warning (issue #1150)', async () => {
    const NoUnderscores = tableClass('TableNoUnderscores', dj.Manual, 'id : int');
    const WithUnderscores = tableClass('Table_With_Underscores', dj.Manual, 'id : int');
    const clean = await collectLogs(() => db.schema().table(NoUnderscores));
    expect(clean).toEqual([]);
    const warned = await collectLogs(() => db.schema().table(WithUnderscores));
    expect(warned).toEqual(['WARNING: Table class name `Table_With_Underscores` contains underscores. CamelCase names without underscores are recommended.']);
    await WithUnderscores.ready();
    expect(await WithUnderscores.isDeclared()).toBe(true);
    expect(WithUnderscores.tableName).toBe('table_with_underscores');
  });

  it('declares SQL reserved words as attribute names', async () => {
    const ReservedWord = db.schema().table(
      tableClass('ReservedWord', dj.Manual, '# Test of SQL reserved words\nkey : int\n---\nin : varchar(25)\nfrom : varchar(25)\nint : int\nselect : varchar(25)'),
    );
    await ReservedWord.insert1({ key: 1, in: 'a', from: 'b', int: 3, select: 'c' });
    expect(await ReservedWord.restrict({ select: 'c' }).toDicts()).toEqual([{ key: 1, in: 'a', from: 'b', int: 3, select: 'c' }]);
  });

  it('stores comments with quotes, backslashes and braces exactly', async () => {
    const Quoted = db.schema().table(
      tableClass(
        'Quoted',
        dj.Manual,
        `# a "quoted" table's {comment}\nid : int32  # the "id" {of} it's row \\ here\n---\nnote = "{x}" : varchar(20)  # {note}`,
      ),
    );
    await Quoted.ready();
    expect(Quoted.heading.tableComment).toBe('a "quoted" table\'s {comment}');
    expect(Quoted.heading.get('id').comment).toBe('the "id" {of} it\'s row \\ here');
    expect(Quoted.heading.get('note')).toMatchObject({ comment: '{note}', default: '"{x}"' });
    // A child copies the parent's key and its comment without breaking on the quotes.
    const Child = db.schema().table(tableClass('QuotedChild', dj.Manual, '-> Quoted\nchild : int16'));
    await Child.ready();
    expect(Child.heading.get('id').comment).toBe('the "id" {of} it\'s row \\ here');
    await Quoted.insert1({ id: 1 });
    expect(await Quoted.toDicts()).toEqual([{ id: 1, note: '{x}' }]);
  });

  it('writes the type marker in column comments, not for native types or foreign-key columns', async () => {
    const Marked = db.schema().table(
      tableClass('Marked', dj.Manual, "mark_id : int32  # the id\n---\nkind : enum('a:b', 'c') # colon value\nplain : int  # native\nbare : float64\nblob = null : <blob>"),
    );
    const MarkedChild = db.schema().table(tableClass('MarkedChild', dj.Manual, '-> Marked\n---\nx : int16'));
    await MarkedChild.ready();
    const { connection } = db.instance;
    const comments = async (table: string) =>
      Object.fromEntries((await connection.introspector.columns(connection, db.schemaName, table)).map((c) => [c.name, c.comment]));
    expect(await comments('marked')).toEqual({
      mark_id: ':int32:the id',
      kind: ":enum('a:b', 'c'):colon value",
      plain: 'native',
      bare: ':float64:',
      blob: ':<blob>:',
    });
    const child = await comments('marked_child');
    expect(child.x).toBe(':int16:');
    // The inherited key column carries no marker: the parent's comment on MySQL, none on PostgreSQL.
    expect(child.mark_id).toBe(backend.name === 'mysql' ? 'the id' : '');
    expect(Marked.heading.get('kind')).toMatchObject({ type: "enum('a:b', 'c')", enumValues: ['a:b', 'c'], comment: 'colon value' });
    expect(MarkedChild.heading.get('mark_id')).toMatchObject({ type: 'int32', comment: 'the id' });
    await Marked.insert1({ mark_id: 1, kind: 'a:b', plain: 2, bare: 1.5 });
    expect(await Marked.restrict({ kind: 'a:b' }).count()).toBe(1);
  });

  it('maps core types to SQL types per backend', async () => {
    const CoreTypes = db.schema().table(
      tableClass(
        'CoreTypes',
        dj.Manual,
        `id : int32
        ---
        i8 : int8
        i16 : int16
        i64 : int64
        u8 : uint8
        u16 : uint16
        u32 : uint32
        u64 : uint64
        f32 : float32
        f64 : float64
        flag : bool
        uid = null : uuid
        doc = null : json
        raw = null : bytes
        day : date
        at : datetime
        at3 : datetime(3)
        code : char(2)
        name : varchar(10)
        kind : enum('mouse','rat')
        amount : decimal(7,3)
        upper : VARCHAR (12)
        big : INT64`,
      ),
    );
    await CoreTypes.ready();
    const mysql = backend.name === 'mysql';
    const expected: Record<string, [string, string]> = {
      id: ['int32', mysql ? 'int' : 'integer'],
      i8: ['int8', mysql ? 'tinyint' : 'smallint'],
      i16: ['int16', 'smallint'],
      i64: ['int64', 'bigint'],
      u8: ['uint8', mysql ? 'tinyint unsigned' : 'smallint'],
      u16: ['uint16', mysql ? 'smallint unsigned' : 'integer'],
      u32: ['uint32', mysql ? 'int unsigned' : 'bigint'],
      u64: ['uint64', mysql ? 'bigint unsigned' : 'decimal(20,0)'],
      f32: ['float32', mysql ? 'float' : 'real'],
      f64: ['float64', mysql ? 'double' : 'double precision'],
      flag: ['bool', mysql ? 'tinyint' : 'boolean'],
      uid: ['uuid', mysql ? 'binary(16)' : 'uuid'],
      // MariaDB reads json back as longtext; MySQL 8 as json.
      doc: ['json', mysql ? CoreTypes.heading.get('doc').sqlType : 'jsonb'],
      raw: ['bytes', mysql ? 'longblob' : 'bytea'],
      day: ['date', 'date'],
      at: ['datetime', mysql ? 'datetime' : 'timestamp'],
      at3: ['datetime(3)', mysql ? 'datetime(3)' : 'timestamp(3)'],
      code: ['char(2)', 'char(2)'],
      name: ['varchar(10)', 'varchar(10)'],
      kind: [mysql ? "enum('mouse','rat')" : "enum('mouse','rat')", "enum('mouse','rat')"],
      amount: ['decimal(7,3)', 'decimal(7,3)'],
      upper: ['varchar(12)', 'varchar(12)'],
      big: ['int64', 'bigint'],
    };
    const actual = Object.fromEntries(CoreTypes.heading.attributes.map((a) => [a.name, [a.type, a.sqlType]]));
    expect(actual).toEqual(expected);
    if (mysql) expect(['json', 'longtext']).toContain(CoreTypes.heading.get('doc').sqlType);
    expect(CoreTypes.heading.get('doc').kind).toBe('json');
    expect(CoreTypes.heading.get('uid').kind).toBe('uuid');

    const row = {
      id: 1,
      i8: -128,
      i16: 32767,
      i64: 9007199254740993n,
      u8: 255,
      u16: 65535,
      u32: 4294967295,
      u64: 18446744073709551615n,
      f32: 1.5,
      f64: 2.25,
      flag: true,
      uid: '6ccd780c-baba-1026-9564-5b8c656024db',
      doc: { a: [1, 2] },
      raw: Buffer.from([0, 1, 255]),
      day: new Date(Date.UTC(2024, 1, 29)),
      at: new Date(Date.UTC(2024, 1, 29, 12, 30, 15)),
      at3: new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123)),
      code: 'ab',
      name: 'ten chars!',
      kind: 'rat',
      amount: '1234.567',
      upper: 'upper',
      big: 42n,
    };
    await CoreTypes.insert1(row);
    expect(await CoreTypes.toDicts()).toEqual([row]);
  });

  it('names PostgreSQL enum types by the hash of their sorted values and shares equal ones', async () => {
    const A = db.schema().table(tableClass('EnumA', dj.Manual, "id : int32\n---\npet : enum('dog','cat')"));
    const B = db.schema().table(tableClass('EnumB', dj.Manual, "id : int32\n---\npet : enum('cat', 'dog')"));
    const C = db.schema().table(tableClass('EnumC', dj.Manual, "id : int32\n---\npet : enum('dog', 'cat')"));
    await A.ready();
    await B.ready();
    await C.ready();
    const { connection } = db.instance;
    const [a, b, c] = await Promise.all(
      ['enum_a', 'enum_b', 'enum_c'].map(async (t) => (await connection.introspector.columns(connection, db.schemaName, t)).find((c) => c.name === 'pet')!),
    );
    expect(md5(['mouse', 'rat'])).toBe('866108fa');
    if (connection.adapter.family === 'postgresql') {
      expect(a!.userType).toEqual({ schema: db.schemaName, name: `enum_${md5(['dog', 'cat'])}` });
      // Equal value lists share the type created first; the same values in another order (another sort order) get a type of their own.
      expect(c!.userType).toEqual(a!.userType);
      expect(b!.userType).not.toEqual(a!.userType);
      expect(a!.enumValues).toEqual(['dog', 'cat']);
      expect(b!.enumValues).toEqual(['cat', 'dog']);
    } else {
      expect(a!.sqlType).toBe("enum('dog','cat')");
      expect(b!.sqlType).toBe("enum('cat','dog')");
    }
    void C;
    expect(B.heading.get('pet')).toMatchObject({ type: "enum('cat', 'dog')" });
    await A.insert1({ id: 1, pet: 'cat' });
    await B.insert1({ id: 1, pet: 'dog' });
    await expect(A.insert1({ id: 2, pet: 'cow' })).rejects.toThrow(dj.DataJointError);
    // A child's copy of an enum key uses the parent's type.
    const Keyed = db.schema().table(tableClass('EnumKeyed', dj.Manual, "pet : enum('dog','cat')\n---\nname : varchar(8)"));
    const Child = db.schema().table(tableClass('EnumChild', dj.Manual, '-> EnumKeyed\nidx : int16'));
    await Child.ready();
    await Keyed.insert1({ pet: 'dog', name: 'rex' });
    await Child.insert1({ pet: 'dog', idx: 1 });
    expect(await Child.toDicts()).toEqual([{ pet: 'dog', idx: 1 }]);
    expect(Child.heading.get('pet')).toMatchObject({ enumValues: ['dog', 'cat'], inKey: true });
  });

  it('drops a PostgreSQL enum type with the last table that uses it', async () => {
    const { connection } = db.instance;
    const typeExists = async (values: string[]) => {
      if (connection.adapter.family !== 'postgresql') return null;
      const name = `enum_${md5(values)}`;
      const { rows } = await connection.query(
        'SELECT 1 AS found FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?',
        [db.schemaName, name],
      );
      return rows.length > 0;
    };
    const postgres = connection.adapter.family === 'postgresql';
    const First = db.schema().table(tableClass('SharedFirst', dj.Manual, "id : int32\n---\nlevel : enum('low', 'high')"));
    const Second = db.schema().table(tableClass('SharedSecond', dj.Manual, "id : int32\n---\nlevel : enum('low', 'high')"));
    await First.ready();
    await Second.ready();
    expect(await typeExists(['low', 'high'])).toBe(postgres ? true : null);
    await First.drop({ prompt: false });
    // Still used by the second table.
    expect(await typeExists(['low', 'high'])).toBe(postgres ? true : null);
    await Second.insert1({ id: 1, level: 'low' });
    expect(await Second.toDicts()).toEqual([{ id: 1, level: 'low' }]);
    await Second.drop({ prompt: false });
    expect(await typeExists(['low', 'high'])).toBe(postgres ? false : null);
  });

  it('declares enums whose values hold commas, colons, # and quotes', async () => {
    const Tricky = db.schema().table(
      tableClass('Tricky', dj.Manual, `id : int32\n---\nkind = "c:d" : enum('a,b', 'c:d', 'e#f', 'it''s')   # values: tricky`),
    );
    await Tricky.ready();
    expect(Tricky.heading.get('kind')).toMatchObject({
      type: "enum('a,b', 'c:d', 'e#f', 'it''s')",
      enumValues: ['a,b', 'c:d', 'e#f', "it's"],
      comment: 'values: tricky',
      default: '"c:d"',
    });
    const values = ['a,b', 'c:d', 'e#f', "it's"];
    await Tricky.insert(values.map((kind, id) => ({ id, kind })));
    await Tricky.insert1({ id: 9 });
    expect((await Tricky.toDicts()).map((r) => r.kind)).toEqual([...values, 'c:d']);
    expect(await Tricky.restrict({ kind: "it's" }).count()).toBe(1);
    await expect(Tricky.insert1({ id: 10, kind: 'a' })).rejects.toThrow(dj.DataJointError);
  });

  it('keeps colons and # inside quoted defaults', async () => {
    const Quoting = db.schema().table(
      tableClass('Quoting', dj.Manual, 'id : int32\n---\nurl = "http://x.org/#top" : varchar(40)   # a: b\ntime = \'12:30\' : varchar(5)'),
    );
    await Quoting.insert1({ id: 1 });
    expect(await Quoting.toDicts()).toEqual([{ id: 1, url: 'http://x.org/#top', time: '12:30' }]);
    expect(Quoting.heading.get('url')).toMatchObject({ default: '"http://x.org/#top"', comment: 'a: b' });
  });

  it('rejects auto-populated tables whose key does not come from foreign keys', () => {
    expect(db.instance.connection.config.jobs.allow_new_pk_fields_in_computed_tables).toBe(false);
    const Bad = tableClass('BadComputed', dj.Computed as unknown as typeof dj.Manual, '-> Experiment\nextra : int16\n---\nvalue : float64');
    expect(() => db.schema().table(Bad)).toThrow(/has non-FK primary key attribute\(s\): extra\./);
    const Good = db.schema().table(tableClass('GoodComputed', dj.Computed as unknown as typeof dj.Manual, '-> Experiment\n---\nvalue : float64'));
    expect(Good.tableName).toBe('__good_computed');
  });

  it('writes default and null clauses into the catalog', async () => {
    const Defaults = db.schema().table(
      tableClass(
        'Defaults',
        dj.Manual,
        `id : int32
        ---
        -> [nullable] User
        n = 5 : int16
        s = "it's" : varchar(10)
        q = 'single' : varchar(10)
        maybe = null : float32
        flag = true : bool
        stamp = CURRENT_TIMESTAMP(3) : datetime(3)
        required : varchar(10)`,
      ),
    );
    await Defaults.ready();
    const { connection } = db.instance;
    const columns = Object.fromEntries(
      (await connection.introspector.columns(connection, db.schemaName, 'defaults')).map((c) => [c.name, [c.nullable, c.defaultValue]]),
    );
    expect(columns.id).toEqual([false, null]);
    expect(columns.username).toEqual([true, null]);
    expect(columns.n).toEqual([false, '5']);
    expect(columns.s).toEqual([false, "it's"]);
    expect(columns.q).toEqual([false, 'single']);
    expect(columns.maybe).toEqual([true, null]);
    expect(columns.required).toEqual([false, null]);
    expect(columns.stamp![0]).toBe(false);
    expect(String(columns.stamp![1])).toMatch(/^current_timestamp\(3\)$/i);
    await Defaults.insert1({ id: 1, required: 'r' });
    const [row] = await Defaults.toDicts();
    expect(row).toMatchObject({ id: 1, username: null, n: 5, s: "it's", q: 'single', maybe: null, flag: true, required: 'r' });
    expect(row!.stamp).toBeInstanceOf(Date);
    expect(Defaults.heading.get('flag').default).not.toBeNull();
  });

  describe('singleton tables', () => {
    it('declares a hidden _singleton primary key', async () => {
      const Config = db.schema().table(tableClass('Config', dj.Lookup, '# Global configuration\n---\nsetting : varchar(100)'));
      await Config.ready();
      expect(Config.heading.find('_singleton')).toMatchObject({ hidden: true, inKey: true });
      expect(Config.heading.names).toEqual(['setting']);
      expect(Config.heading.primaryKey).toEqual([]);
      expect(Config.heading.tableComment).toBe('Global configuration');
      const { connection } = db.instance;
      expect(await connection.introspector.primaryKey(connection, db.schemaName, '#config')).toEqual(['_singleton']);
      const [singleton] = await connection.introspector.columns(connection, db.schemaName, '#config');
      expect(singleton).toMatchObject({ name: '_singleton', nullable: false, comment: ':bool:singleton primary key' });
    });

    it('inserts without the key and fetches without the hidden column', async () => {
      const Settings = db.schema().table(tableClass('Settings', dj.Lookup, '---\nvalue : int32'));
      await Settings.insert1({ value: 42 });
      expect(await Settings.toDicts()).toEqual([{ value: 42 }]);
    });

    it('refuses a second row', async () => {
      const SingleValue = db.schema().table(tableClass('SingleValue', dj.Lookup, '---\ndata : varchar(50)'));
      await SingleValue.insert1({ data: 'first' });
      await expect(SingleValue.insert1({ data: 'second' })).rejects.toThrow(dj.DuplicateError);
      expect(await SingleValue.count()).toBe(1);
    });

    it('holds several attributes', async () => {
      const PipelineConfig = db.schema().table(
        tableClass('PipelineConfig', dj.Lookup, '# Pipeline configuration singleton\n---\nversion : varchar(20)\nmax_workers : int32\ndebug_mode : bool'),
      );
      await PipelineConfig.insert1({ version: '1.0.0', max_workers: 4, debug_mode: false });
      expect(await PipelineConfig.toDicts()).toEqual([{ version: '1.0.0', max_workers: 4, debug_mode: false }]);
    });

    it('refuses a foreign key to a singleton table, which would have no columns, before any DDL', async () => {
      const Only = db.schema().table(tableClass('OnlyOne', dj.Lookup, '---\nsetting : varchar(10)'));
      expect(() => db.schema().table(tableClass('Follower', dj.Manual, '-> OnlyOne\nfollower_id : int32'))).toThrow(/no primary key attributes \(a singleton table\)/);
      await Only.ready();
      // the table as it is in the database (its key read at declaration), not as a class declares it
      const fresh = db.instance.Schema(db.schemaName, { context: { Existing: await db.schema().getTable('OnlyOne') } });
      const Later = fresh.table(tableClass('Later', dj.Manual, 'later_id : int32\n---\n-> Existing'));
      await expect(Later.ready()).rejects.toThrow(/no primary key attributes \(a singleton table\)/);
      const { connection } = db.instance;
      expect(await connection.introspector.tableInfo(connection, db.schemaName, 'later')).toBeNull();
    });

    it('describes only the visible attributes', async () => {
      const Metadata = db.schema().table(tableClass('Metadata', dj.Lookup, '---\ninfo : varchar(255)'));
      const description = await Metadata.describe();
      expect(description).toContain('info');
      expect(description).not.toContain('_singleton');
      expect(description.trim().split('\n')[0]).toBe('---');
    });
  });
});

// ------------------------------------------------------------------ hidden job metadata (spec-core §4.11)

describeBackends('job metadata columns on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'job_meta', overrides: { jobs: { add_job_metadata: true } } });

  it('adds hidden job columns to Computed and Imported tables only', async () => {
    const schema = db.schema();
    const Source = schema.table(tableClass('Source', dj.Manual, 'source_id : int32'));
    const Tag = schema.table(tableClass('Tag', dj.Lookup, 'tag : varchar(8)'));
    const Result = schema.table(
      class Result extends dj.Computed {
        static definition = '-> Source\n---\nvalue : float64';
        static Detail = class Detail extends dj.Part {
          static definition = '-> master\nidx : int16';
        };
      },
    );
    const Upload = schema.table(tableClass('Upload', dj.Imported as unknown as typeof dj.Manual, '-> Source\n---\npath : varchar(100)'));
    await schema.ready();
    const { connection } = db.instance;
    const columnsOf = async (table: string) => (await connection.introspector.columns(connection, db.schemaName, table)).map((c) => c.name);
    const jobColumns = ['_job_start_time', '_job_duration', '_job_version'];
    expect(await columnsOf('__result')).toEqual(['source_id', 'value', ...jobColumns]);
    expect(await columnsOf('_upload')).toEqual(['source_id', 'path', ...jobColumns]);
    expect(await columnsOf('__result__detail')).toEqual(['source_id', 'idx']);
    expect(await columnsOf('source')).toEqual(['source_id']);
    expect(await columnsOf('#tag')).toEqual(['tag']);
    expect(Result.heading.names).toEqual(['source_id', 'value']);
    // As datajoint-python declares them: no NOT NULL, no comment; only _job_version has a default.
    for (const name of jobColumns) expect(Result.heading.find(name)).toMatchObject({ hidden: true, nullable: true, comment: '' });
    void Source;
    void Tag;
    void Upload;
  });
});

// ------------------------------------------------------------------ test_multi_backend.py

describeBackends('backend-agnostic declarations on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'multi_backend' });

  it('declares a simple table, inserts and fetches', async () => {
    const User = db.schema().table(tableClass('User', dj.Manual, 'user_id : int\n---\nusername : varchar(255)\ncreated_at : datetime'));
    await User.ready();
    expect(await User.isDeclared()).toBe(true);
    await User.insert1([1, 'alice', new Date(Date.UTC(2025, 0, 1))]);
    expect(await User.toDicts()).toEqual([{ user_id: 1, username: 'alice', created_at: new Date(Date.UTC(2025, 0, 1)) }]);
  });

  it('declares foreign keys and enforces them', async () => {
    const Animal = db.schema().table(tableClass('Animal', dj.Manual, 'animal_id : int\n---\nname : varchar(255)'));
    const Observation = db.schema().table(tableClass('Observation', dj.Manual, '-> Animal\nobs_id : int\n---\nnotes : varchar(1000)'));
    await Animal.insert1([1, 'Mouse']);
    await Observation.insert1([1, 1, 'Active']);
    expect(await Animal.count()).toBe(1);
    expect(await Observation.count()).toBe(1);
    await expect(Observation.insert1([2, 1, 'no such animal'])).rejects.toThrow(dj.IntegrityError);
  });

  it('round-trips int, varchar, float and bool values', async () => {
    const TypeTest = db.schema().table(
      tableClass('TypeTest', dj.Manual, 'id : int\n---\nint_value : int\nstr_value : varchar(255)\nfloat_value : float\nbool_value : bool'),
    );
    await TypeTest.insert1([1, 42, 'test', 3.14, true]);
    const [data] = await TypeTest.restrict({ id: 1 }).toDicts();
    expect(data).toMatchObject({ int_value: 42, str_value: 'test', bool_value: true });
    expect(data!.float_value).toBeCloseTo(3.14, 3);
  });

  it('stores table and column comments', async () => {
    const Commented = db.schema().table(
      tableClass('Commented', dj.Manual, '# This is a test table for backend testing\nid : int  # primary key\n---\nvalue : varchar(255)  # some value'),
    );
    await Commented.ready();
    const { connection } = db.instance;
    expect(await connection.introspector.tableInfo(connection, db.schemaName, 'commented')).toEqual({
      name: 'commented',
      comment: 'This is a test table for backend testing',
    });
    expect(Commented.heading.get('id').comment).toBe('primary key');
    expect(Commented.heading.get('value')).toMatchObject({ comment: 'some value', type: 'varchar(255)' });
  });
});

// ------------------------------------------------------------------ refused before any DDL, atomic otherwise (issue 9, findings 5 and 8)

describeBackends('declarations the server would refuse or misread, on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'declare_limits' });
  const mysql = backend.name === 'mysql';
  const postgres = !mysql;

  beforeAll(async () => {
    db.schema().table(tableClass('Anchor', dj.Manual, "anchor_id : int32\n---\nlevel : enum('low', 'high')"));
    db.schema().table(tableClass('Pair', dj.Manual, "pair_id : int32\nkind : enum('x', 'y')"));
    await db.schema().ready();
  });

  const leftovers = () => declarationLeftovers(db.instance.connection, db.schemaName);

  /** Declares `definition` as class `name`; resolves to the error, which must come from DataJoint, not the server. */
  async function refusal(name: string, definition: string): Promise<Error> {
    const before = await leftovers();
    let error: unknown = null;
    try {
      await db.schema().table(tableClass(name, dj.Manual, definition)).ready();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(dj.DataJointError);
    expect(error).not.toBeInstanceOf(QueryError);
    expect(await leftovers()).toEqual(before);
    return error as Error;
  }

  it('refuses an attribute name over the backend limit before any DDL, naming it and the limit (finding 5)', async () => {
    const long = `a${'b'.repeat(69)}`;
    const message = (await refusal('LongName', `id : int32\n---\nkind : enum('p', 'q')\n${long} : int32`)).message;
    expect(message).toContain(`\`${long}\` is 70 characters long; ${mysql ? 'MySQL allows at most 64' : 'PostgreSQL allows at most 63'}`);
    expect(message).toContain(`in line "${long} : int32"`);
    // 64 characters: MySQL keeps them, PostgreSQL would cut them to 63.
    const name64 = `c${'d'.repeat(63)}`;
    if (mysql) {
      const Wide = db.schema().table(tableClass('Name64', dj.Manual, `${name64} : int32`));
      await Wide.ready();
      expect(Wide.heading.names).toEqual([name64]);
    } else {
      expect((await refusal('Name64', `${name64} : int32`)).message).toContain('PostgreSQL allows at most 63');
    }
  });

  it('leaves nothing behind when a statement fails after CREATE TABLE (finding 5)', async () => {
    const { connection } = db.instance;
    const original = connection.query.bind(connection);
    // The server fails the lineage rows, the last write of a declaration: on PostgreSQL inside
    // the statement that created the table, on MySQL after CREATE TABLE has committed.
    const spy = jest.spyOn(connection, 'query').mockImplementation(((sql: string, params?: readonly unknown[]) =>
      original(sql.replace(/(INSERT INTO \S+)~lineage(\S*)/, '$1no_such_table$2'), params)) as typeof connection.query);
    const before = await leftovers();
    const Doomed = db.schema().table(tableClass('Doomed', dj.Manual, "-> Anchor\ndoomed_id : int32\n---\nmood : enum('sad', 'glad')\nindex (mood)"));
    try {
      await expect(Doomed.ready()).rejects.toThrow(/no_such_table/);
    } finally {
      spy.mockRestore();
    }
    // No table, no enum type, no lineage rows: the statement rolled back (PostgreSQL) or the table was dropped (MySQL).
    expect(await leftovers()).toEqual(before);
    await Doomed.ready();
    expect(Doomed.heading.names).toEqual(['anchor_id', 'doomed_id', 'mood']);
  });

  it.each([
    ['Dec70', 'x : decimal(70,2)', 'The precision of decimal(70,2) must be between 1 and 65'],
    ['Dec510', 'x : decimal(5,10)', 'The scale of decimal(5,10) must be at most its precision and at most 30'],
    ['Dec3031', 'x : decimal(40,31)', 'at most 30'],
    ['DupIndex', 'x : int32\n---\ny : int32\nunique index(y, y)', 'The index names `y` twice in line "unique index(y, y)"'],
    ['Dt7', 'x : int32\n---\nt : datetime(7)', 'The fractional-second precision of datetime(7) must be at most 6'],
    ['Char0', 'x : char(0)', 'The length of char(0) must be at least 1'],
    ['EnumEmpty', "x : int32\n---\ne : enum('a', '')", 'An enum value must not be empty'],
    ['EnumTwice', "x : int32\n---\ne : enum('a', 'b', 'a')", "The enum value 'a' appears twice"],
    ['EnumSpace', "x : int32\n---\ne : enum('a ', 'b')", 'ends with a space'],
    ['DecDefault', 'x : int32\n---\nd = 1234.5 : decimal(5,2)', 'more than 3 digits before the decimal point'],
    ['DecRounded', 'x : int32\n---\nd = 1.234 : decimal(5,2)', 'more than 2 digits after the decimal point'],
    ['NoDate', 'x : int32\n---\nd = "2023-02-29" : date', 'not a calendar date'],
    ['StampPrecision', 'x : int32\n---\nt = CURRENT_TIMESTAMP : datetime(3)', 'CURRENT_TIMESTAMP(3)'],
    ['HugeFloat', 'x : int32\n---\nf = 1e39 : float32', 'out of the range of a 32-bit float'],
    ['NulComment', 'x : int32   # a \0 b', 'The comment contains the control character U+0000'],
    ['AutoDefault', 'x = 1 : int auto_increment', 'cannot have a default'],
    ['DupName', 'x : int32\n---\ny : int32\ny : int16', 'Duplicate attribute `y`'],
  ])('refuses %s on every backend before any DDL (finding 8)', async (name, definition, message) => {
    expect((await refusal(name, definition)).message).toContain(message);
  });

  it.each([
    // [class, definition, refused on MySQL (message) or null, refused on PostgreSQL (message) or null]
    ['Char300', 'x : char(300)', 'char(300): MySQL allows char(n) up to 255', null],
    ['Varchar20k', 'x : int32\n---\ns : varchar(20000)', 'MySQL allows varchar(n) up to 16383', null],
    ['RowSize', 'x : int32\n---\ns : varchar(10000)\nt : varchar(10000)', 'A row of this table takes 80008 bytes', null],
    ['KeyLength', 'x : varchar(1000)', 'The primary key (x) takes 4000 bytes (4 bytes per character); MySQL allows at most 3072', null],
    ['BlobIndex', 'x : int32\n---\nj : json\nindex(j)', 'a blob, text or json attribute, which MySQL cannot index', null],
    ['CaseEnum', "x : int32\n---\ne : enum('a', 'A')", "The enum values 'a' and 'A' are the same value to MySQL", null],
    ['AccentEnum', "x : int32\n---\ne : enum('e', 'é')", 'without case and accents', null],
    ['EmojiEnum', "x : int32\n---\ne : enum('😀', 'b')", 'beyond U+FFFF', null],
    ['EmojiComment', 'x : int32  # smile 😀', 'The column comment has a character beyond U+FFFF', null],
    ['LongComment', `x : int32  # ${'c'.repeat(1100)}`, 'Attribute `x`: The column comment is 1107 characters long (with its type marker); MySQL allows at most 1024', null],
    ['AutoSecond', 'x : int32\ny : int auto_increment', 'requires the auto_increment attribute `y` to come first', null],
    ['UuidDefault', 'x : int32\n---\nu = "6ccd780c-baba-1026-9564-5b8c656024db" : uuid', 'MySQL stores uuid as binary(16)', null],
    ['TextDefault', 'x : int32\n---\nt = "x" : text', 'MySQL does not allow a default for TEXT columns', null],
    ['OldStamp', 'x : int32\n---\nt = "1960-01-01 00:00:00" : timestamp', 'a MySQL timestamp lies between', null],
    ['Medium', 'x : mediumint', null, 'Attribute `x`: mediumint: PostgreSQL has no mediumint; use int32'],
    ['Tiny', 'x : int32\n---\nb : tinyblob', null, 'PostgreSQL has no tinyblob; use bytes'],
    ['Unsigned', 'x : int unsigned', null, 'PostgreSQL has no unsigned types'],
    ['Width', 'x : int(11)', null, 'PostgreSQL has no display widths for integers'],
    ['Double', 'x : int32\n---\nd : double', null, 'PostgreSQL has no double; use float64'],
    ['Year', 'x : int32\n---\ny : year', null, 'PostgreSQL has no year; use int16'],
    ['SystemColumn', 'xmin : int32', null, '`xmin` is the name of a PostgreSQL system column'],
    ['LongLabel', `x : int32\n---\ne : enum('${'é'.repeat(32)}')`, null, 'longer than 63 bytes (UTF-8)'],
    ['WideNumeric', 'x : int32\n---\nn : numeric(1001,2)', 'MySQL allows a precision of 1 to 65', 'PostgreSQL allows a precision of 1 to 1000'],
    ['Junk', 'x : int32\n---\nc : char( ten )', 'char( ten ): the parameters must be whole numbers', 'char( ten ): the parameters must be whole numbers'],
  ])('declares %s where the backend has it, and refuses it before any DDL where not', async (name, definition, onMysql, onPostgres) => {
    const expected = mysql ? onMysql : onPostgres;
    if (expected === null) {
      const T = db.schema().table(tableClass(name, dj.Manual, definition));
      await T.ready();
      // What the backend accepts reads back as declared: describe() declares the same table again.
      const Again = db.schema().table(tableClass(`${name}Again`, dj.Manual, await T.describe()));
      expect(await Again.describe()).toBe(await T.describe());
    } else {
      const message = (await refusal(name, definition)).message;
      expect(message).toContain(expected);
      expect(message).toContain(`definition of ${db.instance.connection.adapter.fullTableName(db.schemaName, fromCamelCase(name))}`);
    }
  });

  it('reads MySQL mediumint back faithfully: range checked by DataJoint, described as declared (finding 8)', async () => {
    if (!mysql) return;
    const Medium = db.schema().table(tableClass('MediumRange', dj.Manual, 'id : int32\n---\nm : mediumint\nu : mediumint unsigned'));
    await Medium.ready();
    expect(Medium.heading.get('m')).toMatchObject({ type: 'mediumint', kind: 'int' });
    await Medium.insert1({ id: 1, m: -8388608, u: 16777215 });
    for (const row of [{ id: 2, m: 8388608, u: 0 }, { id: 3, m: 0, u: -1 }, { id: 4, m: 0, u: 16777216 }]) {
      const error = await Medium.insert1(row).then(() => null, (err: unknown) => err);
      expect(error).toBeInstanceOf(dj.DataJointError);
      expect(error).not.toBeInstanceOf(QueryError);
      expect((error as Error).message).toContain('out of range');
    }
    expect(await Medium.toDicts()).toEqual([{ id: 1, m: -8388608, u: 16777215 }]);
    const Again = db.schema().table(tableClass('MediumRangeAgain', dj.Manual, await Medium.describe()));
    expect(await Again.describe()).toBe(await Medium.describe());
    expect(await Again.describe()).toBe('id                   : int32                       \n---\nm                    : mediumint\nu                    : mediumint unsigned\n'.replace(/ +\n/g, '\n'));
  });

  it.each([
    ['SharedNullable', '---\n-> [nullable, unique] Pair.proj(pid="pair_id")\nnote : enum(\'a\')\n-> Pair'],
    ['SharedOrder', '-> Pair.proj(kind2="kind")\n-> Pair.proj(pid="pair_id")\n---\nsubject : decimal(5,1)\n-> Pair\nindex(subject)'],
  ])('describes %s, whose foreign keys share columns, so that it declares the same table again (found by the definitions property)', async (name, definition) => {
    const T = db.schema().table(tableClass(name, dj.Manual, definition));
    await T.ready();
    const described = await T.describe();
    const Again = db.schema().table(tableClass(`${name}Again`, dj.Manual, described));
    await Again.ready();
    expect(await Again.describe()).toBe(described);
    const columns = (cls: typeof dj.Manual) => cls.heading.attributes.map((a) => ({ name: a.name, inKey: a.inKey, nullable: a.nullable, type: a.type }));
    expect(columns(Again)).toEqual(columns(T));
  });

  it('shares a PostgreSQL enum type between tables with the same values in the same order only', async () => {
    const First = db.schema().table(tableClass('OrderFirst', dj.Manual, "id : int32\n---\nsize : enum('small', 'large')"));
    const Same = db.schema().table(tableClass('OrderSame', dj.Manual, "id : int32\n---\nsize : enum('small', 'large')"));
    const Reversed = db.schema().table(tableClass('OrderReversed', dj.Manual, "id : int32\n---\nsize : enum('large', 'small')"));
    // Both orders in one table (found by the definitions property).
    const Both = db.schema().table(tableClass('OrderBoth', dj.Manual, "id : int32\n---\nup : enum('s', 'm')\ndown : enum('m', 's')"));
    await Both.ready();
    expect(Both.heading.get('up').enumValues).toEqual(['s', 'm']);
    expect(Both.heading.get('down').enumValues).toEqual(['m', 's']);
    await First.ready();
    await Same.ready();
    await Reversed.ready();
    // Each column keeps its declared order (which decides sorting), on every backend.
    expect(First.heading.get('size').enumValues).toEqual(['small', 'large']);
    expect(Reversed.heading.get('size').enumValues).toEqual(['large', 'small']);
    if (postgres) {
      const { connection } = db.instance;
      const typeOf = async (table: string) => (await connection.introspector.columns(connection, db.schemaName, table)).find((c) => c.name === 'size')!.userType;
      expect(await typeOf('order_same')).toEqual(await typeOf('order_first'));
      expect(await typeOf('order_first')).toEqual({ schema: db.schemaName, name: `enum_${md5(['small', 'large'])}` });
      expect(await typeOf('order_reversed')).not.toEqual(await typeOf('order_first'));
    }
  });
});
