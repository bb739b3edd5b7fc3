/**
 * Every way an insert can be refused. Errors found in the rows themselves (unknown fields,
 * missing or null required values, values that do not fit their type, rows that do not
 * match) are thrown before any INSERT is sent, and name the attribute and the table.
 * Errors only the server can see (duplicates, foreign keys) arrive translated.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { recordQueries } from './helpers/record-queries';

function define(schema: dj.Schema) {
  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    parent_id : int32
    ---
    name : varchar(20)
    `;
  }

  @schema.table
  class Checked extends dj.Manual {
    static definition = `
    id : int32
    ---
    required_text : varchar(10)
    number = 0 : int32
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
    code = null : char(3)
    color = null : enum('red', 'green')
    day = null : date
    moment = null : datetime
    uid = null : uuid
    doc = null : json
    raw = null : bytes
    data = null : <blob>
    tm = null : time
    precise = null : datetime(6)
    `;
  }

  @schema.table
  class Child extends dj.Manual {
    static definition = `
    -> Parent
    child_id : int16
    ---
    note = '' : varchar(20)
    `;
  }

  @schema.table
  class Derived extends dj.Computed {
    static definition = `
    -> Parent
    ---
    size : int32
    `;
  }
  return { Parent, Checked, Child, Derived };
}

const INTEGER_LIMITS: Array<[string, bigint, bigint]> = [
  ['i8', -128n, 127n],
  ['i16', -32768n, 32767n],
  ['i32', -2147483648n, 2147483647n],
  ['i64', -(2n ** 63n), 2n ** 63n - 1n],
  ['u8', 0n, 255n],
  ['u16', 0n, 65535n],
  ['u32', 0n, 4294967295n],
  ['u64', 0n, 2n ** 64n - 1n],
];

/** Values each attribute refuses, and a fragment of the reason. */
const BAD_VALUES: Array<[string, unknown, RegExp]> = [
  ...INTEGER_LIMITS.flatMap(([name, min, max]): Array<[string, unknown, RegExp]> => [
    [name, min - 1n, /out of range/],
    [name, max + 1n, /out of range/],
  ]),
  ['i8', 1000, /out of range/],
  ['u16', -1, /out of range/],
  ['i32', 1.5, /not an integer/],
  ['i32', 'twelve', /expected an integer/],
  ['i64', '9223372036854775808', /out of range/],
  ['f64', Infinity, /infinite/],
  ['f64', -Infinity, /infinite/],
  ['f64', 'Infinity', /infinite/],
  ['f64', 'abc', /expected a number/],
  ['f32', 1e39, /out of range for float32/],
  ['dec', '12345678.9', /does not fit decimal\(10,3\)/],
  // issue 9, finding 6: digits the scale cannot hold are refused, not rounded
  ['dec', '123.4567', /more than 3 digits after the decimal point of decimal\(10,3\)/],
  ['dec', 0.1 + 0.2, /more than 3 digits after the decimal point/],
  ['dec', '1.5e7', /does not fit decimal\(10,3\)/],
  ['dec', '1e-4', /more than 3 digits/],
  ['f64', '0x10', /expected a number/],
  ['f64', '1e-400', /too small for a float64/],
  ['f32', 1e-50, /too small for float32/],
  ['dec', 'one', /expected a decimal/],
  ['flag', 'maybe', /expected a boolean/],
  ['flag', 2, /expected a boolean/],
  ['required_text', 'x'.repeat(11), /longer than 10 characters/],
  ['code', 'abcd', /longer than 3 characters/],
  ['required_text', 'x\ud800y', /lone UTF-16 surrogate/],
  ['color', 'blue', /not one of 'red', 'green'/],
  ['color', 'RED', /not one of/],
  ['day', '2021-13-01', /no such date/],
  ['day', '2021-02-30', /no such date/],
  ['day', '0000-01-01', /year outside/],
  ['day', 'yesterday', /expected a Date or 'YYYY-MM-DD'/],
  ['day', new Date(Number.NaN), /invalid date/],
  ['day', new Date(Date.UTC(10000, 0, 1)), /year outside/],
  ['moment', '2021-01-01 25:00:00', /no such date or time/],
  ['moment', '2021-01-01 10:60:00', /no such date or time/],
  ['moment', new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 900)), /year outside/],
  ['moment', '9999-12-31 23:59:59.9', /more fractional digits than datetime keeps/],
  ['moment', '2021-01-01 23:59:60', /no such date or time/],
  // issue 9, finding 6: an offset no place uses is refused, not applied
  ['moment', '2021-01-01 10:00:00+99:00', /no such UTC offset/],
  ['moment', '2021-01-01 10:00:00-12:30', /no such UTC offset/],
  ['moment', '2021-01-01 10:00:00+05:75', /no such UTC offset/],
  ['precise', '2021-01-01 10:00:00.1234567', /expected a Date/],
  ['precise', '2021-01-01 10:00:00.123456+14:01', /no such UTC offset/],
  ['day', new Date(Date.UTC(2021, 0, 1, 12)), /time of day/],
  ['moment', 'next tuesday', /expected a Date/],
  ['moment', 1_600_000_000_000, /expected a Date/],
  ['uid', 'abc', /badly formed UUID/],
  ['uid', 0, /badly formed UUID/],
  ['uid', '123e4567-e89b-12d3-a456-42661417400', /badly formed UUID/],
  ['uid', '123e4567-e89b-12d3-a456-42661417400g', /badly formed UUID/],
  ['uid', Buffer.alloc(15), /badly formed UUID/],
  ['doc', { big: 1n }, /cannot be serialised as JSON/],
  // issue 9, finding 6: what JSON.stringify would drop or change is refused
  ['doc', () => 1, /a function at \$/],
  ['doc', { f: () => 1 }, /a function at \$\.f/],
  ['doc', { a: undefined }, /undefined at \$\.a/],
  ['doc', [1, undefined], /undefined at \$\[1\]/],
  ['doc', { n: [NaN] }, /NaN at \$\.n\[0\]/],
  ['doc', { n: -Infinity }, /-Infinity at \$\.n/],
  ['doc', { z: -0 }, /-0 at \$\.z/],
  ['doc', Symbol('s'), /a symbol at \$/],
  ['doc', { when: new Date(0) }, /a Date/],
  ['doc', new Map(), /a Map object/],
  // issue 9, finding 7: times are checked before they are sent
  ['tm', '25:61:00', /minutes and seconds run from 00 to 59/],
  ['tm', '12:60:00', /minutes and seconds/],
  ['tm', '12:00:60', /minutes and seconds/],
  ['tm', '839:00:00', /outside/],
  ['tm', 'noon', /expected 'HH:MM:SS'/],
  ['tm', 3600, /expected 'HH:MM:SS'/],
  ['raw', 'not bytes', /expected a Buffer/],
  ['data', () => 1, /not supported/],
];

