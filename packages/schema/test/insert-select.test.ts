/**
 * INSERT … SELECT: inserting the rows of a table or of a query expression
 * (`T.insert(Other)`, `T.insert(Other.restrict(...))`), from datajoint-python's
 * `test_relation.py` (spec-query I-04, §19.10).
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { declareTTest } from './pipelines/python-test-schema';

/** The heading of Rich and RichCopy: the same, so that one copies into the other. */
const RICH = `
id : int32
---
uid : uuid
day : date
moment : datetime(3)
amount : decimal(8,2)
doc : json
data : <blob>
`;

function define(schema: dj.Schema) {
  // tests/schema.py
  const TTest = declareTTest(schema);

  @schema.table
  class TTest2 extends dj.Manual {
    static definition = `
    key   :   int32     # key
    ---
    value   :   int32     # value
    `;
  }

  @schema.table
  class TTestExtra extends dj.Manual {
    static definition = `
    key   :   int32     # key
    ---
    value   :   int32     # value
    extra : int32 # extra int
    `;
  }

  @schema.table
  class TTestNoExtra extends dj.Manual {
    static definition = `
    key   :   int32     # key
    ---
    value   :   int32     # value
    `;
  }

  @schema.table
  class Rich extends dj.Manual {
    static definition = RICH;
  }

  @schema.table
  class RichCopy extends dj.Manual {
    static definition = RICH;
  }

  @schema.table
  class Child extends dj.Manual {
    static definition = `
    -> TTest
    ---
    value : int32
    `;
  }

  @schema.table
  class Derived extends dj.Computed {
    static definition = `
    -> TTest
    ---
    value : int32
    `;
  }
  return { TTest, TTest2, TTestExtra, TTestNoExtra, Rich, RichCopy, Child, Derived };
}

