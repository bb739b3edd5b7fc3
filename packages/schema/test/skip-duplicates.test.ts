/**
 * skipDuplicates with secondary unique indexes, from datajoint-python's
 * `test_skip_duplicates.py` (#1049): rows whose primary key exists are skipped on every
 * backend. A new primary key that conflicts with a secondary unique index still raises
 * DuplicateError on PostgreSQL (`ON CONFLICT (pk) DO NOTHING`), while MySQL's
 * `ON DUPLICATE KEY UPDATE` skips conflicts on any unique key (a documented asymmetry).
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Item extends dj.Manual {
    static definition = `
    item_id : int32
    ---
    name : varchar(100)
    email : varchar(100)
    unique index (email)
    `;
  }

  @schema.table
  class Simple extends dj.Manual {
    static definition = `
    item_id : int32
    ---
    name : varchar(100)
    `;
  }

  @schema.table
  class Record extends dj.Manual {
    static definition = `
    record_id : int32
    ---
    first_name : varchar(100)
    last_name : varchar(100)
    data : varchar(255)
    unique index (first_name, last_name)
    `;
  }

  @schema.table
  class Mail extends dj.Manual {
    static definition = `
    item_id : int32
    ---
    email : varchar(100)
    unique index (email)
    `;
  }
  return { Item, Simple, Record, Mail };
}

describeBackends('skipDuplicates on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'skipdup' });
  let t: ReturnType<typeof define>;
  const postgres = backend.name !== 'mysql';

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  beforeEach(async () => {
    await t.Item.deleteQuick();
    await t.Simple.deleteQuick();
    await t.Record.deleteQuick();
    await t.Mail.deleteQuick();
  });

  it('skips a row whose primary key exists (test_skip_duplicates_pk_match)', async () => {
    await t.Item.insert1({ item_id: 1, name: 'Alice', email: 'alice@example.com' });
    await t.Item.insert1({ item_id: 1, name: 'Bob', email: 'bob@example.com' }, { skipDuplicates: true });
    const row = (await t.Item.restrict('item_id=1').fetch1()) as dj.Row;
    expect(row.name).toBe('Alice');
    expect(row.email).toBe('alice@example.com');
  });

  it('handles a new primary key with a conflicting unique value per backend (#1049)', async () => {
    await t.Item.insert1({ item_id: 1, name: 'Alice', email: 'alice@example.com' });
    const attempt = t.Item.insert1({ item_id: 2, name: 'Bob', email: 'alice@example.com' }, { skipDuplicates: true });
    if (postgres) {
      // test_skip_duplicates_unique_violation_raises_on_postgres
      await expect(attempt).rejects.toThrow(dj.DuplicateError);
    } else {
      // test_skip_duplicates_unique_on_mysql
      await attempt;
    }
    expect(await t.Item.count()).toBe(1);
    expect(await t.Item.restrict('item_id=1').fetch1('name')).toBe('Alice');
  });

  it('skips duplicates on a table without unique indexes (test_skip_duplicates_no_unique_index)', async () => {
    await t.Simple.insert1({ item_id: 1, name: 'Alice' });
    await t.Simple.insert1({ item_id: 1, name: 'Bob' }, { skipDuplicates: true });
    expect(await t.Simple.restrict('item_id=1').fetch1('name')).toBe('Alice');
    await t.Simple.insert1({ item_id: 2, name: 'Bob' }, { skipDuplicates: true });
    expect(await t.Simple.count()).toBe(2);
  });

  it('handles a conflict on a composite unique index per backend (test_skip_duplicates_composite_unique)', async () => {
    await t.Record.insert1({ record_id: 1, first_name: 'Alice', last_name: 'Smith', data: 'v1' });
    const attempt = t.Record.insert1(
      { record_id: 2, first_name: 'Alice', last_name: 'Smith', data: 'v2' },
      { skipDuplicates: true },
    );
    if (postgres) await expect(attempt).rejects.toThrow(dj.DuplicateError);
    else await attempt;
    expect(await t.Record.toDicts()).toEqual([{ record_id: 1, first_name: 'Alice', last_name: 'Smith', data: 'v1' }]);
  });

  it('handles a batch mixing new rows, key duplicates and unique conflicts (test_skip_duplicates_batch_mixed)', async () => {
    await t.Mail.insert1({ item_id: 1, email: 'alice@example.com' });
    const attempt = t.Mail.insert(
      [
        { item_id: 2, email: 'bob@example.com' },
        { item_id: 1, email: 'duplicate-pk@example.com' }, // key duplicate: skipped
        { item_id: 3, email: 'alice@example.com' }, // unique conflict
      ],
      { skipDuplicates: true },
    );
    if (postgres) {
      await expect(attempt).rejects.toThrow(dj.DuplicateError);
      // The batch is one statement: the new row 2 is not inserted either.
      expect(await t.Mail.toDicts({ orderBy: 'KEY' })).toEqual([{ item_id: 1, email: 'alice@example.com' }]);
    } else {
      await attempt;
      expect(await t.Mail.toDicts({ orderBy: 'KEY' })).toEqual([
        { item_id: 1, email: 'alice@example.com' },
        { item_id: 2, email: 'bob@example.com' },
      ]);
    }
  });

  it('still refuses a unique conflict without skipDuplicates', async () => {
    await t.Item.insert1({ item_id: 1, name: 'Alice', email: 'alice@example.com' });
    await expect(t.Item.insert1({ item_id: 2, name: 'Bob', email: 'alice@example.com' })).rejects.toThrow(dj.DuplicateError);
    expect(await t.Item.count()).toBe(1);
  });

  it('skips key duplicates within the inserted rows and against the table', async () => {
    await t.Simple.insert([{ item_id: 1, name: 'old' }]);
    await t.Simple.insert(
      [
        { item_id: 1, name: 'ignored' },
        { item_id: 2, name: 'first' },
        { item_id: 2, name: 'second' },
        { item_id: 3, name: 'new' },
      ],
      { skipDuplicates: true },
    );
    expect(await t.Simple.toDicts({ orderBy: 'KEY' })).toEqual([
      { item_id: 1, name: 'old' },
      { item_id: 2, name: 'first' },
      { item_id: 3, name: 'new' },
    ]);
  });
});
