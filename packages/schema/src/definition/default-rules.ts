/**
 * Whether the default of an attribute fits its type (spec-core §4.4), checked before any
 * DDL so that a server never rejects, rounds or reinterprets it: integers within range,
 * numbers finite and within the decimal's digits, real calendar dates and times with no
 * more fractional digits than the type keeps, enum values from the list, strings within
 * their length, `CURRENT_TIMESTAMP` only for datetimes and with their precision.
 * Defaults that only one backend refuses are checked by its DDL dialect.
 */
import { DataJointError } from '@dj/core';
import { INTEGER_RANGES, kindOfType, type AttributeType } from '@dj/core/internal';
import { definitionError, type AttributeItem } from './definition-parser';
import { textProblem } from './type-rules';

/** The default's value with quotes removed (`"a"` → `a`, `'a'` → `a`, `''` inside single quotes → `'`). */
export function unquoteDefault(text: string): string {
  const m = /^"(.*)"$/s.exec(text) ?? /^'(.*)'$/s.exec(text);
  if (!m) return text;
  return text.startsWith("'") ? m[1]!.replace(/''/g, "'") : m[1]!;
}

/** `CURRENT_TIMESTAMP` or `CURRENT_TIMESTAMP(n)`, any case. */
export const CURRENT_TIMESTAMP_DEFAULT = /^CURRENT_TIMESTAMP(?:\s*\(\s*(\d*)\s*\))?$/i;

/** Whether a type makes the server number the rows itself (`auto_increment`, `serial`). */
export function isAutoIncrementType(type: AttributeType): boolean {
  return type.category === 'native' && (type.autoIncrement || /^serial$/i.test(type.text));
}

/** Fractional-second digits a temporal type keeps (`datetime(3)` → 3, `timestamp` → 0). */
export function timePrecision(type: AttributeType): number {
  if (type.category === 'core') return type.core.name === 'datetime' ? (type.core.precision ?? 0) : 0;
  return Number(/\(\s*(\d+)\s*\)/.exec(type.text)?.[1] ?? 0);
}

/** Digits of a decimal type, when the type states them on every backend. */
function decimalDigits(type: AttributeType): { precision: number; scale: number } | null {
  if (type.category === 'core') return type.core.name === 'decimal' ? type.core : null;
  const m = /^numeric\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/i.exec(type.text);
  return m ? { precision: Number(m[1]), scale: Number(m[2] ?? 0) } : null;
}

/** The range of an integer type: the core name, or the native type without display width and options. */
function integerRange(type: AttributeType): readonly [bigint, bigint] | undefined {
  if (type.category === 'core') return INTEGER_RANGES[type.core.name];
  const text = type.text.toLowerCase();
  if (text.startsWith('year')) return [1901n, 2155n];
  return INTEGER_RANGES[text.replace(/\s*\(\s*\d+\s*\)/, '').replace(/\s+auto_increment$/, '')];
}

const FLOAT32_MAX = 3.4028234663852886e38;

function leapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Why `value` is not a calendar date `YYYY-MM-DD` of years 1–9999, or null. */
function dateProblem(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return "expected 'YYYY-MM-DD'";
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, leapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1 || days === undefined || day < 1 || day > days) return 'not a calendar date';
  return null;
}

/** Why `value` is not a time of day `HH:MM[:SS[.f]]` with at most `precision` fractional digits, or null. */
function timeProblem(value: string, precision: number): string | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(value);
  if (!m) return "expected 'HH:MM:SS'";
  if (Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return 'not a time of day';
  const fraction = (m[4] ?? '').replace(/0+$/, '');
  if (fraction.length > precision) return `more than ${precision} fractional digits of seconds`;
  return null;
}

/** Why `value` is not a datetime `YYYY-MM-DD[ HH:MM[:SS[.f]]]`, or null. */
function datetimeProblem(value: string, precision: number): string | null {
  const m = /^(\S+?)(?:[ T](.+))?$/.exec(value);
  if (!m) return "expected 'YYYY-MM-DD HH:MM:SS'";
  return dateProblem(m[1]!) ?? (m[2] === undefined ? null : timeProblem(m[2], precision));
}

