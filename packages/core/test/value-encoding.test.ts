/**
 * Encoding values without a server: what each kind writes, and what it refuses rather than
 * change (issue 9, findings 4, 6 and 7). The same rules run against every backend in
 * packages/schema/test/properties/values.property.test.ts.
 */
import { DataJointError } from '../src/errors';
import type { Attribute } from '../src/heading/attribute';
import { PreciseDate } from '../src/types/precise-date';
import { encodeValue, SQL_DEFAULT, type EncodingContext } from '../src/types/value-encoding';
import { kindOfSqlType, kindOfType } from '../src/types/value-kind';
import { parseAttributeType } from '../src/types/attribute-type';
import type { SqlFamily } from '../src/dialects/adapter';
import { mysqlAdapter } from '../src/dialects/mysql/mysql-adapter';
import { postgresAdapter } from '../src/dialects/postgresql/postgres-adapter';

/** An attribute `v` of DataJoint type `type`, stored in a column of `sqlType` (as the catalog spells it). */
function attribute(type: string, sqlType = type, columnType: string | null = sqlType): Attribute {
  let kind;
  try {
    kind = kindOfType(parseAttributeType(type));
  } catch {
    kind = kindOfSqlType(sqlType);
  }
  if (kind === 'other') kind = kindOfSqlType(sqlType);
  const enumMatch = /^enum\((.*)\)$/.exec(type);
  return {
    name: 'v',
    type,
    sqlType,
    columnType,
    kind,
    codec: null,
    inKey: false,
    nullable: true,
    default: 'null',
    comment: '',
    autoIncrement: false,
    hidden: false,
    lineage: null,
    enumValues: enumMatch ? enumMatch[1]!.split(',').map((v) => v.trim().slice(1, -1)) : null,
    expression: null,
  };
}

/** Encoding for an insert into a backend of `family` (its adapter's storage facts), or for a restriction. */
const context = (family?: SqlFamily): EncodingContext => ({
  table: '`lab`.`t`',
  encodeUuid: (hex) => hex,
  ...(family ? { storage: (family === 'mysql' ? mysqlAdapter : postgresAdapter).valueStorage } : {}),
});

function encode(type: string, value: unknown, family?: SqlFamily, sqlType?: string, columnType?: string | null): unknown {
  return encodeValue(attribute(type, sqlType, columnType), value, context(family));
}

/** Expects `value` to be refused for `type`, naming the attribute and the table, with `reason`. */
function refused(type: string, value: unknown, reason: RegExp, family?: SqlFamily, sqlType?: string, columnType?: string | null): void {
  let error: unknown = null;
  try {
    encode(type, value, family, sqlType, columnType);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataJointError);
  const message = (error as Error).message;
  expect(message).toContain('attribute `v`');
  expect(message).toContain('`lab`.`t`');
  expect(message).toMatch(reason);
}

