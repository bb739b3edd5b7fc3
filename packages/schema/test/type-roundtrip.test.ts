/**
 * Every core type goes in and comes back as the same JavaScript value on every backend:
 * integers at their limits (bigint for int64/uint64), floats, decimals as text, booleans,
 * char(n) without padding, strings, enums, dates and datetimes as UTC Dates, canonical
 * lower-case uuids, parsed JSON, Buffers, and `<blob>` values. Also the type-alias checks of
 * datajoint-python's `test_type_aliases.py` and NaN handling of `test_nan.py`.
 */
import * as dj from 'datajoint';
import { describeBackends, testBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class AllTypes extends dj.Manual {
    static definition = `
    # one column per core type
    id : int32
    ---
    i8 = null : int8
    i16 = null : int16
    i32 = null : int32
    i64 = null : int64
    u8 = null : uint8
    u16 = null : uint16
    u32 = null : uint32
    u64 = null : uint64
    f32 = null : float32
    f64 = null : float64
    dec = null : decimal(10,3)
    flag = null : bool
    code = null : char(5)
    label = null : varchar(40)
    color = null : enum('red', 'green', 'blue')
    day = null : date
    moment = null : datetime
    precise = null : datetime(3)
    uid = null : uuid
    doc = null : json
    raw = null : bytes
    data = null : <blob>
    `;
  }

  // tests/schema_type_aliases.py
  @schema.table
  class TypeAliasTable extends dj.Manual {
    static definition = `
    # Table with all numeric type aliases
    id : int32
    ---
    val_float32 : float32     # 32-bit float
    val_float64 : float64     # 64-bit float
    val_int64 : int64         # 64-bit signed integer
    val_int32 : int32         # 32-bit signed integer
    val_int16 : int16         # 16-bit signed integer
    val_int8 : int8           # 8-bit signed integer
    val_bool : bool           # boolean value
    `;
  }

  @schema.table
  class TypeAliasPrimaryKey extends dj.Manual {
    static definition = `
    # Table with type alias in primary key
    pk_int32 : int32
    pk_int16 : int16
    ---
    value : varchar(100)
    `;
  }

  @schema.table
  class TypeAliasNullable extends dj.Manual {
    static definition = `
    # Table with nullable type alias columns
    id : int32
    ---
    nullable_float32 = null : float32
    nullable_int64 = null : int64
    `;
  }

  // test_nan.py
  @schema.table
  class NanTest extends dj.Manual {
    static definition = `
    id : int32
    ---
    value = null : float64
    `;
  }
  // issue 9, finding 4: every fractional precision a datetime declares
  @schema.table
  class Precise extends dj.Manual {
    static definition = `
    id : int32
    ---
    t0 = null : datetime
    t1 = null : datetime(1)
    t2 = null : datetime(2)
    t3 = null : datetime(3)
    t4 = null : datetime(4)
    t5 = null : datetime(5)
    t6 = null : datetime(6)
    ts6 = null : timestamp(6)
    tm = null : time
    tm6 = null : time(6)
    f32 = null : float32
    f64 = null : float64
    `;
  }
  return { AllTypes, TypeAliasTable, TypeAliasPrimaryKey, TypeAliasNullable, NanTest, Precise };
}

const UTC = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s, ms));

/** Rows at the lower and upper limits of every type. */
const MIN_ROW = {
  id: 1,
  i8: -128,
  i16: -32768,
  i32: -2147483648,
  i64: -(2n ** 63n),
  u8: 0,
  u16: 0,
  u32: 0,
  u64: 0n,
  f32: -1.5,
  f64: -1.7976931348623157e308,
  dec: '-9999999.999',
  flag: false,
  code: 'a',
  label: '',
  color: 'red',
  day: UTC(1000, 1, 1),
  moment: UTC(1970, 1, 1),
  precise: UTC(2000, 1, 1, 0, 0, 0, 1),
  uid: '00000000-0000-0000-0000-000000000000',
  doc: { name: 'x', nested: { list: [1, 2.5, 'three', null, true], empty: {} } },
  raw: Buffer.alloc(0),
  data: dj.NDArray.fromNested([[1, 2], [3, 4]], 'float64'),
};

