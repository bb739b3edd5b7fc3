/**
 * Encoding JavaScript values for insertion and restriction, by the attribute's kind. Every
 * value is checked against its type before anything is sent: an integer out of range, a
 * string too long, an enum value not in the list, a malformed UUID, date or time throw a
 * DataJointError naming the attribute and the table. So does a value the column would hold
 * differently from how it was given (digits a decimal would round, a time-zone offset no
 * place uses, a lone surrogate, a function inside JSON, -0 where the server keeps 0): it is
 * refused, never silently changed. The documented conversions are kept: other spellings of
 * a value (`'12'` for an integer), NaN as null, a float32 as its nearest single, and a
 * `Date` rounded to the precision of its datetime attribute.
 */
import { DataJointError } from '../errors';
import type { Attribute } from '../heading/attribute';
import { fractionDigitCount, formatDecimalDigits, integerDigitCount, parseDecimalText } from './decimal-text';
import { ANY_JSON, jsonProblem } from './json-fidelity';
import { microsecondsOf } from './precise-date';
import { MICROS_PER_SECOND, fractionalDigits, mysqlTimestampRange, timeRangeOfColumn } from './temporal-columns';
import { hasLoneSurrogate } from './text-fidelity';
import { UTC_OFFSET_SUFFIX, utcOffsetMinutes } from './utc-offset';
import { INTEGER_RANGES } from './value-kind';
import type { ValueStorage } from './value-storage';

/** Stands for SQL `DEFAULT` (the column's default, or NULL) in an encoded row. */
export const SQL_DEFAULT: unique symbol = Symbol('SQL DEFAULT');

/** What an encoder needs to know besides the attribute. */
export interface EncodingContext {
  /** The table, as shown in error messages. */
  readonly table: string;
  /** Turns 32 hex digits into the backend's UUID parameter (16 bytes on MySQL, text on PostgreSQL). */
  readonly encodeUuid: (hex: string) => unknown;
  /**
   * What the backend the value is written to stores differently (inserts). It enables the
   * checks of what only that backend cannot store: -0 in MySQL floats, NUL in PostgreSQL
   * text and jsonb, JSON nested deeper than MariaDB allows. Restrictions leave it out: a
   * value no row can hold simply matches nothing.
   */
  readonly storage?: ValueStorage;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Object.is(value, -0)) return '-0';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = String(value);
  } catch {
    text = Object.prototype.toString.call(value); // objects without a prototype have no toString
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(attribute: Attribute, context: EncodingContext, value: unknown, reason: string): never {
  throw new DataJointError(
    `Invalid value ${shown(value)} for attribute \`${attribute.name}\` (${attribute.type}) of ${context.table}: ${reason}.`,
  );
}

/** What checking a value needs from its attribute's type, worked out once per attribute. */
interface TypeLimits {
  /** Integer range, for integer attributes. */
  readonly range: readonly [bigint, bigint] | undefined;
  /** The same range as numbers, exact for safe integers. */
  readonly numberRange: readonly [number, number] | undefined;
  /** Largest length in characters, for char/varchar attributes. */
  readonly maxLength: number | null;
  /** Fractional-second digits kept by a datetime or time attribute. */
  readonly precision: number;
  /** Precision and scale of a `decimal(p,s)` attribute. */
  readonly decimal: { readonly precision: number; readonly scale: number } | null;
}

const LIMITS = new WeakMap<Attribute, TypeLimits>();
const LENGTH_TYPE = /^(?:var)?char\s*\(\s*(\d+)\s*\)/i;
const DECIMAL_TYPE = /decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/i;

function limitsOf(attribute: Attribute): TypeLimits {
  let limits = LIMITS.get(attribute);
  if (!limits) {
    const range = INTEGER_RANGES[attribute.type.toLowerCase()] ?? INTEGER_RANGES[attribute.sqlType.toLowerCase().replace(/\s+auto_increment$/, '')];
    const length = LENGTH_TYPE.exec(attribute.sqlType) ?? LENGTH_TYPE.exec(attribute.type);
    const decimal = DECIMAL_TYPE.exec(attribute.sqlType) ?? DECIMAL_TYPE.exec(attribute.type);
    limits = {
      range,
      numberRange: range && [Number(range[0]), Number(range[1])],
      maxLength: length ? Number(length[1]) : null,
      precision: attribute.kind === 'datetime' || attribute.kind === 'time' ? fractionalDigits(attribute) : 6,
      decimal: decimal ? { precision: Number(decimal[1]), scale: Number(decimal[2]) } : null,
    };
    LIMITS.set(attribute, limits);
  }
  return limits;
}

function encodeInteger(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  const limits = limitsOf(attribute);
  if (typeof value === 'number' && Number.isSafeInteger(value) && attribute.kind !== 'bigint') {
    // the common case, without BigInt arithmetic
    const range = limits.numberRange;
    if (range && (value < range[0] || value > range[1])) fail(attribute, context, value, `out of range [${range[0]}, ${range[1]}]`);
    return value + 0; // -0 is the integer 0
  }
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number') {
    if (!Number.isInteger(value)) fail(attribute, context, value, 'not an integer');
    n = BigInt(value);
  } else if (typeof value === 'boolean') n = value ? 1n : 0n;
  else if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) n = BigInt(value.trim());
  else fail(attribute, context, value, 'expected an integer');
  const range = limits.range;
  if (range && (n < range[0] || n > range[1])) fail(attribute, context, value, `out of range [${range[0]}, ${range[1]}]`);
  return attribute.kind === 'bigint' || n > 9007199254740991n || n < -9007199254740991n ? n.toString() : Number(n);
}

