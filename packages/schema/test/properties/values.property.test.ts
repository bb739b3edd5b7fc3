/**
 * Property: for every DataJoint type, any value given to an attribute either comes back
 * exactly (as the documented JavaScript value of its type: README "Values") and restricts
 * to its row when given back, or is refused by DataJoint with a DataJointError naming the
 * attribute and the table, and the table then holds nothing new. Never a value different
 * from the one given.
 *
 * Values are valid ones (which must be kept), edge ones (limits, -0, NaN, precision) and
 * hostile ones (out of range, wrong type, awkward text, impossible dates and offsets).
 * What each value must come back as is worked out here, independently of the encoders:
 * the expectation of a value that no column can hold faithfully is NOT_STORABLE, and such
 * a value must be refused.
 *
 * Conversions the README documents count as exact: other spellings (`'12'` for an integer,
 * `1` for true, a UUID in braces), NaN as null, float32 as the shortest decimal of the
 * nearest single, a `Date` rounded to its datetime's precision, `datetime(4..6)` as
 * PreciseDate, `time` as `HH:MM:SS[.f]`, `<blob>` as `unpack(pack(value))`.
 */
import { inspect, isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as dj from 'datajoint';
import { describeBackends, type TestBackend, useTestInstance } from '@dj/testing';
import { fuzzParameters } from './fuzz-runs';
import { awkwardText, hostileString } from './hostile-strings';

function define(schema: dj.Schema) {
  @schema.table
  class Value extends dj.Manual {
    static definition = `
    id : int32
    ---
    v_int8 = null : int8
    v_int16 = null : int16
    v_int32 = null : int32
    v_int64 = null : int64
    v_uint8 = null : uint8
    v_uint16 = null : uint16
    v_uint32 = null : uint32
    v_uint64 = null : uint64
    v_float32 = null : float32
    v_float64 = null : float64
    v_decimal = null : decimal(7,3)
    v_bool = null : bool
    v_char = null : char(4)
    v_varchar = null : varchar(8)
    v_enum = null : enum('red', 'it''s', 'ünï', 'a,b')
    v_date = null : date
    v_datetime = null : datetime
    v_datetime3 = null : datetime(3)
    v_datetime6 = null : datetime(6)
    v_time = null : time
    v_uuid = null : uuid
    v_json = null : json
    v_bytes = null : bytes
    v_blob = null : <blob>
    `;
  }
  return Value;
}

const ENUM_VALUES = ['red', "it's", 'ünï', 'a,b'];

// ------------------------------------------------------------------ expectations

/** The expectation of a value no column of the type can hold as given: it must be refused. */
const NOT_STORABLE: unique symbol = Symbol('not storable');
type Expected = unknown;

/** The backend family decides a few expectations (-0, NUL, time ranges, JSON depth). */
type Family = 'mysql' | 'postgresql';

const isNullish = (v: unknown) => v === null || v === undefined;
/** Numbers given as '' or NaN are null (CSV files write a missing number as ''). */
const isMissingNumber = (v: unknown) => isNullish(v) || v === '' || (typeof v === 'number' && Number.isNaN(v));
const LONE_SURROGATE = /\p{Cs}/u;

function expectInteger(value: unknown, min: bigint, max: bigint, big: boolean): Expected {
  if (isMissingNumber(value)) return null;
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else if (typeof value === 'boolean') n = value ? 1n : 0n;
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) n = BigInt(value.trim());
  else return NOT_STORABLE;
  if (n < min || n > max) return NOT_STORABLE;
  return big ? n : Number(n);
}

/** The shortest decimal that is the same single-precision number. */
function shortestSingle(single: number): number {
  if (single === 0) return single;
  for (let digits = 1; digits <= 9; digits += 1) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

function expectFloat(value: unknown, single: boolean, family: Family): Expected {
  if (isMissingNumber(value)) return null;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) {
    n = Number(value);
    if (n === 0 && /[1-9]/.test(value.replace(/[eE].*$/, ''))) return NOT_STORABLE; // underflows
  } else return NOT_STORABLE;
  if (!Number.isFinite(n)) return NOT_STORABLE;
  if (single) {
    const f = Math.fround(n);
    if (!Number.isFinite(f) || (f === 0 && n !== 0)) return NOT_STORABLE;
    n = shortestSingle(f);
  }
  if (Object.is(n, -0) && family === 'mysql') return NOT_STORABLE; // MariaDB stores 0
  return n;
}

