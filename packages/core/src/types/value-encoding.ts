/**
 * Encoding JavaScript values for insertion, by the attribute's kind. Every value is checked
 * against its type before anything is sent: an integer out of range, a string too long,
 * an enum value not in the list, a malformed UUID or date throw a DataJointError naming
 * the attribute and the table.
 */
import { DataJointError } from '../errors';
import type { Attribute } from '../heading/attribute';
import { INTEGER_RANGES } from './value-kind';

/** Stands for SQL `DEFAULT` (the column's default, or NULL) in an encoded row. */
export const SQL_DEFAULT: unique symbol = Symbol('SQL DEFAULT');

/** What an encoder needs to know besides the attribute. */
export interface EncodingContext {
  /** The table, as shown in error messages. */
  readonly table: string;
  /** Turns 32 hex digits into the backend's UUID parameter (16 bytes on MySQL, text on PostgreSQL). */
  readonly encodeUuid: (hex: string) => unknown;
}

/** A value as shown in messages; never throws (objects without a prototype have no `toString`). */
function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function fail(attribute: Attribute, context: EncodingContext, value: unknown, reason: string): never {
  const shown = showValue(value);
  throw new DataJointError(
    `Invalid value ${shown} for attribute \`${attribute.name}\` (${attribute.type}) of ${context.table}: ${reason}.`,
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
  /** Fractional digits kept by a datetime attribute. */
  readonly precision: number;
}

const LIMITS = new WeakMap<Attribute, TypeLimits>();
const LENGTH_TYPE = /^(?:var)?char\s*\(\s*(\d+)\s*\)/i;

function limitsOf(attribute: Attribute): TypeLimits {
  let limits = LIMITS.get(attribute);
  if (!limits) {
    const range = INTEGER_RANGES[attribute.type.toLowerCase()] ?? INTEGER_RANGES[attribute.sqlType.toLowerCase().replace(/\s+auto_increment$/, '')];
    const length = LENGTH_TYPE.exec(attribute.sqlType) ?? LENGTH_TYPE.exec(attribute.type);
    const datetime = /^datetime(?:\s*\(\s*(\d+)\s*\))?$/i.exec(attribute.type);
    limits = {
      range,
      numberRange: range && [Number(range[0]), Number(range[1])],
      maxLength: length ? Number(length[1]) : null,
      precision: datetime ? Math.min(6, Number(datetime[1] ?? 0)) : 6,
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
    return value;
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

function encodeFloat(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (typeof value !== 'number' && Number.isNaN(n)) fail(attribute, context, value, 'expected a number');
  if (Number.isNaN(n)) return SQL_DEFAULT;
  if (!Number.isFinite(n)) fail(attribute, context, value, 'infinite values cannot be stored');
  if (attribute.kind === 'float32') {
    // Sent as the single-precision value itself: MySQL rejects doubles just above the
    // largest float32 that PostgreSQL rounds down, and both then store the same number.
    const single = Math.fround(n);
    if (!Number.isFinite(single)) fail(attribute, context, value, 'out of range for float32');
    return single;
  }
  return n;
}

function encodeDecimal(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (typeof value === 'number' && Number.isNaN(value)) return SQL_DEFAULT;
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(attribute, context, value, 'expected a decimal number');
  const declared = /decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/i;
  const m = declared.exec(attribute.sqlType) ?? declared.exec(attribute.type);
  if (m && !/e/i.test(text)) {
    const precision = Number(m[1]);
    const scale = Number(m[2]);
    const integerDigits = text.replace(/^[-+]/, '').split('.')[0]!.replace(/^0+(?=\d)/, '');
    if (integerDigits !== '0' && integerDigits.length > precision - scale) {
      fail(attribute, context, value, `does not fit decimal(${precision},${scale})`);
    }
  }
  return text;
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
const ZONE_SUFFIX = /\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

function partsOfDate(date: Date, micros = date.getUTCMilliseconds() * 1000): DateTimeParts {
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

function encodeDate(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  let parts: DateTimeParts | null = null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(attribute, context, value, 'invalid date');
    const year = value.getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR) fail(attribute, context, value, `year outside ${MIN_YEAR}..${MAX_YEAR}`);
    // a valid Date is a real calendar day
    return `${pad(year, 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  } else if (typeof value === 'string') {
    const m = DATE_TEXT.exec(value.trim());
    if (m) parts = partsOfText(m);
  }
  if (!parts) fail(attribute, context, value, "expected a Date or 'YYYY-MM-DD'");
  const problem = calendarProblem(parts);
  if (problem) fail(attribute, context, value, problem);
  return formatDate(parts);
}

/** Fractional digits a datetime attribute keeps: as declared for `datetime(n)`, none for `datetime`, else six. */
function dateTimePrecision(attribute: Attribute): number {
  return limitsOf(attribute).precision;
}

function encodeDateTime(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  let parts: DateTimeParts | null = null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(attribute, context, value, 'invalid date');
    parts = partsOfDate(value);
    const precision = dateTimePrecision(attribute);
    if (parts.micros === 0 || precision >= 3) {
      // a valid Date is a real calendar day and time; nothing to round
      if (parts.year < MIN_YEAR || parts.year > MAX_YEAR) fail(attribute, context, value, `year outside ${MIN_YEAR}..${MAX_YEAR}`);
      return formatDateTime(parts, precision);
    }
  } else if (typeof value === 'string') {
    const text = value.trim();
    const zone = ZONE_SUFFIX.exec(text);
    const m = DATETIME_TEXT.exec(zone ? text.slice(0, zone.index) : text);
    if (m) parts = partsOfText(m);
    if (parts && zone && !calendarProblem(parts)) {
      // Stored as UTC: shift by the given offset, keeping the fraction as written.
      const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone[1]!);
      const minutes = offset ? (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === '-' ? -1 : 1) : 0;
      parts = partsOfDate(new Date(epochSeconds(parts) - minutes * 60_000), parts.micros);
    }
  }
  if (!parts) fail(attribute, context, value, "expected a Date or 'YYYY-MM-DD HH:MM:SS'");
  const precision = dateTimePrecision(attribute);
  const problem = calendarProblem(parts) ?? calendarProblem(roundParts(parts, precision));
  if (problem) fail(attribute, context, value, problem);
  return formatDateTime(roundParts(parts, precision), precision);
}

function encodeTime(attribute: Attribute, value: unknown, context: EncodingContext): unknown {
  if (typeof value === 'string' && /^-?\d{1,3}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value.trim())) return value.trim();
  fail(attribute, context, value, "expected 'HH:MM:SS'");
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
  try {
    return JSON.stringify(value);
  } catch (err) {
    fail(attribute, context, value, `cannot be serialised as JSON (${(err as Error).message})`);
  }
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