/** A number written in decimal notation (what `Number()` also reads as hex, binary or blank is refused). */
const FLOAT_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function encodeFloat(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && FLOAT_TEXT.test(value.trim())) {
    n = Number(value.trim());
    if (n === 0 && /[1-9]/.test(value.replace(/[eE].*$/, ''))) fail(attribute, context, value, 'too small for a float64: it would be stored as 0');
    if (!Number.isFinite(n)) fail(attribute, context, value, 'too large for a float64');
  } else if (typeof value === 'string' && /^\s*[-+]?Infinity\s*$/.test(value)) {
    fail(attribute, context, value, 'infinite values cannot be stored');
  } else fail(attribute, context, value, 'expected a number');
  if (Number.isNaN(n)) return SQL_DEFAULT; // as datajoint-python stores NaN
  if (!Number.isFinite(n)) fail(attribute, context, value, 'infinite values cannot be stored');
  if (attribute.kind === 'float32') {
    // Sent as the single-precision value itself: MySQL rejects doubles just above the
    // largest float32 that PostgreSQL rounds down, and both then store the same number.
    const single = Math.fround(n);
    if (!Number.isFinite(single)) fail(attribute, context, value, 'out of range for float32');
    if (single === 0 && n !== 0) fail(attribute, context, value, 'too small for float32: it would be stored as 0');
    n = single;
  }
  if (Object.is(n, -0)) {
    if (context.storage?.keepsNegativeZero === false) fail(attribute, context, value, `${context.storage.serverName} store -0 as 0; give 0 instead`);
    return '-0'; // the drivers print the number -0 as "0"
  }
  return n;
}

function encodeDecimal(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (typeof value === 'number' && Number.isNaN(value)) return SQL_DEFAULT;
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const parsed = parseDecimalText(text);
  if (!parsed) fail(attribute, context, value, 'expected a decimal number');
  const declared = limitsOf(attribute).decimal;
  const integerDigits = integerDigitCount(parsed);
  const fractionDigits = fractionDigitCount(parsed);
  if (declared) {
    const { precision, scale } = declared;
    if (fractionDigits > scale) {
      // the server would round it
      fail(attribute, context, value, `more than ${scale} digit${scale === 1 ? '' : 's'} after the decimal point of decimal(${precision},${scale}); round it first`);
    }
    if (integerDigits > precision - scale) fail(attribute, context, value, `does not fit decimal(${precision},${scale})`);
  } else if (integerDigits > 131072 || fractionDigits > 16383) {
    fail(attribute, context, value, 'out of the range of a decimal');
  }
  return formatDecimalDigits(parsed);
}