/** `decimal(p,s)` text with exactly `s` fractional digits, computed with BigInt. */
function expectDecimal(value: unknown, p: number, s: number): Expected {
  if (isMissingNumber(value)) return null;
  let text: string;
  if (typeof value === 'number') text = String(value);
  else if (typeof value === 'bigint') text = String(value);
  else if (typeof value === 'string') text = value.trim();
  else return NOT_STORABLE;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return NOT_STORABLE;
  let mantissa = BigInt(`${m[2]}${m[3] ?? ''}` || '0');
  let exponent = Number(m[4] ?? 0) - (m[3] ?? '').length;
  if (mantissa === 0n) return s > 0 ? `0.${'0'.repeat(s)}` : '0';
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  if (-exponent > s) return NOT_STORABLE; // digits the scale cannot hold
  if (String(mantissa).length + exponent > p - s) return NOT_STORABLE;
  const scaled = String(mantissa * 10n ** BigInt(exponent + s)).padStart(s + 1, '0');
  const body = s > 0 ? `${scaled.slice(0, -s)}.${scaled.slice(-s)}` : scaled;
  return m[1] === '-' ? `-${body}` : body;
}

function expectBool(value: unknown): Expected {
  if (isNullish(value)) return null;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string' && /^\s*(true|false|1|0)\s*$/i.test(value)) return /^\s*(true|1)\s*$/i.test(value);
  return NOT_STORABLE;
}

function expectText(value: unknown, maxLength: number, padded: boolean, family: Family): Expected {
  if (isNullish(value)) return null;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else return NOT_STORABLE;
  if ([...text].length > maxLength || LONE_SURROGATE.test(text)) return NOT_STORABLE;
  if (family === 'postgresql' && text.includes('\0')) return NOT_STORABLE;
  // char(n) pads with spaces: trailing ones are not part of its value (README: "char without padding")
  return padded ? text.replace(/ +$/, '') : text;
}

function expectEnum(value: unknown): Expected {
  if (isNullish(value)) return null;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : null;
  return text !== null && ENUM_VALUES.includes(text) ? text : NOT_STORABLE;
}

/** Microseconds since the epoch of a calendar date and time, or null when there is no such one in years 1..9999. */
function epochMicros(year: number, month: number, day: number, hour: number, minute: number, second: number, micros: number): bigint | null {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const exists =
    d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day &&
    d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  if (!exists || year < 1 || year > 9999) return null;
  return BigInt(d.getTime()) * 1000n + BigInt(micros);
}

const floorDiv = (a: bigint, b: bigint) => (a - (((a % b) + b) % b)) / b;

/** The value of a datetime(p) at `micros` since the epoch: Date to p ≤ 3, PreciseDate beyond; null when the year is out of range. */
function dateTimeAt(micros: bigint, p: number): Date | null {
  const ms = floorDiv(micros, 1000n);
  const date = p > 3 ? new dj.PreciseDate(Number(ms), Number(micros - ms * 1000n)) : new Date(Number(ms));
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date : null;
}

function microsOfDate(date: Date): bigint {
  return BigInt(date.getTime()) * 1000n + BigInt(date instanceof dj.PreciseDate ? date.getMicroseconds() : 0);
}

function expectDate(value: unknown): Expected {
  if (isNullish(value)) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return NOT_STORABLE;
    const micros = microsOfDate(value);
    if (micros % 86_400_000_000n !== 0n) return NOT_STORABLE; // a time of day would be dropped
    const year = value.getUTCFullYear();
    return year >= 1 && year <= 9999 ? new Date(value.getTime()) : NOT_STORABLE;
  }
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim()) : null;
  if (!m) return NOT_STORABLE;
  const micros = epochMicros(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0);
  return micros === null ? NOT_STORABLE : new Date(Number(micros / 1000n));
}