/** Why `value` does not fit the digits of a decimal type, or null. */
function decimalProblem(value: string, digits: { precision: number; scale: number } | null): string | null {
  const m = /^[-+]?(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || (m[1] === '' && !m[2])) return 'expected a number';
  if (!digits) return null;
  const whole = m[1]!.replace(/^0+/, '').length;
  const fraction = (m[2] ?? '').replace(/0+$/, '').length;
  if (whole > digits.precision - digits.scale) return `more than ${digits.precision - digits.scale} digits before the decimal point`;
  if (fraction > digits.scale) return `more than ${digits.scale} digits after the decimal point`;
  return null;
}

/** Why `value` is not a default of `type`, or null. */
function valueProblem(type: AttributeType, value: string): string | null {
  switch (kindOfType(type)) {
    case 'int':
    case 'bigint': {
      if (!/^[-+]?\d+$/.test(value)) return 'expected an integer';
      const range = integerRange(type);
      // PostgreSQL stores int8 and the unsigned types in wider columns, so the server would accept any of these.
      if (range && (BigInt(value) < range[0] || BigInt(value) > range[1])) return `out of range [${range[0]}, ${range[1]}]`;
      return null;
    }
    case 'float':
    case 'float32': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return 'expected a number';
      const number = Number(value);
      if (!Number.isFinite(number)) return 'out of range';
      if (kindOfType(type) === 'float32' && Math.abs(number) > FLOAT32_MAX) return 'out of the range of a 32-bit float';
      return null;
    }
    case 'decimal':
      return decimalProblem(value, decimalDigits(type));
    case 'bool':
      return /^(true|false|0|1)$/i.test(value) ? null : 'expected true or false';
    case 'date':
      return dateProblem(value);
    case 'datetime':
      return datetimeProblem(value, timePrecision(type));
    case 'time':
      return timeProblem(value, timePrecision(type));
    case 'uuid':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value) ? null : 'expected a UUID';
    case 'string':
    case 'char': {
      if (type.category !== 'core') return null;
      const core = type.core;
      if (core.name === 'enum' && !core.values.includes(value)) return `not one of ${core.values.map((v) => `'${v}'`).join(', ')}`;
      if ((core.name === 'varchar' || core.name === 'char') && [...value].length > core.length) return `longer than ${core.length} characters`;
      return null;
    }
    default:
      return null;
  }
}

/**
 * Checks that the default of an attribute fits its type.
 * @throws DataJointError naming the line and the table.
 */
export function checkDefault(label: string, item: AttributeItem): void {
  const text = item.defaultText;
  if (text === null) return;
  const type = item.type;
  if (isAutoIncrementType(type)) {
    throw definitionError(label, item.line, `The auto-incremented attribute \`${item.name}\` cannot have a default`);
  }
  if (/^null$/i.test(text)) return;
  const kind = kindOfType(type);
  if (type.category === 'codec' || kind === 'bytes' || kind === 'json') {
    throw new DataJointError(`The default value for blob attributes can only be NULL in:\n${item.line}\n(definition of ${label})`);
  }
  const problem = textProblem(text, `The default ${text}`);
  if (problem) throw definitionError(label, item.line, problem);
  const wrong = (why: string) => definitionError(label, item.line, `Default ${text} does not fit type ${type.text}: ${why}`);
  const stamp = CURRENT_TIMESTAMP_DEFAULT.exec(text);
  if (stamp) {
    if (kind !== 'datetime') throw wrong('CURRENT_TIMESTAMP is a default of datetime attributes only');
    const precision = timePrecision(type);
    if (Number(stamp[1] || 0) !== precision) {
      throw wrong(`the precision must match the type's: CURRENT_TIMESTAMP${precision ? `(${precision})` : ''}`);
    }
    return;
  }
  const why = valueProblem(type, unquoteDefault(text));
  if (why) throw wrong(why);
}