describe('datetime values (findings 4 and 6)', () => {
  it('writes every fractional digit a datetime(n) keeps, from a PreciseDate or from text', () => {
    const t = PreciseDate.fromString('2025-01-01 12:00:00.123456');
    expect(encode('datetime(6)', t)).toBe('2025-01-01 12:00:00.123456');
    expect(encode('datetime(5)', t)).toBe('2025-01-01 12:00:00.12346');
    expect(encode('datetime(4)', t)).toBe('2025-01-01 12:00:00.1235');
    expect(encode('datetime(3)', t)).toBe('2025-01-01 12:00:00.123');
    expect(encode('datetime(6)', '2025-01-01 12:00:00.000001')).toBe('2025-01-01 12:00:00.000001');
    expect(encode('datetime(6)', '2025-01-01T12:00:00.123456Z')).toBe('2025-01-01 12:00:00.123456');
    expect(encode('timestamp(6)', t, 'mysql', 'timestamp(6)')).toBe('2025-01-01 12:00:00.123456');
    // a plain Date writes its milliseconds, rounded to the attribute's precision
    expect(encode('datetime(6)', new Date(Date.UTC(2025, 0, 1, 12, 0, 0, 123)))).toBe('2025-01-01 12:00:00.123000');
    expect(encode('datetime', new Date(Date.UTC(2025, 0, 1, 12, 0, 0, 500)))).toBe('2025-01-01 12:00:01');
  });

  it('accepts only real UTC offsets', () => {
    expect(encode('datetime', '2025-01-01 12:00:00+14:00')).toBe('2024-12-31 22:00:00');
    expect(encode('datetime', '2025-01-01 12:00:00-12:00')).toBe('2025-01-02 00:00:00');
    expect(encode('datetime', '2025-01-01 12:00:00+0530')).toBe('2025-01-01 06:30:00');
    expect(encode('datetime', '2025-01-01 12:00:00z')).toBe('2025-01-01 12:00:00');
    for (const offset of ['+99:00', '+14:30', '-12:30', '+05:60', '+15', '-13']) {
      refused('datetime', `2025-01-01 12:00:00${offset}`, /no such UTC offset/);
    }
  });

  it('refuses fractional digits a datetime does not keep, given as text', () => {
    refused('datetime', '2025-01-01 12:00:00.5', /more fractional digits than datetime keeps \(0\)/);
    refused('datetime(3)', '2025-01-01 12:00:00.1234', /more fractional digits/);
    refused('datetime(6)', '2025-01-01 12:00:00.1234567', /expected a Date/);
    expect(encode('datetime(3)', '2025-01-01 12:00:00.120000')).toBe('2025-01-01 12:00:00.120');
  });

  it('refuses impossible dates and times, naming the attribute', () => {
    refused('datetime', '2025-01-01 23:59:60', /no such date or time/);
    refused('datetime', '2025-02-29 00:00:00', /no such date or time/);
    expect(encode('datetime(6)', new PreciseDate(Date.UTC(9999, 11, 31, 23, 59, 59, 999), 999))).toBe('9999-12-31 23:59:59.999999');
    refused('datetime(3)', new PreciseDate(Date.UTC(9999, 11, 31, 23, 59, 59, 999), 999), /year outside/);
    refused('timestamp', '1969-12-31 00:00:00', /MySQL timestamp/, 'mysql', 'timestamp');
    expect(encode('timestamp', '1969-12-31 00:00:00', 'postgresql', 'timestamp', 'timestamp without time zone')).toBe('1969-12-31 00:00:00');
  });

  it('refuses a Date with a time of day for a date', () => {
    refused('date', new Date(Date.UTC(2025, 0, 1, 12)), /time of day/);
    expect(encode('date', new Date(Date.UTC(2025, 0, 1)))).toBe('2025-01-01');
    expect(encode('date', '0001-01-01')).toBe('0001-01-01');
  });

  it('writes a Date at midnight UTC as its day, from year 1 to 9999, and refuses the days outside', () => {
    const midnight = (year: number, month: number, day: number) => new Date(new Date(0).setUTCFullYear(year, month, day));
    expect(encode('date', midnight(1, 0, 1))).toBe('0001-01-01');
    expect(encode('date', midnight(999, 11, 31))).toBe('0999-12-31');
    expect(encode('date', midnight(1969, 11, 31))).toBe('1969-12-31');
    expect(encode('date', midnight(2024, 1, 29))).toBe('2024-02-29');
    expect(encode('date', midnight(9999, 11, 31))).toBe('9999-12-31');
    refused('date', midnight(0, 11, 31), /year outside 1\.\.9999/);
    refused('date', midnight(10000, 0, 1), /year outside 1\.\.9999/);
    refused('date', new PreciseDate(Date.UTC(2025, 0, 1), 1), /time of day/);
    refused('date', new Date(NaN), /invalid date/);
  });
});

describe('time values (finding 7)', () => {
  it('checks hours, minutes and seconds against what the column holds', () => {
    expect(encode('time', '838:59:59', 'mysql')).toBe('838:59:59');
    expect(encode('time', '-838:59:59', 'mysql')).toBe('-838:59:59');
    expect(encode('time', '1:02:03', 'mysql')).toBe('01:02:03');
    expect(encode('time', '-0:00:00', 'mysql')).toBe('00:00:00');
    expect(encode('time', '24:00:00', 'postgresql', 'time', 'time without time zone')).toBe('24:00:00');
    expect(encode('time', '12:00:00.25', 'postgresql', 'time', 'time without time zone')).toBe('12:00:00.25');
    refused('time', '25:61:00', /minutes and seconds run from 00 to 59/, 'postgresql', 'time', 'time without time zone');
    refused('time', '25:00:00', /outside 00:00:00 … 24:00:00/, 'postgresql', 'time', 'time without time zone');
    refused('time', '-01:00:00', /outside 00:00:00 … 24:00:00/, 'postgresql', 'time', 'time without time zone');
    refused('time', '839:00:00', /outside -838:59:59 … 838:59:59/, 'mysql');
    refused('time', '12:00:60', /minutes and seconds/, 'mysql');
    refused('time', '12:00:00.5', /more fractional digits than time keeps \(0\)/, 'mysql');
    expect(encode('time(3)', '12:00:00.500', 'mysql', 'time(3)')).toBe('12:00:00.5');
    refused('time', 43200, /expected 'HH:MM:SS'/, 'mysql');
  });
});

describe('decimal values (finding 6)', () => {
  it('refuses digits a decimal(p,s) cannot hold instead of rounding them', () => {
    refused('decimal(5,2)', '123.456', /more than 2 digits after the decimal point/);
    refused('decimal(5,2)', 0.1 + 0.2, /more than 2 digits/);
    refused('decimal(5,2)', '1234', /does not fit decimal\(5,2\)/);
    refused('decimal(5,2)', '1e3', /does not fit/);
    refused('decimal(5,2)', '1e999999999', /does not fit/);
    refused('decimal(5,2)', '1e-999999999', /more than 2 digits/);
    refused('decimal(5,2)', 'NaN', /expected a decimal/);
    refused('decimal(5,2)', Infinity, /expected a decimal/);
  });

  it('writes exponents and other spellings exactly, in plain notation', () => {
    expect(encode('decimal(5,2)', '1.5e2')).toBe('150');
    expect(encode('decimal(5,2)', '1.50E-1')).toBe('0.15');
    expect(encode('decimal(5,2)', '123.450')).toBe('123.45');
    expect(encode('decimal(5,2)', '-0.00')).toBe('0');
    expect(encode('decimal(5,2)', ' +.5 ')).toBe('0.5');
    expect(encode('decimal(5,2)', 1e-2)).toBe('0.01');
    expect(encode('decimal(30,0)', 1e21)).toBe('1000000000000000000000');
    expect(encode('decimal(5,2)', NaN)).toBe(SQL_DEFAULT);
  });
});