describeBackends('insert errors on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'insert_err' });
  let t: ReturnType<typeof define>;
  let sent: string[] = [];

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    // Records every statement, to show that refused rows never reach the server.
    recordQueries(db.instance.connection, (sql) => sent.push(sql));
  });

  beforeEach(async () => {
    await t.Derived.deleteQuick();
    await t.Child.deleteQuick();
    await t.Parent.deleteQuick();
    await t.Checked.deleteQuick();
    sent = [];
  });

  const inserts = () => sent.filter((sql) => /^\s*(INSERT|REPLACE)\b/i.test(sql));

  /** Runs `insert`, expects it to fail with `kind` naming `fragments`, and nothing to be sent. */
  async function refused(insert: () => Promise<unknown>, kind: typeof dj.DataJointError, ...fragments: Array<string | RegExp>) {
    const error = await insert().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(kind);
    const message = (error as Error).message;
    for (const fragment of fragments) {
      if (typeof fragment === 'string') expect(message).toContain(fragment);
      else expect(message).toMatch(fragment);
    }
    expect(inserts()).toEqual([]);
    return message;
  }

  it.each(BAD_VALUES)('refuses %s = %p before sending anything', async (name, value, reason) => {
    const good = { id: 0, required_text: 'fine', [name]: name === 'required_text' ? 'fine' : null };
    const bad = { id: 1, required_text: 'ok', [name]: value };
    const message = await refused(() => t.Checked.insert([good, bad]), dj.DataJointError, `\`${name}\``, reason);
    expect(message).toContain(t.Checked.fullTableName);
    expect(await t.Checked.count()).toBe(0);
  });

  /** What only some backends cannot store: refused there, kept exactly elsewhere. */
  const BACKEND_LIMITS: Array<[string, unknown, RegExp, ReadonlyArray<string>]> = [
    ['f64', -0, /MySQL and MariaDB store -0 as 0/, ['mysql']],
    ['f32', -0, /MySQL and MariaDB store -0 as 0/, ['mysql']],
    ['required_text', 'a\0b', /cannot hold the character NUL/, ['postgresql', 'pglite']],
    ['doc', { s: 'a\0b' }, /U\+0000/, ['postgresql', 'pglite']],
    ['doc', JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`) as unknown, /deeper than 31 levels/, ['mysql']],
    ['tm', '24:00:01', /outside 00:00:00 … 24:00:00/, ['postgresql', 'pglite']],
    ['tm', '-01:00:00', /outside 00:00:00 … 24:00:00/, ['postgresql', 'pglite']],
    // MySQL's time keeps whole seconds; PostgreSQL's keeps microseconds
    ['tm', '12:00:00.5', /more fractional digits than time keeps \(0\)/, ['mysql']],
  ];

  it.each(BACKEND_LIMITS)('refuses %s = %p where the backend cannot store it, and keeps it elsewhere', async (name, value, reason, where) => {
    const row = { id: 1, required_text: name === 'required_text' ? value : 'ok', [name]: value };
    if (where.includes(backend.name)) {
      const message = await refused(() => t.Checked.insert1(row), dj.DataJointError, `\`${name}\``, reason, t.Checked.fullTableName);
      expect(message).toContain(t.Checked.fullTableName);
      expect(await t.Checked.count()).toBe(0);
    } else {
      await t.Checked.insert1(row);
      const back = await t.Checked.fetch1(name);
      if (typeof value === 'number') expect(Object.is(back, value)).toBe(true);
      else expect(back).toEqual(value);
      expect(await t.Checked.restrict({ [name]: back }).count()).toBe(1);
    }
  });

  it.each(INTEGER_LIMITS)('accepts %s at its limits', async (name, min, max) => {
    await t.Checked.insert([
      { id: 1, required_text: 'min', [name]: min },
      { id: 2, required_text: 'max', [name]: max },
    ]);
    const back = (await t.Checked.toDicts({ orderBy: 'KEY' })).map((r) => BigInt(r[name] as number | bigint));
    expect(back).toEqual([min, max]);
  });

  it('refuses an unknown field, naming it and the table', async () => {
    await refused(
      () => t.Checked.insert1({ id: 1, required_text: 'a', bogus: 3 }),
      dj.UnknownAttributeError,
      '`bogus`',
      t.Checked.fullTableName,
      'ignoreExtraFields',
    );
    await refused(
      () => t.Checked.insert([{ id: 1, required_text: 'a' }, { id: 2, required_text: 'b', bogus: 3 }]),
      dj.UnknownAttributeError,
      '`bogus`',
    );
    expect(await t.Checked.count()).toBe(0);
  });

  it('refuses a missing primary-key value', async () => {
    await refused(
      () => t.Checked.insert1({ required_text: 'a' }),
      dj.MissingAttributeError,
      'primary-key attribute `id`',
      t.Checked.fullTableName,
    );
    await refused(
      () => t.Child.insert1({ child_id: 1 }, { skipDuplicates: true }),
      dj.MissingAttributeError,
      '`parent_id`',
      t.Child.fullTableName,
    );
  });

  it('refuses a null primary-key value', async () => {
    await refused(
      () => t.Checked.insert1({ id: null, required_text: 'a' }),
      dj.MissingAttributeError,
      '`id`',
      'cannot be null',
      t.Checked.fullTableName,
    );
  });

  it('refuses a missing or null value of a required attribute', async () => {
    await refused(() => t.Checked.insert1({ id: 1 }), dj.MissingAttributeError, '`required_text`', t.Checked.fullTableName);
    await refused(
      () => t.Checked.insert([{ id: 1, required_text: 'a' }, { id: 2, required_text: null }]),
      dj.MissingAttributeError,
      '`required_text`',
      'cannot be null',
    );
    await refused(() => t.Checked.insert1([1, null, 0, ...Array<null>(22).fill(null)]), dj.MissingAttributeError, '`required_text`');
    expect(await t.Checked.count()).toBe(0);
  });

  it('takes null in a non-nullable attribute with a default as the default', async () => {
    await t.Checked.insert1({ id: 1, required_text: 'a', number: null });
    expect(inserts()).toHaveLength(1);
    expect(await t.Checked.fetch1('number')).toBe(0);
  });

  it('refuses positional rows of the wrong length, naming the table', async () => {
    await refused(() => t.Parent.insert1([1]), dj.DataJointError, '1 given; 2 expected', t.Parent.fullTableName);
    await refused(() => t.Parent.insert1([1, 'a', 'b']), dj.DataJointError, '3 given; 2 expected');
  });

  it('refuses rows with different fields, naming the table', async () => {
    await refused(
      () => t.Checked.insert([{ id: 1, required_text: 'a' }, { id: 2, required_text: 'b', number: 3 }]),
      dj.DataJointError,
      'Attempt to insert rows with different fields',
      t.Checked.fullTableName,
    );
  });

  it('refuses an empty row, naming the attributes that need values and the table', async () => {
    await refused(
      () => t.Checked.insert1({}),
      dj.DataJointError,
      'Cannot insert empty row. The following attributes require values: [id, required_text]',
      t.Checked.fullTableName,
    );
  });

  it('refuses a direct insert into a Computed table', async () => {
    await t.Parent.insert1({ parent_id: 1, name: 'p' });
    sent = [];
    await refused(() => t.Derived.insert1({ parent_id: 1, size: 2 }), dj.DataJointError, 'allowDirectInsert');
  });

  it('refuses a value that does not fit in any row of a large insert', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ id: i, required_text: `r${i}` }));
    rows[2999] = { id: 2999, required_text: 'much too long' };
    await refused(() => t.Checked.insert(rows), dj.DataJointError, '`required_text`');
    await refused(() => t.Checked.insert(rows, { chunkSize: 100 }), dj.DataJointError, '`required_text`');
    expect(await t.Checked.count()).toBe(0);
  });

  // ------------------------------------------------------------ errors from the server

  it('translates a duplicate primary key into DuplicateError with a hint', async () => {
    await t.Parent.insert1({ parent_id: 1, name: 'a' });
    const error = await t.Parent.insert1({ parent_id: 1, name: 'b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.DuplicateError);
    expect(error).toBeInstanceOf(dj.QueryError);
    expect((error as Error).message).toContain('To ignore duplicate entries in insert, set skipDuplicates: true.');
    expect(await t.Parent.fetch1('name')).toBe('a');
  });

  it('translates a missing parent into IntegrityError', async () => {
    await expect(t.Child.insert1({ parent_id: 5, child_id: 1 })).rejects.toThrow(dj.IntegrityError);
    await expect(t.Child.insert1({ parent_id: 5, child_id: 1 }, { skipDuplicates: true })).rejects.toThrow(dj.IntegrityError);
    expect(await t.Child.count()).toBe(0);
  });
});
