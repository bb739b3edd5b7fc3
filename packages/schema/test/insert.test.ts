/**
 * Inserting rows: datajoint-python's `test_insert.py` (chunks, empty rows, positional rows)
 * and the insert checks of `test_relation.py` (spec-query §19.7, §19.10), plus replace,
 * skipDuplicates and direct inserts into auto-populated tables.
 */
import * as dj from 'datajoint';
import { runAsMake } from '@dj/schema/internal';
import { describeBackends, useTestInstance } from '@dj/testing';
import { declareTTest, declareUser, declareSubject } from './pipelines/python-test-schema';

/** Auto-increment needs a native type: \`int auto_increment\` on MySQL, \`serial\` on PostgreSQL. */
const autoIncrementType = (backend: string) => (backend === 'mysql' ? 'int auto_increment' : 'serial');

function define(schema: dj.Schema, backend: string) {
  @schema.table
  class SimpleTable extends dj.Manual {
    static definition = `
    id : int32
    ---
    value : varchar(100)
    score=null : float64
    `;
  }

  @schema.table
  class AutoIncrementTable extends dj.Manual {
    static definition = `
    # auto_increment requires native int type
    id : ${autoIncrementType(backend)}
    ---
    value : varchar(100)
    `;
  }

  @schema.table
  class AllDefaultsTable extends dj.Manual {
    static definition = `
    id : ${autoIncrementType(backend)}
    ---
    timestamp=CURRENT_TIMESTAMP : datetime
    notes=null : varchar(200)
    `;
  }

  // tests/schema.py
  const User = declareUser(schema);

  const Subject = declareSubject(schema);

  @schema.table
  class Experiment extends dj.Manual {
    static definition = `
    -> Subject
    experiment_id : int16
    ---
    notes = '' : varchar(100)
    `;
  }

  const TTest = declareTTest(schema);

  @schema.table
  class KeyOnly extends dj.Manual {
    static definition = `
    a : int32
    b : varchar(8)
    `;
  }

  @schema.table
  class Derived extends dj.Computed {
    static definition = `
    -> SimpleTable
    ---
    doubled : float64
    `;
  }

  @schema.table
  class Loaded extends dj.Imported {
    static definition = `
    -> SimpleTable
    ---
    size : int32
    `;
  }
  return { SimpleTable, AutoIncrementTable, AllDefaultsTable, User, Subject, Experiment, TTest, KeyOnly, Derived, Loaded };
}

const simpleRows = (n: number, withScore = false) =>
  Array.from({ length: n }, (_, i) => (withScore ? { id: i, value: `val${i}`, score: i } : { id: i, value: `val${i}` }));