const MAX_ROW = {
  id: 2,
  i8: 127,
  i16: 32767,
  i32: 2147483647,
  i64: 2n ** 63n - 1n,
  u8: 255,
  u16: 65535,
  u32: 4294967295,
  u64: 2n ** 64n - 1n,
  f32: 0.25,
  f64: 2.718281828459045,
  dec: '9999999.999',
  flag: true,
  code: 'abcde',
  label: `it's a "quote" \\ ünïcödé ✓`,
  color: 'blue',
  day: UTC(9999, 12, 31),
  moment: UTC(2024, 2, 29, 23, 59, 59),
  precise: UTC(2024, 2, 29, 23, 59, 59, 999),
  uid: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  doc: [1, 'two', { three: [3] }],
  raw: Buffer.from([0, 1, 2, 127, 128, 254, 255]),
  data: 'a string in a blob',
};

/** Inputs given in other spellings, and what they read back as. */
const CONVERTED_INPUT = {
  id: 3,
  i8: '-7',
  i16: 12,
  i32: 1_000_000,
  i64: 42,
  u8: '200',
  u16: 40000,
  u32: 3_000_000_000,
  u64: '18446744073709551614',
  f32: '2.5',
  f64: '-0.125',
  dec: 1.5,
  flag: 1,
  code: 'xy',
  label: 'plain',
  color: 'green',
  day: '2021-06-15',
  moment: '2021-06-15T12:30:45Z',
  precise: '2021-06-15 12:30:45.250',
  uid: '{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}',
  doc: 'just a string',
  raw: new Uint8Array([9, 8, 7]),
  data: { a: 1, b: [1, 2, 3], c: 'text' },
};

const CONVERTED_OUTPUT = {
  id: 3,
  i8: -7,
  i16: 12,
  i32: 1_000_000,
  i64: 42n,
  u8: 200,
  u16: 40000,
  u32: 3_000_000_000,
  u64: 18446744073709551614n,
  f32: 2.5,
  f64: -0.125,
  dec: '1.500',
  flag: true,
  code: 'xy',
  label: 'plain',
  color: 'green',
  day: UTC(2021, 6, 15),
  moment: UTC(2021, 6, 15, 12, 30, 45),
  precise: UTC(2021, 6, 15, 12, 30, 45, 250),
  uid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  doc: 'just a string',
  raw: Buffer.from([9, 8, 7]),
  data: { a: 1, b: [1, 2, 3], c: 'text' },
};

/** What a blob reads back as: what `unpack(pack(value))` gives. */
function blobBack(value: unknown): unknown {
  return dj.unpack(dj.pack(value));
}

/** Fetched rows of each backend, compared at the end. */
const fetchedByBackend = new Map<string, dj.Row[]>();

/** A stable text form of fetched values (bigint, Date, Buffer and typed values included). */
function stableText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Map) return { map: [...v.entries()] };
    return v;
  });
}