describeBackends('insert from a query on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'insert_select' });
  let t: ReturnType<typeof define>;
  /** `key` is reserved on MySQL: quoted for SQL restrictions. */
  let key: string;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    key = db.instance.connection.adapter.quoteIdentifier('key');
  });

  beforeEach(async () => {
    await t.Child.deleteQuick();
    await t.Derived.deleteQuick();
    await t.TTest2.deleteQuick();
    await t.TTestExtra.deleteQuick();
    await t.TTestNoExtra.deleteQuick();
    await t.Rich.deleteQuick();
    await t.RichCopy.deleteQuick();
    await t.TTest.restrict(`${key} >= 10`).deleteQuick();
  });

  it('copies every row of a table (test_insert_select)', async () => {
    await t.TTest2.insert(t.TTest);
    expect(await t.TTest2.count()).toBe(await t.TTest.count());
    expect(await t.TTest2.toDicts({ orderBy: 'KEY' })).toEqual(await t.TTest.toDicts({ orderBy: 'KEY' }));
  });

  it('copies the rows of a restriction', async () => {
    await t.TTest2.insert(t.TTest.restrict(`${key} < 4`));
    expect((await t.TTest2.toDicts({ orderBy: 'KEY' })).map((r) => r.key)).toEqual([0, 1, 2, 3]);
    await t.TTest2.insert(t.TTest.restrict({ key: 7 }));
    expect(await t.TTest2.count()).toBe(5);
  });

  it('copies nothing from an empty query', async () => {
    await t.TTest2.insert(t.TTest.restrict(`${key} < 0`));
    expect(await t.TTest2.count()).toBe(0);
  });

  it('needs ignoreExtraFields for a source with extra attributes (test_insert_select_ignore_extra_fields0)', async () => {
    await t.TTestExtra.insert1([10, 0, 0]);
    const error = await t.TTest.insert(t.TTestExtra).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.DataJointError);
    expect((error as Error).message).toContain('Attribute extra not found');
    expect(await t.TTest.restrict({ key: 10 }).count()).toBe(0);
  });

  it('drops extra attributes of the source with ignoreExtraFields (test_insert_select_ignore_extra_fields1)', async () => {
    await t.TTestExtra.insert1([10, 0, 0]);
    await t.TTest.insert(t.TTestExtra, { ignoreExtraFields: true });
    expect(await t.TTest.restrict({ key: 10 }).fetch1()).toEqual({ key: 10, value: 0 });
  });

  it('accepts ignoreExtraFields when there are none (test_insert_select_ignore_extra_fields2)', async () => {
    await t.TTestNoExtra.insert(t.TTest, { ignoreExtraFields: true });
    expect(await t.TTestNoExtra.count()).toBe(10);
  });

  it('inserts from a restricted query with extra attributes (test_insert_select_ignore_extra_fields3)', async () => {
    await t.TTestExtra.insert([[10, 1, 5], [11, 2, 6]]);
    await t.TTest.insert(t.TTestExtra, { ignoreExtraFields: true });
    await t.TTestNoExtra.insert(t.TTestExtra.restrict(`${key} = 11`), { ignoreExtraFields: true });
    expect(await t.TTestNoExtra.fetch1()).toEqual({ key: 11, value: 2 });
  });

  it('skips duplicates from the same source twice (test_skip_duplicates)', async () => {
    await t.TTestNoExtra.insert(t.TTest, { ignoreExtraFields: true, skipDuplicates: true });
    await t.TTestNoExtra.insert(t.TTest, { ignoreExtraFields: true, skipDuplicates: true });
    expect(await t.TTestNoExtra.count()).toBe(10);
  });

  it('refuses duplicates from a query without skipDuplicates', async () => {
    await t.TTest2.insert1({ key: 5, value: 0 });
    const error = await t.TTest2.insert(t.TTest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.DuplicateError);
    expect((error as Error).message).toContain('skipDuplicates');
    expect(await t.TTest2.count()).toBe(1);
  });

  it('replaces existing rows from a query', async () => {
    await t.TTest2.insert([{ key: 1, value: -1 }, { key: 20, value: -20 }]);
    await t.TTest2.insert(t.TTest.restrict(`${key} < 3`), { replace: true });
    expect(await t.TTest2.toDicts({ orderBy: 'KEY' })).toEqual([
      { key: 0, value: 0 },
      { key: 1, value: 2 },
      { key: 2, value: 4 },
      { key: 20, value: -20 },
    ]);
  });

  it('skips the rows of a table inserted into itself', async () => {
    await t.TTest.insert(t.TTest, { skipDuplicates: true });
    expect(await t.TTest.count()).toBe(10);
  });

  it('refuses a query that leaves a required attribute without a value', async () => {
    await expect(t.TTestExtra.insert(t.TTest)).rejects.toThrow(dj.MissingAttributeError);
    expect(await t.TTestExtra.count()).toBe(0);
  });

  it('refuses chunkSize for a query source', async () => {
    await expect(t.TTest2.insert(t.TTest, { chunkSize: 10 })).rejects.toThrow(/chunkSize is not supported/);
    await expect(t.TTest2.insert(t.TTest.restrict(`${key} > 2`), { chunkSize: 1 })).rejects.toThrow(dj.DataJointError);
    expect(await t.TTest2.count()).toBe(0);
  });

  it('inserts all rows of a query or none (foreign keys)', async () => {
    await t.TTest2.insert([{ key: 1, value: 1 }, { key: 2, value: 2 }, { key: 99, value: 3 }]);
    await expect(t.Child.insert(t.TTest2)).rejects.toThrow(dj.IntegrityError);
    expect(await t.Child.count()).toBe(0);
    await t.Child.insert(t.TTest2.restrict(`${key} < 50`));
    expect(await t.Child.count()).toBe(2);
  });

  it('refuses a query insert into a Computed table unless allowed', async () => {
    await expect(t.Derived.insert(t.TTest)).rejects.toThrow(/allowDirectInsert/);
    await t.Derived.insert(t.TTest, { allowDirectInsert: true });
    expect(await t.Derived.count()).toBe(10);
  });

  it('copies values of every kind exactly', async () => {
    const rows = [
      {
        id: 1,
        uid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        day: new Date(Date.UTC(2020, 1, 29)),
        moment: new Date(Date.UTC(2020, 1, 29, 12, 0, 0, 125)),
        amount: '-123456.78',
        doc: { a: [1, { b: null }] },
        data: dj.NDArray.fromNested([[1, 2], [3, 4]], 'float64'),
      },
    ];
    await t.Rich.insert(rows);
    await t.RichCopy.insert(t.Rich);
    expect(await t.RichCopy.toDicts()).toEqual(await t.Rich.toDicts());
    expect(await t.RichCopy.restrict({ uid: rows[0]!.uid }).fetch1('amount')).toBe('-123456.78');
  });
});
