/**
 * Decoding values fetched from any backend into the JavaScript value of their kind. The
 * drivers hand over near-raw values (see each dialect's driver: 64-bit integers, decimals,
 * dates and JSON as text); these functions make them identical across backends.
 */
import type { ValueKind } from './value-kind';

/** Converts one raw value (never null) into the JavaScript value of its kind. */
export type ValueDecoder = (raw: unknown) => unknown;

/** `YYYY-MM-DD` → a Date at UTC midnight. */
export function parseDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return new Date(text);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][±HH[:MM]|Z]` → a Date; without an offset the time is read as UTC. */
export function parseDateTime(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text.trim());
  if (!m) return new Date(text);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return new Date(utc);
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const minutes = (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === '-' ? -1 : 1);
  return new Date(utc - minutes * 60_000);
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
  if (!Number.isFinite(value)) return value;
  const single = Math.fround(value);
  for (let digits = 1; digits < 9; digits += 1) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}

const DECODERS: Partial<Record<ValueKind, ValueDecoder>> = {
  int: toNumber,
  float: toNumber,
  float32: (raw) => shortestFloat32(typeof raw === 'number' ? raw : Number(raw)),
  bigint: (raw) => (typeof raw === 'bigint' ? raw : BigInt(typeof raw === 'number' ? Math.trunc(raw) : String(raw))),
  decimal: (raw) => String(raw),
  bool: (raw) => raw === true || raw === 1 || raw === '1' || raw === 't' || raw === 'true' || raw === 1n,
  string: (raw) => (typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)),
  char: (raw) => String(raw).replace(/ +$/, ''),
  date: (raw) => (raw instanceof Date ? raw : parseDate(String(raw))),
  datetime: (raw) => (raw instanceof Date ? raw : parseDateTime(String(raw))),
  time: (raw) => String(raw),
  uuid: formatUuid,
  json: (raw) => (typeof raw === 'string' ? JSON.parse(raw) : Buffer.isBuffer(raw) ? JSON.parse(raw.toString('utf8')) : raw),
  bytes: (raw) => (Buffer.isBuffer(raw) ? raw : raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : Buffer.from(String(raw))),
};

/** The decoder of a kind (`undefined` for `other`: the driver's value is kept). */
export function decoderFor(kind: ValueKind): ValueDecoder | undefined {
  return DECODERS[kind];
}