const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function expectDateTime(value: unknown, p: number): Expected {
  if (isNullish(value)) return null;
  const unit = 10n ** BigInt(6 - p);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return NOT_STORABLE;
    const year = value.getUTCFullYear();
    if (year < 1 || year > 9999) return NOT_STORABLE;
    // a Date is rounded to the precision, half up, as MySQL rounds
    const micros = microsOfDate(value);
    const rest = ((micros % unit) + unit) % unit;
    return dateTimeAt(micros - rest + (rest * 2n >= unit ? unit : 0n), p) ?? NOT_STORABLE;
  }
  const m = typeof value === 'string' ? DATETIME_TEXT.exec(value.trim()) : null;
  if (!m) return NOT_STORABLE;
  const fraction = m[7] ?? '';
  if (fraction.replace(/0+$/, '').length > p) return NOT_STORABLE; // text is taken as written
  const local = epochMicros(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number(fraction.padEnd(6, '0')));
  if (local === null) return NOT_STORABLE;
  let offset = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const minutes = Number(z[3] ?? 0);
    offset = (Number(z[2]) * 60 + minutes) * (z[1] === '-' ? -1 : 1);
    if (minutes > 59 || offset < -720 || offset > 840) return NOT_STORABLE;
  }
  return dateTimeAt(local - BigInt(offset) * 60_000_000n, p) ?? NOT_STORABLE;
}

