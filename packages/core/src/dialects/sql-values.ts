/**
 * Normalising parameter values before they reach a driver, so that every backend stores
 * the same thing for the same JavaScript value. Dates are written in UTC (DataJoint
 * stores naive date-times; this implementation reads and writes them as UTC).
 */

import { microsecondsOf } from '../types/precise-date';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `YYYY-MM-DD HH:MM:SS[.mmm[uuu]]` in UTC: the text form both servers accept for date-times.
 * A `PreciseDate` writes its microseconds too, a plain `Date` its milliseconds.
 */
export function formatUtcDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  const micros = microsecondsOf(date);
  if (micros !== 0) return `${base}.${pad(ms, 3)}${pad(micros, 3)}`;
  return ms === 0 ? base : `${base}.${pad(ms, 3)}`;
}

/** True for objects that should travel as JSON text (plain objects and arrays). */
export function isJsonLike(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date || Buffer.isBuffer(value) || value instanceof Uint8Array) return false;
  return true;
}