describe('float values (finding 6)', () => {
  it('writes -0 where the server keeps it and refuses it where it does not', () => {
    expect(encode('float64', -0, 'postgresql', 'double precision')).toBe('-0');
    expect(encode('float32', -0, 'postgresql', 'real')).toBe('-0');
    expect(encode('float64', '-0', 'postgresql', 'double precision')).toBe('-0');
    refused('float64', -0, /MySQL and MariaDB store -0 as 0/, 'mysql', 'double');
    refused('float32', -0, /MySQL and MariaDB store -0 as 0/, 'mysql', 'float');
  });

  it('refuses values that would become 0 or infinite, and text that is not a decimal number', () => {
    refused('float32', 1e-50, /too small for float32/);
    refused('float64', '1e-400', /too small for a float64/);
    refused('float64', '1e400', /too large/);
    refused('float64', '0x10', /expected a number/);
    refused('float64', ' ', /expected a number/);
    expect(encode('float64', ' 2.5e3 ')).toBe(2500);
    expect(encode('float32', 0.1)).toBe(Math.fround(0.1));
  });
});

describe('json values (finding 6)', () => {
  const problems: Array<[string, unknown, RegExp]> = [
    ['a function', () => 1, /a function at \$/],
    ['a symbol', Symbol('s'), /a symbol at \$/],
    ['a bigint', { big: 1n }, /a bigint .* at \$\.big/],
    ['NaN inside', [1, NaN], /NaN at \$\[1\]/],
    ['Infinity inside', { a: { b: Infinity } }, /Infinity at \$\.a\.b/],
    ['-0 inside', { a: -0 }, /-0 at \$\.a/],
    ['undefined inside an object', { a: undefined }, /undefined at \$\.a/],
    ['undefined inside an array', [undefined], /undefined at \$\[0\]/],
    ['a function inside an array', [1, () => 2], /a function at \$\[1\]/],
    ['a hole', [1, , 3], /empty array slot at \$\[1\]/], // eslint-disable-line no-sparse-arrays
    ['a Date', { when: new Date(0) }, /a Date .* at \$\.when/],
    ['a Map', new Map([[1, 2]]), /a Map object at \$/],
    ['a class instance', new (class Point { x = 1 })(), /a Point object at \$/],
    ['a lone surrogate', { s: 'x\ud800' }, /lone UTF-16 surrogate at \$\.s/],
    ['a symbol key', { [Symbol('k')]: 1 }, /a symbol key/],
  ];
  it.each(problems)('refuses %s', (_what, value, reason) => refused('json', value, reason));

  it('refuses cycles', () => {
    const cyclic: Record<string, unknown> = { a: [1] };
    (cyclic.a as unknown[]).push(cyclic);
    refused('json', cyclic, /circular reference at \$\.a\[1\]/);
    const shared = { x: 1 };
    expect(encode('json', { a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('refuses what one backend cannot hold', () => {
    refused('json', { s: 'a\0b' }, /U\+0000/, 'postgresql');
    expect(encode('json', { s: 'a\0b' }, 'mysql')).toBe('{"s":"a\\u0000b"}');
    const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
    expect(encode('json', deep(31), 'mysql')).toBe(`${'['.repeat(31)}1${']'.repeat(31)}`);
    refused('json', deep(32), /deeper than 31 levels/, 'mysql');
    expect(typeof encode('json', deep(32), 'postgresql')).toBe('string');
  });

  it('writes plain values, including objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = [true, null, 'é😀', 1.5];
    expect(encode('json', bare)).toBe('{"k":[true,null,"é😀",1.5]}');
    expect(encode('json', 'text')).toBe('"text"');
  });
});

describe('string values', () => {
  it('refuses text the server would store differently', () => {
    refused('varchar(10)', 'x\ud800', /lone UTF-16 surrogate/);
    refused('varchar(10)', 'a\0b', /NUL/, 'postgresql');
    expect(encode('varchar(10)', 'a\0b', 'mysql')).toBe('a\0b');
    // a char pads with spaces: trailing ones are not part of its value (it reads back without them)
    expect(encode('char(5)', 'ab ')).toBe('ab ');
    expect(encode('varchar(5)', 'ab ')).toBe('ab ');
    expect(encode('varchar(2)', '😀😀')).toBe('😀😀');
  });
});
