/**
 * A `Date` that also holds the microseconds beyond its milliseconds, for date-times stored
 * with more than three fractional digits (`datetime(4)` … `datetime(6)`, native
 * `timestamp(n)`), which a plain `Date` would round.
 */

import { utcOffsetMinutes } from './utc-offset';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD[ T]HH:MM[:SS[.f…]][Z|±HH[:MM]]`, the spellings {@link PreciseDate.fromString} reads. */
const DATE_TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function checkMicroseconds(microseconds: number): number {
  if (!Number.isInteger(microseconds) || microseconds < 0 || microseconds > 999) {
    throw new RangeError(`Microseconds beyond the millisecond must be an integer in 0..999, not ${microseconds}.`);
  }
  return microseconds;
}

/**
 * A date-time with microsecond precision: a `Date` (milliseconds since the epoch, so every
 * `Date` method and `instanceof Date` work) plus the microseconds beyond the millisecond,
 * 0–999 (as Temporal's `microsecond` field).
 *
 * DataJoint returns a `PreciseDate` for every value of an attribute that keeps more than
 * three fractional digits (`datetime(4)` … `datetime(6)`, native `timestamp(n)`); such values
 * restrict and insert with their full precision. `toISOString()`, and so `JSON.stringify`,
 * print six fractional digits: `2025-01-01T12:00:00.123456Z`.
 *
 * ```ts
 * const t = dj.PreciseDate.fromString('2025-01-01 12:00:00.123456');   // read as UTC
 * t.getUTCMilliseconds();   // 123
 * t.getMicroseconds();      // 456
 * new dj.PreciseDate(Date.UTC(2025, 0, 1), 250);                      // 2025-01-01T00:00:00.000250Z
 * ```
 *
 * The microseconds are kept by the methods that move the date by whole units (`setHours`,
 * `setUTCDate`, …) and cleared by those that set the instant or its milliseconds (`setTime`,
 * `setMilliseconds`, `setUTCMilliseconds`). Arithmetic and comparison operators (`a < b`,
 * `a - b`) see milliseconds only; compare with {@link PreciseDate.compare}. Structured
 * cloning (`structuredClone`, worker messages) gives a plain `Date`.
 */
export class PreciseDate extends Date {
  #microseconds: number;

  /**
   * @param time - milliseconds since the epoch, or a `Date` (a `PreciseDate` keeps its
   *   microseconds unless `microseconds` is given)
   * @param microseconds - microseconds beyond the millisecond, an integer 0–999
   * @throws RangeError for microseconds outside 0–999
   */
  constructor(time: number | Date, microseconds?: number) {
    super(time instanceof Date ? time.getTime() : time);
    const given = microseconds ?? (time instanceof PreciseDate ? time.getMicroseconds() : 0);
    this.#microseconds = Number.isNaN(this.getTime()) ? 0 : checkMicroseconds(given);
  }

  /**
   * Reads `YYYY-MM-DD HH:MM:SS.ffffff` (or with `T`, fewer fractional digits, and a `Z` or
   * `±HH:MM` offset). Text without an offset is read as UTC, as DataJoint stores date-times.
   * @throws RangeError for any other text, or more than six fractional digits
   */
  static fromString(text: string): PreciseDate {
    const m = DATE_TIME_TEXT.exec(text.trim());
    const offset = m?.[8] === undefined ? 0 : utcOffsetMinutes(m[8]);
    if (!m || offset === null) throw new RangeError(`Not a date-time with at most six fractional digits: ${JSON.stringify(text)}.`);
    const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
    const fraction = (m[7] ?? '').padEnd(6, '0');
    const date = new Date(0);
    // setUTCFullYear, unlike Date.UTC, does not move years 0–99 to the 1900s
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3)));
    const exists =
      date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
      date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
    if (!exists) throw new RangeError(`No such date or time: ${JSON.stringify(text)}.`);
    return new PreciseDate(date.getTime() - offset * 60_000, Number(fraction.slice(3)));
  }

  /**
   * Orders two dates to the microsecond (a plain `Date` has none beyond its milliseconds):
   * negative, zero or positive, for sorting.
   */
  static compare(a: Date, b: Date): number {
    const byMilliseconds = a.getTime() - b.getTime();
    if (byMilliseconds !== 0 || Number.isNaN(byMilliseconds)) return byMilliseconds;
    return microsecondsOf(a) - microsecondsOf(b);
  }

  /** The microseconds beyond the millisecond, 0–999. */
  getMicroseconds(): number {
    return this.#microseconds;
  }

  /** Microseconds since the epoch, exactly. */
  getEpochMicroseconds(): bigint {
    return BigInt(this.getTime()) * 1000n + BigInt(this.#microseconds);
  }

  /** ISO 8601 in UTC with six fractional digits: `2025-01-01T12:00:00.123456Z`. */
  override toISOString(): string {
    return super.toISOString().replace(/Z$/, `${pad(this.#microseconds, 3)}Z`);
  }

  override setTime(time: number): number {
    this.#microseconds = 0;
    return super.setTime(time);
  }

  override setMilliseconds(ms: number): number {
    this.#microseconds = 0;
    return super.setMilliseconds(ms);
  }

  override setUTCMilliseconds(ms: number): number {
    this.#microseconds = 0;
    return super.setUTCMilliseconds(ms);
  }
}

/** The microseconds beyond the millisecond of any `Date`: 0 for a plain one. */
export function microsecondsOf(date: Date): number {
  return date instanceof PreciseDate ? date.getMicroseconds() : 0;
}