describeBackends('core type round trip on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'roundtrip' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  beforeEach(async () => {
    await t.AllTypes.deleteQuick();
  });

  it('records every core type as written', () => {
    const heading = t.AllTypes.heading;
    expect(heading.get('u64').type).toBe('uint64');
    expect(heading.get('dec').type).toBe('decimal(10,3)');
    expect(heading.get('precise').type).toBe('datetime(3)');
    expect(heading.get('color').enumValues).toEqual(['red', 'green', 'blue']);
    expect(heading.get('data').codec).toBe('<blob>');
    expect(heading.names).toHaveLength(23);
  });

  it('gives back every value at the limits of its type', async () => {
    await t.AllTypes.insert([MIN_ROW, MAX_ROW]);
    const rows = await t.AllTypes.toDicts({ orderBy: 'KEY' });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toStrictEqual({ ...MIN_ROW, data: blobBack(MIN_ROW.data) });
    expect(rows[1]).toStrictEqual({ ...MAX_ROW, data: blobBack(MAX_ROW.data) });
    expect(typeof rows[0]!.i64).toBe('bigint');
    expect(typeof rows[1]!.u64).toBe('bigint');
    expect(Buffer.isBuffer(rows[1]!.raw)).toBe(true);
    expect((rows[0]!.data as dj.NDArray).shape).toEqual([2, 2]);
    expect((rows[0]!.data as dj.NDArray).toNested()).toEqual([[1, 2], [3, 4]]);
    expect(rows[1]!.data).toBe('a string in a blob');
    fetchedByBackend.set(backend.name, rows);
  });

  it('converts other spellings of a value to the value of its type', async () => {
    await t.AllTypes.insert1(CONVERTED_INPUT);
    expect(await t.AllTypes.fetch1()).toStrictEqual(CONVERTED_OUTPUT);
  });

  it('reads back nulls as null for every type', async () => {
    await t.AllTypes.insert1({ id: 4 });
    const row = (await t.AllTypes.fetch1()) as dj.Row;
    expect(Object.keys(row)).toHaveLength(23);
    for (const [name, value] of Object.entries(row)) {
      if (name !== 'id') expect([name, value]).toEqual([name, null]);
    }
  });

  it('keeps JSON of several shapes', async () => {
    const docs: unknown[] = [
      { a: 1 },
      [],
      [[1, 2], [3]],
      'text with "quotes" and \\ and ✓',
      12.5,
      -3,
      true,
      false,
      { deep: { deeper: { deepest: [{ k: 'v' }] } } },
      { nothing: null },
    ];
    await t.AllTypes.insert(docs.map((doc, i) => ({ id: 10 + i, doc })));
    const back = await t.AllTypes.toDicts({ orderBy: 'id' });
    expect(back.map((r) => r.doc)).toEqual(docs);
  });

  it('keeps several blob values', async () => {
    const blobs: unknown[] = [
      dj.NDArray.fromNested([[1, 2, 3], [4, 5, 6]], 'int32'),
      [1, 'two', 3.5],
      new dj.BlobTuple([1, 2]),
      42,
      2.5,
      true,
      { nested: { x: [1, 2] } },
      // test_relation.py test_blob_insert: a 20×10 random matrix
      dj.NDArray.fromNested(Array.from({ length: 20 }, () => Array.from({ length: 10 }, () => Math.random() - 0.5)), 'float64'),
    ];
    await t.AllTypes.insert(blobs.map((data, i) => ({ id: 30 + i, data })));
    const back = await t.AllTypes.toDicts({ orderBy: 'id' });
    expect(back.map((r) => r.data)).toStrictEqual(blobs.map(blobBack));
  });

  it('keeps datetimes in UTC whatever offset they were given with', async () => {
    await t.AllTypes.insert([
      { id: 50, moment: '2020-01-01T10:00:00+02:00' },
      { id: 51, moment: new Date('2020-01-01T08:00:00Z') },
      { id: 52, moment: '2020-01-01 08:00:00' },
    ]);
    const back = await t.AllTypes.toDicts({ orderBy: 'id' });
    expect(back.map((r) => (r.moment as Date).toISOString())).toEqual([
      '2020-01-01T08:00:00.000Z',
      '2020-01-01T08:00:00.000Z',
      '2020-01-01T08:00:00.000Z',
    ]);
  });

  it('stores datetimes at their declared precision on every backend', async () => {
    await t.AllTypes.insert1({ id: 60, moment: UTC(2020, 5, 5, 10, 20, 30, 400), precise: UTC(2020, 5, 5, 10, 20, 30, 400) });
    const row = (await t.AllTypes.fetch1()) as dj.Row;
    expect(row.moment).toEqual(UTC(2020, 5, 5, 10, 20, 30));
    expect(row.precise).toEqual(UTC(2020, 5, 5, 10, 20, 30, 400));
  });

  it('reads float32 values back as the same single-precision numbers', async () => {
    const values = [3.14, 0.1, 1e38, 3.4028234663852886e38, 3.4028235e38, 1.17549435e-38, 16777217, 123456.789, -7.000001];
    await t.AllTypes.insert(values.map((f32, i) => ({ id: 70 + i, f32 })));
    const back = (await t.AllTypes.toDicts({ orderBy: 'id' })).map((r) => r.f32 as number);
    expect(back.map((v) => Math.fround(v))).toEqual(values.map((v) => Math.fround(v)));
  });

  it('restricts by values of every kind', async () => {
    await t.AllTypes.insert([MIN_ROW, MAX_ROW]);
    for (const name of ['i64', 'u64', 'dec', 'flag', 'code', 'color', 'day', 'moment', 'precise', 'uid'] as const) {
      expect([name, await t.AllTypes.restrict({ [name]: MAX_ROW[name] }).fetch1('id')]).toEqual([name, 2]);
    }
  });

  // ------------------------------------------------------------ issue 9: value fidelity

  const PRECISIONS = [0, 1, 2, 3, 4, 5, 6] as const;

  it('round-trips every fractional precision of a datetime exactly, and restricts by the fetched value', async () => {
    await t.Precise.deleteQuick();
    const instants = ['2025-01-01 12:00:00.123456', '0001-01-01 00:00:00.000001', '9999-12-31 23:59:59.999999', '1970-01-01 00:00:00.5', '2024-02-29 23:59:59'];
    const rows = instants.map((text, i) => {
      const row: dj.Row = { id: i };
      // each attribute gets the digits it keeps, as text and, beyond milliseconds, as a PreciseDate
      for (const p of PRECISIONS) row[`t${p}`] = p === 0 ? text.replace(/\.\d+$/, '') : text.replace(/(\.\d{1,6})$/, (f) => f.slice(0, p + 1));
      return row;
    });
    await t.Precise.insert(rows);
    const back = await t.Precise.toDicts({ orderBy: 'id' });
    for (const [i, row] of back.entries()) {
      for (const p of PRECISIONS) {
        const value = row[`t${p}`] as Date;
        const expected = dj.PreciseDate.fromString(rows[i]![`t${p}`] as string);
        expect([p, value instanceof dj.PreciseDate]).toEqual([p, p > 3]);
        expect([p, value instanceof Date]).toEqual([p, true]);
        const iso = p > 3 ? expected.toISOString() : new Date(expected.getTime()).toISOString();
        expect([p, value.toISOString()]).toEqual([p, iso]);
        // the README's promise: a fetched value restricts to its row
        expect([p, await t.Precise.restrict({ [`t${p}`]: value }).fetch1('id')]).toEqual([p, i]);
      }
    }
  });

  it('keeps the microseconds of a PreciseDate and of text on insert, in restrictions and in native timestamp(6)', async () => {
    await t.Precise.deleteQuick();
    const micro = new dj.PreciseDate(Date.UTC(2025, 0, 1, 12, 0, 0, 123), 456);
    await t.Precise.insert([
      { id: 1, t6: micro, ts6: micro },
      { id: 2, t6: '2025-01-01T12:00:00.123457Z', ts6: '2025-01-01 14:00:00.123457+02:00' },
    ]);
    const [one, two] = await t.Precise.toDicts({ orderBy: 'id' });
    expect((one!.t6 as Date).toISOString()).toBe('2025-01-01T12:00:00.123456Z');
    expect((one!.ts6 as Date).toISOString()).toBe('2025-01-01T12:00:00.123456Z');
    expect((two!.t6 as Date).toISOString()).toBe('2025-01-01T12:00:00.123457Z');
    expect((two!.ts6 as Date).toISOString()).toBe('2025-01-01T12:00:00.123457Z');
    expect(await t.Precise.restrict({ t6: micro }).fetch1('id')).toBe(1);
    expect(await t.Precise.restrict({ ts6: two!.ts6 }).fetch1('id')).toBe(2);
    // a plain Date has milliseconds only: it matches neither row
    expect(await t.Precise.restrict({ t6: new Date(micro.getTime()) }).count()).toBe(0);
    // a datetime(3) keeps milliseconds: the microseconds of a PreciseDate are rounded, as MySQL rounds
    await t.Precise.insert1({ id: 3, t3: micro });
    expect((await t.Precise.restrict({ id: 3 }).fetch1('t3') as Date).toISOString()).toBe('2025-01-01T12:00:00.123Z');
  });

  it('round-trips times in one spelling on every backend', async () => {
    await t.Precise.deleteQuick();
    const times = ['00:00:00', '1:02:03', '23:59:59', '12:30'];
    await t.Precise.insert(times.map((tm, id) => ({ id, tm, tm6: `${tm.length < 6 ? `${tm}:00` : tm}.000250` })));
    const back = await t.Precise.toDicts({ orderBy: 'id' });
    expect(back.map((r) => r.tm)).toEqual(['00:00:00', '01:02:03', '23:59:59', '12:30:00']);
    expect(back.map((r) => r.tm6)).toEqual(['00:00:00.00025', '01:02:03.00025', '23:59:59.00025', '12:30:00.00025']);
    for (const row of back) expect(await t.Precise.restrict({ tm: row.tm, tm6: row.tm6 }).fetch1('id')).toBe(row.id);
    // finding 7: a bad time names the attribute on every backend, before anything is sent
    await expect(t.Precise.insert1({ id: 9, tm: '25:61:00' })).rejects.toThrow(/attribute `tm` \(time\).*minutes and seconds/);
  });

  it('keeps text that starts with a byte-order mark, also renamed (PGlite drops it when reading)', async () => {
    await t.AllTypes.insert1({ id: 80, label: '\ufeffBOM', code: '\ufeff' });
    expect(await t.AllTypes.restrict({ id: 80 }).fetch1('label')).toBe('\ufeffBOM');
    expect(await t.AllTypes.restrict({ id: 80 }).fetch1('code')).toBe('\ufeff');
    const renamed = (await t.AllTypes.proj({ text: 'label' }).toDicts())[0]!;
    expect(renamed.text).toBe('\ufeffBOM');
    expect(await t.AllTypes.restrict({ label: renamed.text }).fetch1('id')).toBe(80);
  });

  it('keeps -0 in floats where the server can, and refuses it, naming the attribute, where it cannot', async () => {
    await t.Precise.deleteQuick();
    const insert = t.Precise.insert1({ id: 1, f32: -0, f64: -0 });
    if (backend.name === 'mysql') {
      await expect(insert).rejects.toThrow(/attribute `f32` \(float32\).*MySQL and MariaDB store -0 as 0/);
      expect(await t.Precise.count()).toBe(0);
      return;
    }
    await insert;
    const row = (await t.Precise.fetch1()) as dj.Row;
    expect(Object.is(row.f32, -0)).toBe(true);
    expect(Object.is(row.f64, -0)).toBe(true);
    expect(await t.Precise.restrict({ f32: row.f32, f64: row.f64 }).fetch1('id')).toBe(1);
  });

  // ------------------------------------------------------------ test_type_aliases.py

  it('keeps the type aliases in the heading', () => {
    const heading = t.TypeAliasTable.heading;
    expect(heading.names.map((n) => heading.get(n).type)).toEqual([
      'int32',
      'float32',
      'float64',
      'int64',
      'int32',
      'int16',
      'int8',
      'bool',
    ]);
  });

  it('maps type aliases to SQL types (test_type_alias_mysql_mapping)', () => {
    const heading = t.TypeAliasTable.heading;
    const sqlTypes = ['val_float32', 'val_float64', 'val_int64', 'val_int32', 'val_int16', 'val_int8', 'val_bool'].map(
      (name) => heading.get(name).sqlType,
    );
    expect(sqlTypes).toEqual(
      backend.name === 'mysql'
        ? ['float', 'double', 'bigint', 'int', 'smallint', 'tinyint', 'tinyint']
        : ['real', 'double precision', 'bigint', 'integer', 'smallint', 'smallint', 'boolean'],
    );
  });

  it('inserts and fetches values with type aliases', async () => {
    await t.TypeAliasTable.deleteQuick();
    await t.TypeAliasTable.insert1({
      id: 1,
      val_float32: 3.14,
      val_float64: 2.718281828,
      val_int64: 9223372036854775807n,
      val_int32: 2147483647,
      val_int16: 32767,
      val_int8: 127,
      val_bool: 1,
    });
    const fetched = (await t.TypeAliasTable.fetch1()) as dj.Row;
    expect(fetched.id).toBe(1);
    expect(Math.abs((fetched.val_float32 as number) - 3.14)).toBeLessThan(0.001);
    expect(Math.abs((fetched.val_float64 as number) - 2.718281828)).toBeLessThan(1e-9);
    expect(fetched.val_int64).toBe(9223372036854775807n);
    expect(fetched.val_int32).toBe(2147483647);
    expect(fetched.val_int16).toBe(32767);
    expect(fetched.val_int8).toBe(127);
    expect(fetched.val_bool).toBe(true);
  });

  it('uses type aliases in the primary key', async () => {
    await t.TypeAliasPrimaryKey.insert1({ pk_int32: 100, pk_int16: 200, value: 'test' });
    expect(await t.TypeAliasPrimaryKey.restrict({ pk_int32: 100, pk_int16: 200 }).fetch1()).toEqual({
      pk_int32: 100,
      pk_int16: 200,
      value: 'test',
    });
  });

  it('reads nulls and values of nullable type aliases', async () => {
    await t.TypeAliasNullable.insert1({ id: 1, nullable_float32: null, nullable_int64: null });
    expect(await t.TypeAliasNullable.fetch1()).toEqual({ id: 1, nullable_float32: null, nullable_int64: null });
    await t.TypeAliasNullable.insert1({ id: 2, nullable_float32: 1.5, nullable_int64: 999 });
    expect(await t.TypeAliasNullable.restrict({ id: 2 }).fetch1()).toEqual({ id: 2, nullable_float32: 1.5, nullable_int64: 999n });
  });

  // ------------------------------------------------------------ test_nan.py

  it('stores NaN as null and keeps the other floats', async () => {
    const values = [0, 1 / 3, NaN, Math.PI, NaN];
    await t.NanTest.deleteQuick();
    await t.NanTest.insert(values.map((value, i) => [i, value]));
    const back = (await t.NanTest.toDicts({ orderBy: 'id' })).map((r) => r.value);
    expect(back).toEqual([0, 1 / 3, null, Math.PI, null]);
  });

  it('does not let nulls disturb skipping existing primary keys', async () => {
    const values = [0, 1 / 3, NaN, Math.PI, NaN];
    await t.NanTest.deleteQuick();
    await t.NanTest.insert(values.map((value, i) => [i, value]));
    await t.NanTest.insert(values.map((value, i) => [i, value]), { skipDuplicates: true });
    expect(await t.NanTest.count()).toBe(5);
  });
});

describe('core type round trip across backends', () => {
  it('gives identical values on every backend', () => {
    const names = testBackends().map((b) => b.name);
    expect([...fetchedByBackend.keys()]).toEqual(names);
    const texts = [...fetchedByBackend.values()].map(stableText);
    for (const text of texts) expect(text).toBe(texts[0]);
  });
});
