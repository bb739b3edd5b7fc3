/**
 * Decoding values fetched from any backend into the JavaScript value of their kind. The
 * drivers hand over near-raw values (see each dialect's driver: 64-bit integers, decimals,
 * dates and JSON as text); these functions make them identical across backends.
 */
import type { Attribute } from '../heading/attribute';
import { PreciseDate } from './precise-date';
import { fractionalDigits } from './temporal-columns';
import type { ValueKind } from './value-kind';

/** Converts one raw value (never null) into the JavaScript value of its kind. */
export type ValueDecoder = (raw: unknown) => unknown;

/** A Date at `hours:minutes:seconds.ms` UTC of the given day; years 0–99 stay themselves (Date.UTC moves them to the 1900s). */
function utcDate(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0): Date {
  if (year >= 100) return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, ms));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date;
}

/** The number written by `length` decimal digits of `text` from `start`; -1 when one is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `YYYY-MM-DD` → a Date at UTC midnight. */
export function parseDate(text: string): Date {
  // read digit by digit: a fetch decodes every date of every row this way
  if (text.length >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (year >= 0 && month >= 0 && day >= 0) return utcDate(year, month, day);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return new Date(text);
  return utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds and the microseconds beyond them of a date-time text; `null` for other text. */
function readDateTime(text: string): { time: number; micros: number } | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const fraction = (m[7] ?? '').slice(0, 6).padEnd(6, '0');
  const date = utcDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number(fraction.slice(0, 3)));
  let time = date.getTime();
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    time -= (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * 60_000 * (offset[1] === '-' ? -1 : 1);
  }
  return { time, micros: Number(fraction.slice(3)) };
}

/** `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][±HH[:MM]|Z]` → a Date (to the millisecond); without an offset the time is read as UTC. */
export function parseDateTime(text: string): Date {
  const read = readDateTime(text);
  return read ? new Date(read.time) : new Date(text);
}

/** Like {@link parseDateTime}, keeping the microseconds: a {@link PreciseDate}. */
export function parsePreciseDateTime(text: string): PreciseDate {
  const read = readDateTime(text);
  return read ? new PreciseDate(read.time, read.micros) : new PreciseDate(new Date(text));
}

/**
 * A time as the servers print it (`838:59:59`, `-00:00:01`, `12:00:00.500`, `12:00:00.5`),
 * in one spelling on every backend: `HH:MM:SS`, then the fractional digits without
 * trailing zeros, if any are left.
 */
export function normalizeTime(text: string): string {
  const m = /^(-?)(\d+):(\d{2}):(\d{2})(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return text;
  const fraction = (m[5] ?? '').replace(/0+$/, '');
  const zero = /^0+$/.test(m[2]! + m[3]! + m[4]!) && fraction === '';
  return `${zero ? '' : m[1]}${m[2]!.padStart(2, '0')}:${m[3]}:${m[4]}${fraction ? `.${fraction}` : ''}`;
}

/** 16 bytes or any UUID spelling → canonical lower-case `8-4-4-4-12` text. */
export function formatUuid(raw: unknown): string {
  const hex = Buffer.isBuffer(raw) || raw instanceof Uint8Array ? Buffer.from(raw).toString('hex') : String(raw).toLowerCase().replace(/[^0-9a-f]/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const toNumber: ValueDecoder = (raw) => (typeof raw === 'number' ? raw : Number(raw));

/**
 * The shortest decimal that reads back as the same single-precision value, whatever
 * precision the backend printed it with (PostgreSQL prints `real` shortest, MySQL's
 * fetch widens `float` to double): `0.1`, not `0.10000000149011612`.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value; // keeps -0
  const single = Math.fround(value);
  for (let digits = 1; digits < 9; digits += 1) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}

/** MySQL's tinyint may hold any number another client wrote: like C, non-zero is true. */
function decodeBool(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return Number(raw) !== 0;
  const text = String(raw);
  return text === 't' || text === 'true' || (/^-?\d+$/.test(text) && Number(text) !== 0);
}

const DECODERS: Partial<Record<ValueKind, ValueDecoder>> = {
  int: toNumber,
  float: toNumber,
  float32: (raw) => shortestFloat32(typeof raw === 'number' ? raw : Number(raw)),
  bigint: (raw) => (typeof raw === 'bigint' ? raw : BigInt(typeof raw === 'number' ? Math.trunc(raw) : String(raw))),
  decimal: (raw) => String(raw),
  bool: decodeBool,
  string: (raw) => (typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)),
  char: (raw) => String(raw).replace(/ +$/, ''),
  date: (raw) => (raw instanceof Date ? raw : parseDate(String(raw))),
  datetime: (raw) => (raw instanceof Date ? raw : parseDateTime(String(raw))),
  time: (raw) => normalizeTime(String(raw)),
  uuid: formatUuid,
  json: (raw) => (typeof raw === 'string' ? JSON.parse(raw) : Buffer.isBuffer(raw) ? JSON.parse(raw.toString('utf8')) : raw),
  // Text is base64: PostgreSQL fetches bytea that way (see its adapter's fetchColumnSql).
  bytes: (raw) =>
    Buffer.isBuffer(raw) ? raw : raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : Buffer.from(String(raw), 'base64'),
};

/** The decoder of a kind (`undefined` for `other`: the driver's value is kept). */
export function decoderFor(kind: ValueKind): ValueDecoder | undefined {
  return DECODERS[kind];
}

const decodePreciseDateTime: ValueDecoder = (raw) => (raw instanceof PreciseDate ? raw : parsePreciseDateTime(raw instanceof Date ? raw.toISOString() : String(raw)));

/**
 * The decoder of an attribute's values: by its kind, except that a datetime keeping more
 * than three fractional digits gives a {@link PreciseDate} for every value.
 */
export function decoderForAttribute(attribute: Pick<Attribute, 'kind' | 'type' | 'sqlType' | 'columnType'>): ValueDecoder | undefined {
  if (attribute.kind === 'datetime' && fractionalDigits(attribute) > 3) return decodePreciseDateTime;
  return DECODERS[attribute.kind];
}

/**
 * The decoder of a computed date-time (no declared precision): a `Date`, or a
 * {@link PreciseDate} when the server gives digits beyond the millisecond, so none is lost.
 */
export const decodeComputedDateTime: ValueDecoder = (raw) => {
  if (raw instanceof Date) return raw;
  const text = String(raw);
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  return /[1-9]/.test(fraction.slice(3)) ? parsePreciseDateTime(text) : parseDateTime(text);
};