describeBackends('insert on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'insert' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema(), backend.name);
    await db.schema().ready();
  });

  beforeEach(async () => {
    await t.Derived.deleteQuick();
    await t.Loaded.deleteQuick();
    await t.SimpleTable.deleteQuick();
    await t.AutoIncrementTable.deleteQuick();
    await t.AllDefaultsTable.deleteQuick();
    await t.KeyOnly.deleteQuick();
    await t.Experiment.deleteQuick();
    await t.Subject.restrict('subject_id NOT IN (10, 1551, 1552, 1553)').deleteQuick();
    await t.User.restrict({ username: 'Robert' }).deleteQuick();
  });

  // ------------------------------------------------------------ basics

  it('inserts objects and reads them back in heading order', async () => {
    await t.SimpleTable.insert([{ score: 0.5, value: 'b', id: 2 }, { id: 1, value: 'a', score: null }]);
    expect(await t.SimpleTable.toDicts({ orderBy: 'KEY' })).toEqual([
      { id: 1, value: 'a', score: null },
      { id: 2, value: 'b', score: 0.5 },
    ]);
  });

  it('inserts one row with insert1', async () => {
    await t.SimpleTable.insert1({ id: 7, value: 'seven' });
    expect(await t.SimpleTable.fetch1()).toEqual({ id: 7, value: 'seven', score: null });
    expect(await t.SimpleTable.fetch1('value')).toBe('seven');
  });

  it('accepts any iterable of rows, and an empty one', async () => {
    function* rows() {
      yield { id: 1, value: 'a' };
      yield { id: 2, value: 'b' };
    }
    await t.SimpleTable.insert(rows());
    await t.SimpleTable.insert([]);
    expect(await t.SimpleTable.count()).toBe(2);
  });

  it('ignores fields whose value is undefined', async () => {
    await t.SimpleTable.insert1({ id: 1, value: 'a', score: undefined });
    expect(await t.SimpleTable.fetch1('score')).toBeNull();
  });

  // ------------------------------------------------------------ positional rows

  it('inserts positional rows in heading order', async () => {
    await t.SimpleTable.insert1([1, 'value1', 1.0]);
    await t.SimpleTable.insert([[2, 'value2', 2.0], [3, 'value3', null]]);
    expect(await t.SimpleTable.toDicts({ orderBy: 'KEY' })).toEqual([
      { id: 1, value: 'value1', score: 1 },
      { id: 2, value: 'value2', score: 2 },
      { id: 3, value: 'value3', score: null },
    ]);
  });

  it('mixes objects and positional rows that set the same fields', async () => {
    await t.SimpleTable.insert([{ id: 1, value: 'a', score: 1 }, [2, 'b', null]]);
    expect(await t.SimpleTable.count()).toBe(2);
  });

  it('refuses a positional row of the wrong length', async () => {
    await expect(t.SimpleTable.insert1([1, 'one'])).rejects.toThrow(
      /Incorrect number of attributes: 2 given; 3 expected/,
    );
    await expect(t.User.insert1([])).rejects.toThrow(dj.DataJointError); // insert1(())
    await expect(t.User.insert([[]])).rejects.toThrow(dj.DataJointError); // insert([()])
    await expect(t.User.insert1(['First', 'Second'])).rejects.toThrow(/Incorrect number of attributes: 2 given; 1 expected/);
    expect(await t.SimpleTable.count()).toBe(0);
    expect(await t.User.count()).toBe(7);
  });

  it('refuses a row that is neither an object nor an array', async () => {
    await expect(t.User.insert1(3 as unknown as dj.InsertRow)).rejects.toThrow(/Datatype number cannot be inserted/);
    await expect(t.User.insert1('Jake' as unknown as dj.InsertRow)).rejects.toThrow(dj.DataJointError);
    await expect(t.User.insert([null as unknown as dj.InsertRow])).rejects.toThrow(/Datatype null cannot be inserted/);
  });

  // ------------------------------------------------------------ fields

  it('refuses rows with different fields (test_misnamed_attribute1)', async () => {
    await expect(t.User.insert([{ username: 'Bob' }, { user: 'Alice' }])).rejects.toThrow(dj.DataJointError);
    await expect(
      t.SimpleTable.insert([{ id: 1, value: 'a' }, { id: 2, value: 'b', score: 1 }]),
    ).rejects.toThrow(/Attempt to insert rows with different fields/);
    await expect(t.SimpleTable.insert([{ id: 1, value: 'a' }, [2, 'b', null]])).rejects.toThrow(
      /Attempt to insert rows with different fields/,
    );
    expect(await t.SimpleTable.count()).toBe(0);
    expect(await t.User.count()).toBe(7);
  });

  it('refuses an unknown field (test_misnamed_attribute2, test_extra_attribute1)', async () => {
    await expect(t.User.insert1({ user: 'Bob' })).rejects.toThrow(dj.UnknownAttributeError);
    await expect(t.User.insert1({ username: 'Robert', spouse: 'Alice' })).rejects.toThrow(/`spouse`/);
    expect(await t.User.count()).toBe(7);
  });

  it('drops extra fields with ignoreExtraFields (test_extra_attribute2)', async () => {
    await t.User.insert1({ username: 'Robert', spouse: 'Alice' }, { ignoreExtraFields: true });
    expect(await t.User.restrict({ username: 'Robert' }).fetch1()).toEqual({ username: 'Robert' });
  });

  // ------------------------------------------------------------ chunks (test_insert.py)

  it('inserts in chunks', async () => {
    await t.SimpleTable.insert(simpleRows(100, true), { chunkSize: 10 });
    expect(await t.SimpleTable.count()).toBe(100);
  });

  it('inserts in one chunk when the chunk is larger than the data', async () => {
    await t.SimpleTable.insert(simpleRows(5), { chunkSize: 100 });
    expect(await t.SimpleTable.count()).toBe(5);
  });

  it('inserts in chunks that divide the data evenly', async () => {
    await t.SimpleTable.insert(simpleRows(20), { chunkSize: 5 });
    expect(await t.SimpleTable.count()).toBe(20);
  });

  it('inserts in chunks skipping duplicates', async () => {
    await t.SimpleTable.insert(simpleRows(10));
    await t.SimpleTable.insert(simpleRows(15), { chunkSize: 5, skipDuplicates: true });
    expect(await t.SimpleTable.count()).toBe(15);
  });

  it('refuses chunkSize for a query source', async () => {
    await expect(t.SimpleTable.insert(t.SimpleTable.restrict('id > 0'), { chunkSize: 10 })).rejects.toThrow(
      /chunkSize is not supported/,
    );
  });

  it('checks every chunk before sending the first', async () => {
    const rows: Array<Record<string, unknown>> = simpleRows(20);
    rows[17] = { id: 17, value: 'x'.repeat(101) };
    await expect(t.SimpleTable.insert(rows, { chunkSize: 5 })).rejects.toThrow(/`value`/);
    expect(await t.SimpleTable.count()).toBe(0);
  });

  it('requires the same fields in every chunk', async () => {
    const rows: Array<Record<string, unknown>> = simpleRows(10);
    rows[9] = { id: 9, value: 'v', score: 1 };
    await expect(t.SimpleTable.insert(rows, { chunkSize: 3 })).rejects.toThrow(/different fields/);
    expect(await t.SimpleTable.count()).toBe(0);
  });

  // ------------------------------------------------------------ empty rows (test_insert.py TestEmptyInsert)

  it('inserts an empty row when every attribute has a default', async () => {
    expect(await t.AllDefaultsTable.count()).toBe(0);
    await t.AllDefaultsTable.insert1({});
    expect(await t.AllDefaultsTable.count()).toBe(1);
    const row = (await t.AllDefaultsTable.fetch1()) as dj.Row;
    expect(typeof row.id).toBe('number');
    expect(row.timestamp).toBeInstanceOf(Date);
    expect(row.notes).toBeNull();
  });

  it('inserts several empty rows with distinct auto-increment ids', async () => {
    await t.AllDefaultsTable.insert([{}, {}, {}]);
    expect(await t.AllDefaultsTable.count()).toBe(3);
    const ids = (await t.AllDefaultsTable.toDicts({ orderBy: 'id' })).map((r) => r.id as number);
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]! - ids[0]!).toBe(1);
    expect(ids[2]! - ids[1]!).toBe(1);
  });

  it('refuses an empty row when attributes require values', async () => {
    const error = await t.SimpleTable.insert1({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.DataJointError);
    const message = (error as Error).message;
    expect(message).toContain('Cannot insert empty row');
    expect(message).toContain('require values');
    expect(message).toContain('[id, value]');
    expect(message).toContain(t.SimpleTable.fullTableName);
    expect(await t.SimpleTable.count()).toBe(0);
  });

  it('refuses an empty row mixed with rows that set fields', async () => {
    await expect(t.AllDefaultsTable.insert([{}, { notes: 'n' }])).rejects.toThrow(/different fields/);
    await expect(t.AllDefaultsTable.insert([{ notes: 'n' }, {}])).rejects.toThrow(/different fields/);
    expect(await t.AllDefaultsTable.count()).toBe(0);
  });

  it('omits an auto-increment primary key', async () => {
    await t.AutoIncrementTable.insert([{ value: 'one' }, { value: 'two' }]);
    const rows = await t.AutoIncrementTable.toDicts({ orderBy: 'id' });
    expect(rows.map((r) => r.value)).toEqual(['one', 'two']);
    expect((rows[1]!.id as number) - (rows[0]!.id as number)).toBe(1);
  });

  it('uses column defaults for omitted and null values', async () => {
    await t.Subject.insert1({ subject_id: 1, real_id: 'a', date_of_birth: '2020-01-01', subject_notes: '' });
    await t.Subject.insert([
      { subject_id: 2, real_id: 'b', species: null, date_of_birth: '2020-01-01', subject_notes: '' },
      { subject_id: 3, real_id: 'c', species: 'human', date_of_birth: '2020-01-01', subject_notes: '' },
    ]);
    expect((await t.Subject.restrict('subject_id < 4').toDicts({ orderBy: 'KEY' })).map((r) => r.species)).toEqual([
      'mouse',
      'mouse',
      'human',
    ]);
  });

  // ------------------------------------------------------------ lookup contents (test_relation.py test_contents)

  it('fills lookup tables with their contents', async () => {
    expect(await t.User.count()).toBe(7);
    expect((await t.User.toDicts({ orderBy: ['username'] })).map((r) => r.username)).toEqual(
      ['Jake', 'Cathryn', 'Shan', 'Fabian', 'Edgar', 'George', 'Dimitri'].sort(),
    );
    expect(await t.Subject.count()).toBe(4);
    expect((await t.Subject.toDicts({ orderBy: ['subject_id'] })).map((r) => r.subject_id)).toEqual([10, 1551, 1552, 1553]);
    expect(await t.TTest.count()).toBe(10);
  });

  // ------------------------------------------------------------ duplicates and replace (test_relation.py)

  it('replaces or keeps existing rows (test_replace)', async () => {
    const key = { subject_id: 7 };
    await t.Subject.insert1({ ...key, real_id: '7', date_of_birth: '2015-01-01', subject_notes: '' });
    expect(await t.Subject.restrict(key).fetch1('date_of_birth')).toEqual(new Date(Date.UTC(2015, 0, 1)));
    await t.Subject.insert1({ ...key, real_id: '7', date_of_birth: '2015-01-02', subject_notes: '' }, { skipDuplicates: true });
    expect(await t.Subject.restrict(key).fetch1('date_of_birth')).toEqual(new Date(Date.UTC(2015, 0, 1)));
    await t.Subject.insert1({ ...key, real_id: '7', date_of_birth: '2015-01-02', subject_notes: 'new' }, { replace: true });
    expect(await t.Subject.restrict(key).fetch1()).toEqual({
      subject_id: 7,
      real_id: '7',
      species: 'mouse',
      date_of_birth: new Date(Date.UTC(2015, 0, 2)),
      subject_notes: 'new',
    });
  });

  it('replaces some rows and inserts others in one call', async () => {
    await t.SimpleTable.insert(simpleRows(3));
    await t.SimpleTable.insert([{ id: 1, value: 'one', score: 1 }, { id: 5, value: 'five', score: 5 }], { replace: true });
    expect(await t.SimpleTable.toDicts({ orderBy: 'KEY' })).toEqual([
      { id: 0, value: 'val0', score: null },
      { id: 1, value: 'one', score: 1 },
      { id: 2, value: 'val2', score: null },
      { id: 5, value: 'five', score: 5 },
    ]);
  });

  it('replaces with the last of several rows with the same key', async () => {
    await t.SimpleTable.insert(
      [{ id: 1, value: 'first' }, { id: 1, value: 'second' }, { id: 2, value: 'only' }],
      { replace: true },
    );
    expect(await t.SimpleTable.toDicts({ orderBy: 'KEY' })).toEqual([
      { id: 1, value: 'second', score: null },
      { id: 2, value: 'only', score: null },
    ]);
  });

  it('replaces the whole row: omitted attributes get their defaults', async () => {
    await t.SimpleTable.insert1({ id: 1, value: 'a', score: 5 });
    await t.SimpleTable.insert1({ id: 1, value: 'b' }, { replace: true });
    expect(await t.SimpleTable.fetch1()).toEqual({ id: 1, value: 'b', score: null });
  });

  it('replaces a row of a table that has only key attributes', async () => {
    await t.KeyOnly.insert1({ a: 1, b: 'x' });
    await t.KeyOnly.insert([{ a: 1, b: 'x' }, { a: 2, b: 'y' }], { replace: true });
    expect(await t.KeyOnly.toDicts({ orderBy: 'KEY' })).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
  });

  it('replaces a referenced row as datajoint-python does: in place on PostgreSQL, refused by MySQL REPLACE', async () => {
    await t.Subject.insert1({ subject_id: 8, real_id: '8', date_of_birth: '2015-01-01', subject_notes: '' });
    await t.Experiment.insert1({ subject_id: 8, experiment_id: 1 });
    const replacing = t.Subject.insert1({ subject_id: 8, real_id: '8', date_of_birth: '2016-01-01', subject_notes: 'x' }, { replace: true });
    if (backend.name === 'mysql') {
      // REPLACE deletes the old row first, which the foreign key forbids
      await expect(replacing).rejects.toBeInstanceOf(dj.IntegrityError);
      expect(await t.Subject.restrict({ subject_id: 8 }).fetch1('date_of_birth')).toEqual(new Date(Date.UTC(2015, 0, 1)));
    } else {
      await replacing;
      expect(await t.Subject.restrict({ subject_id: 8 }).fetch1('date_of_birth')).toEqual(new Date(Date.UTC(2016, 0, 1)));
    }
    expect(await t.Experiment.count()).toBe(1);
  });

  it('deletes inserted rows quickly (test_delete_quick)', async () => {
    await t.Subject.insert([
      [2, 'Klara', 'monkey', '2010-01-01', ''],
      [1, 'Peter', 'mouse', '2015-01-01', ''],
    ]);
    const s = t.Subject.restrict('subject_id in (1, 2)');
    expect(await s.count()).toBe(2);
    expect(await s.deleteQuick()).toBe(2);
    expect(await s.count()).toBe(0);
  });

  it('skips duplicates when asked (test_skip_duplicate)', async () => {
    const rows = [
      [2, 'Klara', 'monkey', '2010-01-01', ''],
      [1, 'Peter', 'mouse', '2015-01-01', ''],
    ];
    await t.Subject.insert(rows);
    await t.Subject.insert(rows, { skipDuplicates: true });
    expect(await t.Subject.count()).toBe(6);
    await expect(t.Subject.insert(rows)).rejects.toThrow(dj.DuplicateError);
  });

  it('refuses a duplicate inside one insert and inserts nothing (test_not_skip_duplicate)', async () => {
    const error = await t.Subject.insert([
      [2, 'Klara', 'monkey', '2010-01-01', ''],
      [2, 'Klara', 'monkey', '2010-01-01', ''],
      [1, 'Peter', 'mouse', '2015-01-01', ''],
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.DuplicateError);
    expect((error as Error).message).toContain('skipDuplicates');
    expect(await t.Subject.count()).toBe(4);
  });

  it('does not hide other errors when skipping duplicates (test_no_error_suppression)', async () => {
    await expect(t.TTest.insert([{ key: 100 }], { skipDuplicates: true })).rejects.toThrow(dj.MissingAttributeError);
    expect(await t.TTest.count()).toBe(10);
  });

  it('skips duplicate rows within one insert', async () => {
    await t.SimpleTable.insert([{ id: 1, value: 'a' }, { id: 1, value: 'b' }], { skipDuplicates: true });
    expect(await t.SimpleTable.fetch1()).toEqual({ id: 1, value: 'a', score: null });
  });

  // ------------------------------------------------------------ auto-populated tables

  it('refuses direct inserts into Computed and Imported tables', async () => {
    await t.SimpleTable.insert1({ id: 1, value: 'a', score: 2 });
    await expect(t.Derived.insert1({ id: 1, doubled: 4 })).rejects.toThrow(
      /Inserts into an auto-populated table can only be done inside its make method.*allowDirectInsert/,
    );
    await expect(t.Loaded.insert1({ id: 1, size: 4 })).rejects.toThrow(dj.DataJointError);
    expect(await t.Derived.count()).toBe(0);
    expect(await t.Loaded.count()).toBe(0);
  });

  it('inserts into Computed and Imported tables with allowDirectInsert', async () => {
    await t.SimpleTable.insert1({ id: 1, value: 'a', score: 2 });
    await t.Derived.insert1({ id: 1, doubled: 4 }, { allowDirectInsert: true });
    await t.Loaded.insert([{ id: 1, size: 4 }], { allowDirectInsert: true });
    expect(await t.Derived.fetch1()).toEqual({ id: 1, doubled: 4 });
    expect(await t.Loaded.fetch1()).toEqual({ id: 1, size: 4 });
  });

  it('inserts into a Computed table inside its make', async () => {
    await t.SimpleTable.insert1({ id: 1, value: 'a', score: 2 });
    const derived = t.Derived.instance();
    await runAsMake(derived, () => t.Derived.insert1({ id: 1, doubled: 4 }));
    expect(await t.Derived.count()).toBe(1);
    await expect(runAsMake(t.Loaded.instance(), () => t.Derived.insert1({ id: 2, doubled: 4 }))).rejects.toThrow(
      /auto-populated/,
    );
  });
});