function expectTime(value: unknown, family: Family): Expected {
  if (isNullish(value)) return null;
  const m = typeof value === 'string' ? /^(-?)(\d{1,3}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(value.trim()) : null;
  if (!m) return NOT_STORABLE;
  const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  const fraction = (m[5] ?? '').replace(/0+$/, '');
  // MySQL's `time` keeps whole seconds; PostgreSQL's microseconds
  if (min > 59 || sec > 59 || fraction.length > (family === 'mysql' ? 0 : 6)) return NOT_STORABLE;
  const micros = ((h * 60 + min) * 60 + sec) * 1e6 + Number(fraction.padEnd(6, '0'));
  const negative = m[1] === '-' && micros > 0;
  const limit = family === 'mysql' ? (838 * 3600 + 59 * 60 + 59) * 1e6 : 24 * 3600 * 1e6;
  if (micros > limit || (negative && family === 'postgresql')) return NOT_STORABLE;
  return `${negative ? '-' : ''}${String(h).padStart(2, '0')}:${m[3]}:${String(sec).padStart(2, '0')}${fraction ? `.${fraction}` : ''}`;
}

function expectUuid(value: unknown): Expected {
  if (isNullish(value)) return null;
  let hex: string | null = null;
  if (value instanceof Uint8Array && value.length === 16) hex = Buffer.from(value).toString('hex');
  else if (typeof value === 'string') {
    const m = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i.exec(value.trim());
    if (m) hex = m.slice(1).join('').toLowerCase();
  }
  return hex === null ? NOT_STORABLE : `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * True when `given` is what JSON.parse gives back (`parsed`), with nothing dropped or
 * converted on the way: no holes, undefined, -0, Dates or class instances.
 */
function sameJson(given: unknown, parsed: unknown): boolean {
  if (typeof given !== 'object' || given === null) return Object.is(given, parsed);
  if (typeof parsed !== 'object' || parsed === null) return false;
  if (Array.isArray(given)) {
    if (!Array.isArray(parsed) || given.length !== parsed.length) return false;
    for (let i = 0; i < given.length; i += 1) if (!(i in given) || !sameJson(given[i], parsed[i])) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(given);
  if ((proto !== Object.prototype && proto !== null) || Array.isArray(parsed)) return false;
  if (Reflect.ownKeys(given).some((k) => typeof k === 'symbol')) return false;
  const keys = Object.keys(given);
  const parsedRecord = parsed as Record<string, unknown>;
  if (keys.length !== Object.keys(parsedRecord).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(parsedRecord, k) && sameJson((given as Record<string, unknown>)[k], parsedRecord[k]));
}

function jsonDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value as object).map(jsonDepth));
}

function expectJson(value: unknown, family: Family): Expected {
  if (isNullish(value)) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return NOT_STORABLE; // cycles, bigints
  }
  if (text === undefined) return NOT_STORABLE;
  const parsed: unknown = JSON.parse(text);
  if (!sameJson(value, parsed)) return NOT_STORABLE;
  if (LONE_SURROGATE.test(text.replace(/\\u[0-9a-f]{4}/gi, (e) => String.fromCharCode(parseInt(e.slice(2), 16))))) return NOT_STORABLE;
  if (family === 'postgresql' && text.includes('\\u0000')) return NOT_STORABLE; // jsonb has no U+0000
  if (family === 'mysql' && jsonDepth(value) > 31) return NOT_STORABLE; // MariaDB's JSON nesting limit
  return parsed;
}

function expectBytes(value: unknown): Expected {
  if (isNullish(value)) return null;
  return value instanceof Uint8Array ? Buffer.from(value) : NOT_STORABLE;
}

function expectBlob(value: unknown): Expected {
  if (isNullish(value)) return null;
  try {
    return dj.unpack(dj.pack(value));
  } catch {
    return NOT_STORABLE;
  }
}

// ------------------------------------------------------------------ comparing fetched values

function sameValue(expected: unknown, fetched: unknown): boolean {
  if (expected instanceof Date) {
    if (!(fetched instanceof Date) || fetched instanceof dj.PreciseDate !== expected instanceof dj.PreciseDate) return false;
    return fetched.toISOString() === expected.toISOString();
  }
  if (Buffer.isBuffer(expected)) return Buffer.isBuffer(fetched) && expected.equals(fetched);
  // parsed JSON and unpacked blobs: same prototypes, same own properties, numbers by Object.is
  return isDeepStrictEqual(expected, fetched);
}

// ------------------------------------------------------------------ values

/** Values that no type should take as they are, or takes in another spelling. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, undefined, NaN, -0, 0, 1, -1, 0.5, Infinity, -Infinity, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324, 1e-50,
    '', ' ', 'NULL', 'null', 'DEFAULT', true, false, 1n, -1n, 2n ** 64n, [], {}, [1], { a: 1 },
    new Date(Number.NaN), new Date(0), Buffer.alloc(0), new Uint8Array([1, 2]), new Float32Array([1]), new Map(), Symbol('s'), () => 1,
  ),
  hostileString,
  awkwardText,
);

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const numberText = (n: number | bigint) => pick(String(n), ` ${n} `, `+${n}`);

/** Years 1 to 9999, the range every backend keeps. */
const MIN_DATE = new Date('0001-01-01T00:00:00.000Z');
const MAX_DATE = new Date('9999-12-31T23:59:59.999Z');
const validDate = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true });
const preciseDate = fc.tuple(validDate, fc.integer({ min: 0, max: 999 })).map(([d, us]) => new dj.PreciseDate(d, us));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateText = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const offsetText = fc.oneof(
  pick('Z', 'z', '+00:00', '+14:00', '-12:00', '+05:30', '-0930', '+01'),
  pick('+14:01', '-12:01', '+99:00', '+05:60', '+15', '-13:00', '+1:00', '+0'),
);
/** Date-time text with `digits` fractional digits and maybe an offset. */
function dateTimeText(digits: fc.Arbitrary<number>, withOffset: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(preciseDate, digits, pick(' ', 'T'), withOffset ? fc.option(offsetText, { nil: '' }) : fc.constant(''))
    .map(([d, n, sep, zone]) => {
      const fraction = d.toISOString().slice(20, 26).slice(0, n);
      return `${dateText(d)}${sep}${d.toISOString().slice(11, 19)}${n > 0 ? `.${fraction}` : ''}${zone}`;
    });
}
const impossibleDateTimes = pick(
  '2021-02-29 00:00:00', '2021-13-01 00:00:00', '2021-01-01 24:00:00', '2021-01-01 23:60:00', '2021-01-01 23:59:60', '0000-12-31 23:59:59',
  '10000-01-01 00:00:00', '9999-12-31 23:59:59.9999995', '0001-01-01 00:00:00+00:01', '9999-12-31 23:59:59-00:01', '2021-1-1 1:2:3', '20210101',
);

const timeText = (maxHours: number) =>
  fc
    .tuple(fc.boolean(), fc.integer({ min: 0, max: maxHours }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: null }))
    .map(([neg, h, m, s, f]) => `${neg ? '-' : ''}${h}:${pad(m)}:${pad(s)}${f === null ? '' : `.${pad(f, 6).replace(/0+$/, '') || '0'}`}`);

const jsonValue = fc.jsonValue({ maxDepth: 4 });

// ------------------------------------------------------------------ the types under test

interface TypeCase {
  /** Attribute name. */
  readonly name: string;
  /** Values that must be kept. */
  readonly valid: (family: Family) => fc.Arbitrary<unknown>;
  /** Values that are kept exactly or refused. */
  readonly hostile: fc.Arbitrary<unknown>;
  readonly expected: (value: unknown, family: Family) => Expected;
  /** Whether `restrict({ attr: fetched })` is defined for the type (not for blobs). */
  readonly restricts?: boolean;
}

const integerCase = (name: string, min: bigint, max: bigint): TypeCase => {
  const big = name.endsWith('64');
  const inRange = fc.bigInt({ min, max });
  return {
    name,
    valid: () => fc.oneof(pick(min, max, 0n), inRange).map((n) => (big ? n : Number(n))),
    hostile: fc.oneof(
      pick(min - 1n, max + 1n, -(2n ** 70n)),
      inRange.chain((n) => numberText(n)),
      pick<unknown>(1.5, -0.5, 1e21, '1.0', '1e3', '0x10', ' ', '١٢', '12abc'),
      inRange.map(Number),
      anyValue,
    ),
    expected: (v) => expectInteger(v, min, max, big),
  };
};

const doubles = fc.double({ noNaN: true, noDefaultInfinity: true });

const CASES: TypeCase[] = [
  integerCase('v_int8', -128n, 127n),
  integerCase('v_int16', -32768n, 32767n),
  integerCase('v_int32', -(2n ** 31n), 2n ** 31n - 1n),
  integerCase('v_int64', -(2n ** 63n), 2n ** 63n - 1n),
  integerCase('v_uint8', 0n, 255n),
  integerCase('v_uint16', 0n, 65535n),
  integerCase('v_uint32', 0n, 2n ** 32n - 1n),
  integerCase('v_uint64', 0n, 2n ** 64n - 1n),
  {
    name: 'v_float32',
    valid: () => fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), doubles.filter((d) => Math.abs(d) < 3e38 && (d === 0 || Math.abs(d) > 1e-44))).filter((d) => !Object.is(d, -0)),
    hostile: fc.oneof(pick(-0, 3.5e38, -3.5e38, 1e-46, 1.4e-45, 3.4028235677973366e38, 16777217), doubles.map(String), anyValue),
    expected: (v, family) => expectFloat(v, true, family),
  },
  {
    name: 'v_float64',
    valid: () => doubles.filter((d) => !Object.is(d, -0)),
    hostile: fc.oneof(pick<unknown>(-0, '-0', '1e-400', '1e400', 'Infinity', '0x10', '.5', '5.', '1e5'), doubles.map(String), anyValue),
    expected: (v, family) => expectFloat(v, false, family),
  },
  {
    name: 'v_decimal',
    valid: () =>
      fc.oneof(
        fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 })).map(([neg, i, f]) => `${neg ? '-' : ''}${i}.${pad(f, 3)}`),
        fc.integer({ min: -9999, max: 9999 }),
        pick('0', '-0.000', '9999.999', '-9999.999', '.5', '5.', '1.5e2', '15E-3', '0.001'),
      ),
    hostile: fc.oneof(
      pick<unknown>('123.4567', '10000', '-10000.0', '1e4', '1e-4', '1e999999999', '1e-999999999', 'NaN', '1,5', '0x1', '+', '.', 0.1 + 0.2, 1e-7, 12345.5, 1e21, 2n ** 64n),
      fc.double({ noNaN: true, min: -1e4, max: 1e4 }),
      anyValue,
    ),
    expected: (v) => expectDecimal(v, 7, 3),
  },
  {
    name: 'v_bool',
    valid: () => fc.oneof(fc.boolean(), pick<unknown>(0, 1, 'true', 'FALSE', ' 1 ', '0')),
    hostile: fc.oneof(pick<unknown>(2, -1, 'yes', 't', 'on', 0.5, -0, 1n), anyValue),
    expected: expectBool,
  },
  {
    name: 'v_char',
    valid: () => fc.string({ unit: fc.constantFrom('a', 'Z', 'é', '😀', "'", '\\', '"', '%', ' ', '-'), maxLength: 4 }),
    hostile: fc.oneof(awkwardText, hostileString, pick('abcde', 'ab ', '😀😀😀😀😀', '    '), anyValue),
    expected: (v, family) => expectText(v, 4, true, family),
  },
  {
    name: 'v_varchar',
    valid: () => fc.string({ unit: fc.constantFrom('a', 'Z', 'é', '😀', "'", '\\', '"', '%', ' ', '\n', '?', '$1'), maxLength: 8 }).filter((s) => [...s].length <= 8),
    hostile: fc.oneof(awkwardText, hostileString, pick('123456789', 'ab  ', '😀'.repeat(9)), anyValue),
    expected: (v, family) => expectText(v, 8, false, family),
  },
  {
    name: 'v_enum',
    valid: () => pick(...ENUM_VALUES),
    hostile: fc.oneof(pick('RED', 'red ', ' red', 'it', 'unï', 'a', "it''s", 'a, b'), awkwardText, anyValue),
    expected: expectEnum,
  },
  {
    name: 'v_date',
    valid: () => fc.oneof(validDate.map((d) => new Date(`${dateText(d)}T00:00:00Z`)), validDate.map(dateText), pick('0001-01-01', '9999-12-31', '2024-02-29')),
    hostile: fc.oneof(validDate, preciseDate, pick('2021-02-29', '2023-02-29', '0000-01-01', '10000-01-01', '2021-1-1', '2021-01-01 00:00:00', '2021-01-01T00:00Z'), pick(new Date(Date.UTC(10000, 0, 1)), new Date(-62198755200001), new Date(8.64e15)), anyValue),
    expected: (v) => expectDate(v),
  },
  ...([['v_datetime', 0], ['v_datetime3', 3], ['v_datetime6', 6]] as const).map(
    ([name, p]): TypeCase => ({
      name,
      valid: () => fc.oneof(p === 0 ? validDate.map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)) : p === 3 ? validDate : preciseDate, dateTimeText(fc.integer({ min: 0, max: p }), false)),
      hostile: fc.oneof(validDate, preciseDate, dateTimeText(fc.integer({ min: 0, max: 7 }), true), impossibleDateTimes, pick(MAX_DATE, new dj.PreciseDate(MAX_DATE, 999), MIN_DATE, new Date(MIN_DATE.getTime() - 1)), anyValue),
      expected: (v) => expectDateTime(v, p),
    }),
  ),
  {
    name: 'v_time',
    valid: (family) => (family === 'mysql' ? timeText(838).map((t) => t.replace(/\.\d+$/, '')).filter((t) => !/^-?838:59:59./.test(t)) : timeText(23).map((t) => t.replace(/^-/, ''))),
    hostile: fc.oneof(timeText(999), pick('24:00:00', '24:00:00.000001', '838:59:59', '-838:59:59', '839:00:00', '25:61:00', '12:60:00', '12:00:60', '-00:00:00', '12:00', '1:2:3', '12:00:00.1234567', ' 12:00:00 ', '12.00.00'), anyValue),
    expected: (v, family) => expectTime(v, family),
  },
  {
    name: 'v_uuid',
    valid: () => fc.oneof(fc.uuid(), fc.uuid().map((u) => `{${u.toUpperCase()}}`), fc.uuid().map((u) => `urn:uuid:${u}`), fc.uuid().map((u) => u.replace(/-/g, '')), fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a))),
    hostile: fc.oneof(pick<unknown>('00000000-0000-0000-0000-00000000000', '00000000-0000-0000-0000-0000000000000', 'g0000000-0000-0000-0000-000000000000', Buffer.alloc(15), Buffer.alloc(17)), anyValue),
    expected: expectUuid,
  },
  {
    name: 'v_json',
    valid: (family) => jsonValue.filter((v) => expectJson(v, family) !== NOT_STORABLE),
    hostile: fc.oneof(
      jsonValue,
      fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
      fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, withTypedArray: true }),
      pick({ a: undefined }, [undefined], { f: () => 1 }, [() => 1], { n: NaN }, [Infinity], { z: -0 }, -0, { s: 'a\0b' }, { k: '\ud800' }, { ['\udc00']: 1 }, JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`) as unknown),
      anyValue,
    ),
    expected: (v, family) => expectJson(v, family),
  },
  {
    name: 'v_bytes',
    valid: () => fc.oneof(fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)), fc.uint8Array({ maxLength: 40 })),
    hostile: fc.oneof(pick<unknown>('bytes', [1, 2, 3], new Uint16Array([1]), new ArrayBuffer(2), new Uint8ClampedArray([1])), anyValue),
    expected: expectBytes,
  },
  {
    name: 'v_blob',
    valid: () => fc.oneof(fc.double(), fc.string(), fc.array(fc.integer(), { maxLength: 5 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.oneof(fc.double(), fc.string(), fc.boolean()), { maxKeys: 3, noNullPrototype: true })),
    hostile: fc.oneof(pick<unknown>(-0, NaN, Infinity, 2n ** 70n, [1, 'a', null], { a: undefined }, Symbol('s'), () => 1, new Map([[1, 2]])), anyValue),
    expected: expectBlob,
    restricts: false,
  },
];