function encodeBool(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string' && /^(true|false|1|0)$/i.test(value.trim())) return /^(true|1)$/i.test(value.trim());
  fail(attribute, context, value, 'expected a boolean');
}

function encodeString(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (typeof value !== 'string') {
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') value = String(value);
    else fail(attribute, context, value, 'expected a string');
  }
  const text = value as string;
  if (attribute.enumValues) {
    if (!attribute.enumValues.includes(text)) {
      fail(attribute, context, value, `not one of ${attribute.enumValues.map((v) => `'${v}'`).join(', ')}`);
    }
    return text;
  }
  const maxLength = limitsOf(attribute).maxLength;
  // UTF-16 units never undercount characters, so only a long text needs counting
  if (maxLength !== null && text.length > maxLength && [...text].length > maxLength) {
    fail(attribute, context, value, `longer than ${maxLength} characters`);
  }
  if (hasLoneSurrogate(text)) fail(attribute, context, value, 'it holds a lone UTF-16 surrogate, which UTF-8 cannot encode (the server would store U+FFFD)');
  if (context.storage?.textHoldsNul === false && text.includes('\0')) fail(attribute, context, value, `${context.storage.serverName} text cannot hold the character NUL (\\0)`);
  return text;
}

/** Years every backend stores: MySQL writes four digits and PostgreSQL has no year 0. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** A calendar date and time of day (UTC), with microseconds. */
interface DateTimeParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

function partsOfDate(date: Date, micros = date.getUTCMilliseconds() * 1000 + microsecondsOf(date)): DateTimeParts {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    micros,
  };
}

function partsOfText(m: RegExpExecArray): DateTimeParts {
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micros: Number((m[7] ?? '').padEnd(6, '0')),
  };
}

/** Milliseconds since the epoch of the whole seconds of `parts`. */
function epochSeconds(parts: DateTimeParts): number {
  const date = new Date(0);
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute, parts.second, 0);
  return date.getTime();
}

/**
 * Why `parts` is not a date every backend accepts (`null` when it is): servers reject
 * `2021-02-30` or `24:00:00` with differing errors, or store years MySQL cannot.
 */
