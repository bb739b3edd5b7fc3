/**
 * `T.update1(row)` (datajoint-python `Table.update1`): the primary key names exactly one
 * existing row; only secondary attributes change, in one UPDATE; values are encoded as on
 * insert (codecs included); `null` sets the default (NULL when nullable). Refusals come in
 * Python's order, with its messages, before anything is written.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { recordQueries } from './helpers/record-queries';

function define(schema: dj.Schema) {
  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : int32
    ---
    name : varchar(40)
    weight = null : float64
    count = 7 : int32
    uid = null : uuid
    doc = null : json
    data = null : <blob>
    stamp = CURRENT_TIMESTAMP : datetime
    `;
  }

  @schema.table
  class Keyed extends dj.Manual {
    static definition = `
    key_uid : uuid
    day : date
    ---
    note = '' : varchar(40)
    `;
  }

  @schema.table
  class Total extends dj.Computed {
    static definition = `
    -> Subject
    ---
    total : int32
    `;

    async make(key: dj.Row): Promise<void> {
      await this.insert1({ ...key, total: 1 });
    }
  }

  @schema.table
  class Settings extends dj.Manual {
    static definition = `
    ---
    mode = 'auto' : varchar(10)
    `;
  }
  return { Subject, Keyed, Total, Settings };
}

describeBackends('update1 on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'update1' });
  let t: ReturnType<typeof define>;
  let sent: string[] = [];

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    recordQueries(db.instance.connection, (sql) => sent.push(sql));
  });

  beforeEach(async () => {
    await t.Total.deleteQuick();
    await t.Subject.deleteQuick();
    await t.Keyed.deleteQuick();
    await t.Settings.deleteQuick();
    await t.Subject.insert([
      { subject_id: 1, name: 'ann', weight: 20.5, count: 3, doc: { a: 1 } },
      { subject_id: 2, name: 'bob', weight: 30, count: 4, doc: null },
    ]);
    sent = [];
  });

  const writes = () => sent.filter((sql) => /^\s*(UPDATE|INSERT|DELETE|REPLACE)\b/i.test(sql));

  async function refused(run: () => Promise<unknown>, message: string | RegExp) {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(dj.DataJointError);
    if (typeof message === 'string') expect((error as Error).message).toContain(message);
    else expect((error as Error).message).toMatch(message);
    expect(writes()).toEqual([]);
  }

  it('changes the given secondary attributes of the one row in one UPDATE', async () => {
    await t.Subject.update1({ subject_id: 1, name: 'anne', count: 9 });
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatch(/^UPDATE /);
    const rows = await t.Subject.proj('name', 'weight', 'count').toDicts({ orderBy: 'KEY' });
    expect(rows).toEqual([
      { subject_id: 1, name: 'anne', weight: 20.5, count: 9 },
      { subject_id: 2, name: 'bob', weight: 30, count: 4 },
    ]);
  });

  it('sets the default for null: NULL when nullable, the declared default otherwise', async () => {
    await t.Subject.update1({ subject_id: 1, weight: null, count: null, doc: null });
    expect(await t.Subject.restrict({ subject_id: 1 }).proj('weight', 'count', 'doc').fetch1()).toEqual({
      subject_id: 1,
      weight: null,
      count: 7,
      doc: null,
    });
  });

  it('sets a CURRENT_TIMESTAMP default to the time of the update for null (test_update1)', async () => {
    await t.Subject.update1({ subject_id: 1, stamp: '2020-01-01 10:00:00' });
    expect(await t.Subject.restrict({ subject_id: 1 }).fetch1('stamp')).toEqual(new Date('2020-01-01T10:00:00Z'));
    await t.Subject.update1({ subject_id: 1, stamp: null });
    const stamp = (await t.Subject.restrict({ subject_id: 1 }).fetch1('stamp')) as Date;
    expect(stamp.getTime()).toBeGreaterThan(new Date('2024-01-01T00:00:00Z').getTime());
  });

  it('encodes values as insert does: codecs, json, uuid', async () => {
    const uid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const data = { matrix: [1, 2, 3], label: 'x' };
    await t.Subject.update1({ subject_id: 2, uid, doc: { nested: [true, null] }, data });
    const row = await t.Subject.restrict({ subject_id: 2 }).fetch1();
    expect(row.uid).toBe(uid);
    expect(row.doc).toEqual({ nested: [true, null] });
    expect(row.data).toEqual(data);
  });

  it('finds the row by a key of uuid and date values, as restrictions do', async () => {
    const key = { key_uid: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', day: '2024-02-29' };
    await t.Keyed.insert([key, { key_uid: '1b4e28ba-2fa1-11d2-883f-0016d3cca428', day: '2024-02-29' }]);
    await t.Keyed.update1({ ...key, note: 'leap' });
    expect(await t.Keyed.restrict({ note: 'leap' }).keys()).toHaveLength(1);
    expect((await t.Keyed.restrict({ note: 'leap' }).fetch1('key_uid')) as string).toBe(key.key_uid);
  });

  it('stores hostile text as text', async () => {
    const text = `x'); DROP TABLE t; --"\``;
    await t.Subject.update1({ subject_id: 1, name: text });
    expect(await t.Subject.restrict({ subject_id: 1 }).fetch1('name')).toBe(text);
    expect(await t.Subject.count()).toBe(2);
  });

  it('refuses what is not an object', async () => {
    await refused(() => t.Subject.update1([1, 'a'] as unknown as dj.Row), 'The argument of update1 must be an object');
    await refused(() => t.Subject.update1(null as unknown as dj.Row), 'The argument of update1 must be an object');
  });

  it('refuses a row without all primary-key values', async () => {
    await refused(() => t.Subject.update1({ name: 'x' }), 'The argument of update1 must supply all primary key values.');
    await refused(() => t.Keyed.update1({ key_uid: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', note: 'x' }), 'must supply all primary key values');
  });

  it('refuses an unknown or hidden attribute, naming it', async () => {
    await refused(() => t.Subject.update1({ subject_id: 1, bogus: 1 }), 'Attribute `bogus` not found.');
    await refused(() => t.Subject.update1({ subject_id: 1, 'name`=1 --': 'x' }), 'Attribute `name`=1 --` not found.');
    await refused(() => t.Settings.update1({ _singleton: false, mode: 'x' }), 'Attribute `_singleton` not found.');
  });

  it('refuses a restricted table', async () => {
    await refused(() => t.Subject.restrict({ subject_id: 1 }).update1({ subject_id: 1, name: 'x' }), 'Update cannot be applied to a restricted table.');
  });

  it('refuses a key that names no existing row', async () => {
    await refused(() => t.Subject.update1({ subject_id: 3, name: 'x' }), 'Update can only be applied to one existing entry.');
    await refused(() => t.Subject.update1({ subject_id: null, name: 'x' }), 'Update can only be applied to one existing entry.');
  });

  it('refuses a row with nothing to change besides the key', async () => {
    await refused(() => t.Subject.update1({ subject_id: 1 }), /sets no secondary attribute.*\(subject_id\)/);
  });

  it('refuses a value that does not fit its type, naming the attribute, and changes nothing', async () => {
    await refused(() => t.Subject.update1({ subject_id: 1, count: 'many' }), /`count`/);
    await refused(() => t.Subject.update1({ subject_id: 1, name: 'x'.repeat(41) }), /`name`/);
    await refused(() => t.Subject.update1({ subject_id: 1, data: () => 1 }), /`data`/);
    expect(await t.Subject.restrict({ subject_id: 1 }).fetch1('count')).toBe(3);
  });

  it('updates a Computed table outside make(), as datajoint-python allows', async () => {
    await t.Total.populate();
    await t.Total.update1({ subject_id: 1, total: 42 });
    expect(await t.Total.restrict({ subject_id: 1 }).fetch1('total')).toBe(42);
  });

  it('updates the one row of a singleton table by an empty key', async () => {
    await t.Settings.insert1({});
    await t.Settings.update1({ mode: 'manual' });
    expect(await t.Settings.fetch1('mode')).toBe('manual');
  });
});