// ------------------------------------------------------------------ the property

/** A generated value, and whether it must be kept (a valid value) or may be refused. */
interface ValueCase {
  readonly value: unknown;
  readonly mustKeep: boolean;
}

/** Cases per run: valid ones go in one INSERT, the others one by one. */
const casesOf = (c: TypeCase, family: Family) =>
  fc.array(fc.oneof(c.valid(family).map((value): ValueCase => ({ value, mustKeep: true })), c.hostile.map((value): ValueCase => ({ value, mustKeep: false }))), { maxLength: 12 });

const describeValue = (v: unknown) =>
  v instanceof Date ? `${v.constructor.name}(${Number.isNaN(v.getTime()) ? 'NaN' : v.toISOString()})` : inspect(v, { depth: 4, breakLength: Infinity });

describeBackends('values of every type, as a property, on $name', (backend: TestBackend) => {
  const db = useTestInstance(backend, { label: 'fuzzv' });
  const family: Family = backend.name === 'mysql' ? 'mysql' : 'postgresql';
  let Value: ReturnType<typeof define>;

  beforeAll(async () => {
    Value = define(db.schema());
    await db.schema().ready();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: kept exactly, or refused naming the attribute', async (name, typeCase) => {
    await fc.assert(
      fc.asyncProperty(casesOf(typeCase, family), async (cases) => {
        await Value.deleteQuick();
        const kept = new Map<number, Expected>();
        const valid = cases.flatMap((c, id) => (c.mustKeep ? [{ id, value: c.value }] : []));
        for (const { id, value } of valid) {
          const expected = typeCase.expected(value, family);
          if (expected === NOT_STORABLE) throw new Error(`the valid value ${describeValue(value)} has no expected value`);
          kept.set(id, expected);
        }
        if (valid.length > 0) await Value.insert(valid.map(({ id, value }) => ({ id, [name]: value })));
        for (const [id, c] of cases.entries()) {
          if (c.mustKeep) continue;
          try {
            await Value.insert1({ id, [name]: c.value });
            kept.set(id, typeCase.expected(c.value, family));
          } catch (error) {
            if (!(error instanceof dj.DataJointError)) throw error;
            expect(error.message).toContain(`\`${name}\``);
            expect(error.message).toContain(Value.fullTableName);
          }
        }
        // the table holds the rows kept, each with the value expected, and nothing else
        const rows = await Value.proj(name).toDicts({ orderBy: 'id' });
        expect(rows.map((r) => r.id)).toEqual([...kept.keys()].sort((a, b) => a - b));
        for (const row of rows) {
          const expected = kept.get(row.id as number);
          const given = cases[row.id as number]!.value;
          if (expected === NOT_STORABLE || !sameValue(expected, row[name])) {
            throw new Error(
              `${name}: ${describeValue(given)} was stored as ${describeValue(row[name])}` +
                (expected === NOT_STORABLE ? ', though it has no faithful representation' : `, not as ${describeValue(expected)}`),
            );
          }
        }
        // each fetched value restricts to its own row
        if (typeCase.restricts !== false && rows.length > 0) {
          expect(await Value.restrict(rows.map((r) => ({ id: r.id, [name]: r[name] }))).count()).toBe(rows.length);
        }
      }),
      fuzzParameters(20),
    );
  });
});