function calendarProblem(parts: DateTimeParts): string | null {
  if (parts.year < MIN_YEAR || parts.year > MAX_YEAR) return `year outside ${MIN_YEAR}..${MAX_YEAR}`;
  const check = partsOfDate(new Date(epochSeconds(parts)), parts.micros);
  const same =
    check.year === parts.year && check.month === parts.month && check.day === parts.day &&
    check.hour === parts.hour && check.minute === parts.minute && check.second === parts.second;
  return same ? null : 'no such date or time';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function formatDate(parts: DateTimeParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/**
 * Rounds to `precision` fractional digits, as MySQL does on insert, so that a column that
 * keeps whole seconds on MySQL (`datetime`) does not keep milliseconds on PostgreSQL
 * (`timestamp` keeps six digits).
 */
function roundParts(parts: DateTimeParts, precision: number): DateTimeParts {
  const unit = 10 ** (6 - precision);
  const micros = Math.round(parts.micros / unit) * unit;
  if (micros < 1_000_000) return { ...parts, micros };
  return partsOfDate(new Date(epochSeconds(parts) + 1000), 0);
}

function formatDateTime(parts: DateTimeParts, precision: number): string {
  const base = `${formatDate(parts)} ${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
  if (precision === 0 || parts.micros === 0) return base;
  return `${base}.${pad(parts.micros, 6).slice(0, precision)}`;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, n) => pad(n));
/** The first and last midnight (UTC) of the years every backend stores. */
const FIRST_MIDNIGHT_MS = new Date(0).setUTCFullYear(MIN_YEAR, 0, 1);
const LAST_MIDNIGHT_MS = new Date(0).setUTCFullYear(MAX_YEAR, 11, 31);

function encodeDate(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  let parts: DateTimeParts | null = null;
  if (value instanceof Date) {
    const ms = value.getTime();
    // the common case at once: a midnight UTC in range (toISOString() would be slower)
    if (ms % DAY_MS === 0 && ms >= FIRST_MIDNIGHT_MS && ms <= LAST_MIDNIGHT_MS && microsecondsOf(value) === 0) {
      const year = value.getUTCFullYear();
      return `${year >= 1000 ? year : pad(year, 4)}-${TWO_DIGITS[value.getUTCMonth() + 1]}-${TWO_DIGITS[value.getUTCDate()]}`;
    }
    if (Number.isNaN(ms)) fail(attribute, context, value, 'invalid date');
    parts = partsOfDate(value);
    if (parts.year < MIN_YEAR || parts.year > MAX_YEAR) fail(attribute, context, value, `year outside ${MIN_YEAR}..${MAX_YEAR}`);
    if (parts.hour !== 0 || parts.minute !== 0 || parts.second !== 0 || parts.micros !== 0) {
      // the time of day would be dropped; a local midnight is another day in UTC
      fail(attribute, context, value, "it has a time of day; a date takes a Date at midnight UTC (Date.UTC(y, m, d)) or 'YYYY-MM-DD'");
    }
    return formatDate(parts); // a valid Date is a real calendar day
  } else if (typeof value === 'string') {
    const m = DATE_TEXT.exec(value.trim());
    if (m) parts = partsOfText(m);
  }
  if (!parts) fail(attribute, context, value, "expected a Date or 'YYYY-MM-DD'");
  const problem = calendarProblem(parts);
  if (problem) fail(attribute, context, value, problem);
  return formatDate(parts);
}

/**
 * A datetime: a `Date` (a {@link PreciseDate} with its microseconds) is rounded to the
 * attribute's precision, as MySQL rounds; text is taken as written, so fractional digits
 * the attribute does not keep are refused, and an offset (`Z`, `+02:00`) moves it to UTC.
 */
function encodeDateTime(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  const precision = limitsOf(attribute).precision;
  let parts: DateTimeParts | null = null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(attribute, context, value, 'invalid date');
    parts = partsOfDate(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    const zone = UTC_OFFSET_SUFFIX.exec(text);
    const m = DATETIME_TEXT.exec(zone ? text.slice(0, zone.index) : text);
    if (m) {
      parts = partsOfText(m);
      const digits = (m[7] ?? '').replace(/0+$/, '').length;
      if (digits > precision) fail(attribute, context, value, `more fractional digits than ${attribute.type} keeps (${precision})`);
      const problem = calendarProblem(parts);
      if (problem) fail(attribute, context, value, problem);
    }
    if (parts && zone) {
      const minutes = utcOffsetMinutes(zone[1]!);
      if (minutes === null) fail(attribute, context, value, 'no such UTC offset (offsets run from -12:00 to +14:00)');
      // Stored as UTC: shift by the given offset, keeping the fraction as written.
      parts = partsOfDate(new Date(epochSeconds(parts) - minutes * 60_000), parts.micros);
    }
  }
  if (!parts) fail(attribute, context, value, "expected a Date or 'YYYY-MM-DD HH:MM:SS'");
  const rounded = roundParts(parts, precision);
  const problem = calendarProblem(parts) ?? calendarProblem(rounded);
  if (problem) fail(attribute, context, value, problem);
  const timestampRange = mysqlTimestampRange(attribute);
  if (timestampRange) {
    const micros = epochSeconds(rounded) * 1000 + rounded.micros;
    if (micros < timestampRange.min || micros > timestampRange.max) {
      fail(attribute, context, value, 'outside the range of a MySQL timestamp (1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC)');
    }
  }
  return formatDateTime(rounded, precision);
}

const TIME_TEXT = /^(-)?(\d{1,3}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/**
 * A time: `[-]HH:MM[:SS[.ffffff]]` text, checked against what the column holds (MySQL's TIME
 * interval, or PostgreSQL's time of day) and written as `HH:MM:SS[.ffffff]`.
 */
function encodeTime(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  const m = typeof value === 'string' ? TIME_TEXT.exec(value.trim()) : null;
  if (!m) fail(attribute, context, value, "expected 'HH:MM:SS'");
  const [hours, minutes, seconds] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (minutes > 59 || seconds > 59) fail(attribute, context, value, 'minutes and seconds run from 00 to 59');
  const fraction = (m[5] ?? '').replace(/0+$/, '');
  const precision = limitsOf(attribute).precision;
  if (fraction.length > precision) fail(attribute, context, value, `more fractional digits than ${attribute.type} keeps (${precision})`);
  const magnitude = ((hours * 60 + minutes) * 60 + seconds) * MICROS_PER_SECOND + Number(fraction.padEnd(6, '0'));
  const negative = m[1] === '-' && magnitude !== 0;
  const range = context.storage?.timeRange ?? timeRangeOfColumn(attribute);
  const micros = negative ? -magnitude : magnitude;
  if (micros < range.min || micros > range.max) fail(attribute, context, value, `outside ${range.text}`);
  return `${negative ? '-' : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}${fraction ? `.${fraction}` : ''}`;
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

function encodeUuid(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if ((Buffer.isBuffer(value) || value instanceof Uint8Array) && value.length === 16) {
    return context.encodeUuid(Buffer.from(value).toString('hex'));
  }
  const m = typeof value === 'string' ? UUID_TEXT.exec(value.trim()) : null;
  if (!m) fail(attribute, context, value, 'badly formed UUID');
  return context.encodeUuid(m.slice(1, 6).join('').toLowerCase());
}

function encodeJson(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  const problem = jsonProblem(value, context.storage?.json ?? ANY_JSON);
  if (problem) fail(attribute, context, value, `cannot be serialised as JSON without change: ${problem}`);
  return JSON.stringify(value);
}

function encodeBytes(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  fail(attribute, context, value, 'expected a Buffer or Uint8Array');
}

/**
 * Encodes one value of an attribute for an INSERT: the parameter to bind, or
 * {@link SQL_DEFAULT} for `null`/`undefined` (and NaN in numeric attributes, and `''` in
 * numeric attributes, as CSV files write a missing number).
 */
export function encodeValue(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (value === null || value === undefined) return SQL_DEFAULT;
  switch (attribute.kind) {
    case 'int':
    case 'bigint':
      if (value === '' || (typeof value === 'number' && Number.isNaN(value))) return SQL_DEFAULT;
      return encodeInteger(attribute, value, context);
    case 'float':
    case 'float32':
      if (value === '') return SQL_DEFAULT;
      return encodeFloat(attribute, value, context);
    case 'decimal':
      if (value === '') return SQL_DEFAULT;
      return encodeDecimal(attribute, value, context);
    case 'bool':
      return encodeBool(attribute, value, context);
    case 'string':
    case 'char':
      return encodeString(attribute, value, context);
    case 'date':
      return encodeDate(attribute, value, context);
    case 'datetime':
      return encodeDateTime(attribute, value, context);
    case 'time':
      return encodeTime(attribute, value, context);
    case 'uuid':
      return encodeUuid(attribute, value, context);
    case 'json':
      return encodeJson(attribute, value, context);
    case 'bytes':
      return encodeBytes(attribute, value, context);
    default:
      return value;
  }
}
