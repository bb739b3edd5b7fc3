/**
 * Apache Arrow (datajoint-python `to_arrow()` and Arrow inserts): `q.toArrow()` gives one
 * typed column per attribute, 64-bit integers as exact bigints and date-times in exact
 * microseconds; `T.insert(arrowTable)` and `T.validate(arrowTable)` take Arrow tables, so
 * a table copies into another through Arrow unchanged.
 */
import * as arrow from 'apache-arrow';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

const DEFINITION = `
item_id : int32
---
small = null : int8
tiny_unsigned = null : uint8
big = null : int64
huge = null : uint64
ratio = null : float32
value = null : float64
price = null : decimal(10,3)
flag = null : bool
label = null : varchar(20)
day = null : date
moment = null : datetime(6)
uid = null : uuid
doc = null : json
raw = null : bytes
`;

function define(schema: dj.Schema) {
  @schema.table
  class Item extends dj.Manual {
    static definition = DEFINITION;
  }

  @schema.table
  class ItemCopy extends dj.Manual {
    static definition = DEFINITION;
  }

  @schema.table
  class WithBlob extends dj.Manual {
    static definition = `
    blob_id : int32
    ---
    data : <blob>
    `;
  }
  return { Item, ItemCopy, WithBlob };
}

describeBackends('Arrow on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'arrow' });
  let t: ReturnType<typeof define>;
  const moment = dj.PreciseDate.fromString('2024-03-04 05:06:07.123456');

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Item.insert([
      {
        item_id: 1,
        small: -5,
        tiny_unsigned: 200,
        big: 2n ** 62n + 1n,
        huge: 2n ** 64n - 1n,
        ratio: 0.5,
        value: 1.25,
        price: '12.345',
        flag: true,
        label: 'first',
        day: new Date('2024-02-29T00:00:00Z'),
        moment,
        uid: '0f8fad5b-d9cb-469f-a165-70867728950e',
        doc: { a: [1, 2], b: 'x' },
        raw: Buffer.from([0, 1, 255]),
      },
      { item_id: 2, small: null, tiny_unsigned: null, big: null, huge: null, ratio: null, value: null, price: null, flag: null, label: null, day: null, moment: null, uid: null, doc: null, raw: null },
    ]);
    await t.WithBlob.insert1({ blob_id: 1, data: [1, 2, 3] });
  });

  it('gives one typed column per attribute, 64-bit integers exact', async () => {
    const table = await t.Item.toArrow({ orderBy: 'KEY' });
    expect(table.numRows).toBe(2);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      item_id: 'Int32',
      small: 'Int8',
      tiny_unsigned: 'Uint8',
      big: 'Int64',
      huge: 'Uint64',
      ratio: 'Float32',
      value: 'Float64',
      price: 'Utf8',
      flag: 'Bool',
      label: 'Utf8',
      day: 'Date32<DAY>',
      moment: 'Timestamp<MICROSECOND, UTC>',
      uid: 'Utf8',
      doc: 'Utf8',
      raw: 'Binary',
    });
    const first = table.get(0)!.toJSON();
    expect(first.big).toBe(2n ** 62n + 1n);
    expect(first.huge).toBe(2n ** 64n - 1n);
    expect(first.price).toBe('12.345');
    expect(first.day).toBe(Date.UTC(2024, 1, 29));
    const micros = (table.getChild('moment')!.data[0]!.values as BigInt64Array)[0];
    expect(micros).toBe(BigInt(moment.getTime()) * 1000n + 456n);
    expect(JSON.parse(first.doc as string)).toEqual({ a: [1, 2], b: 'x' });
    expect(Buffer.from(first.raw as Uint8Array)).toEqual(Buffer.from([0, 1, 255]));
    expect(Object.values(table.get(1)!.toJSON()).filter((v) => v !== null)).toEqual([2]);
  });

  it('refuses codec attributes before fetching, and takes the rest through proj()', async () => {
    await expect(t.WithBlob.toArrow()).rejects.toThrow(/`data` \(<blob>\).*proj\(\)/);
    const table = await t.WithBlob.proj().toArrow();
    expect(table.getChild('blob_id')!.toArray()).toEqual(new Int32Array([1]));
  });

  it('inserts an Arrow table: a copy through Arrow equals the original', async () => {
    await t.ItemCopy.deleteQuick();
    await t.ItemCopy.insert(await t.Item.toArrow());
    expect(await t.ItemCopy.toDicts({ orderBy: 'KEY' })).toEqual(await t.Item.toDicts({ orderBy: 'KEY' }));
  });

  it('inserts and validates Arrow tables built by hand', async () => {
    await t.ItemCopy.deleteQuick();
    const table = new arrow.Table({
      item_id: arrow.vectorFromArray([10, 11], new arrow.Int32()),
      big: arrow.vectorFromArray([2n ** 63n - 1n, -(2n ** 63n)], new arrow.Int64()),
      day: arrow.vectorFromArray([new Date('2020-01-01T00:00:00Z'), null], new arrow.DateDay()),
      moment: arrow.vectorFromArray([new Date('2020-01-01T10:00:00.250Z'), null], new arrow.TimestampMillisecond()),
    });
    expect((await t.ItemCopy.validate(table)).isValid).toBe(true);
    await t.ItemCopy.insert(table);
    expect(await t.ItemCopy.proj('big', 'day', 'moment').toDicts({ orderBy: 'KEY' })).toEqual([
      { item_id: 10, big: 2n ** 63n - 1n, day: new Date('2020-01-01T00:00:00Z'), moment: new Date('2020-01-01T10:00:00.250Z') },
      { item_id: 11, big: -(2n ** 63n), day: null, moment: null },
    ]);
    const bad = new arrow.Table({ item_id: arrow.vectorFromArray([12], new arrow.Int32()), small: arrow.vectorFromArray([1000], new arrow.Int32()), extra: arrow.vectorFromArray(['x'], new arrow.Utf8()) });
    const result = await t.ItemCopy.validate(bad);
    expect(result.errors.map((e) => e.attribute)).toEqual(['extra', 'small']);
  });
});
