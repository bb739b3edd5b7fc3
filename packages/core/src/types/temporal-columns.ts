/**
 * What the column of a date-time or time attribute holds: its fractional-second digits and,
 * for `time`, its range. Declared types decide where they can (`datetime(3)` keeps three
 * digits on every backend, `datetime` none); native types without a precision keep what
 * their backend gives them, told apart by the catalog's spelling of the column type
 * (PostgreSQL reports `time without time zone`, MySQL plain `time`).
 */
import type { Attribute } from '../heading/attribute';

/** The parts of an attribute these rules read. */
export type TemporalColumn = Pick<Attribute, 'type' | 'sqlType' | 'columnType'>;

const DATETIME_TYPE = /^datetime(?:\s*\(\s*(\d+)\s*\))?$/i;
const PRECISION = /^(?:datetime|timestamp|time)\s*\(\s*(\d+)\s*\)/i;

/** True when the catalog spelled the column the PostgreSQL way (`… with[out] time zone`). */
export function isPostgresTemporalColumn(column: TemporalColumn): boolean {
  return /\btime zone$/i.test(column.columnType ?? '');
}

/**
 * Fractional-second digits (0–6) kept by the column of a `datetime`, `timestamp` or `time`
 * attribute: as declared (`datetime(n)`, `timestamp(n)`, `time(n)`); none for `datetime`;
 * six for PostgreSQL's `timestamp` and `time`, none for MySQL's; six when the column is
 * unknown (a computed attribute), so that nothing is dropped.
 */
export function fractionalDigits(column: TemporalColumn): number {
  const declared = DATETIME_TYPE.exec(column.type.trim());
  if (declared) return Math.min(6, Number(declared[1] ?? 0));
  const written = PRECISION.exec(column.type.trim()) ?? PRECISION.exec(column.sqlType.trim());
  if (written) return Math.min(6, Number(written[1]));
  if (column.columnType === null || isPostgresTemporalColumn(column)) return 6;
  return 0;
}

/** Microseconds in a second, minute and hour, for `time` arithmetic. */
export const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_HOUR = 3600 * MICROS_PER_SECOND;

/** The values a `time` column holds, in microseconds from midnight (both ends included). */
export interface TimeRange {
  readonly min: number;
  readonly max: number;
  /** As shown in messages. */
  readonly text: string;
}

/** MySQL's TIME: an interval of −838:59:59 … 838:59:59. */
export const MYSQL_TIME: TimeRange = { min: -((838 * 3600 + 59 * 60 + 59) * MICROS_PER_SECOND), max: (838 * 3600 + 59 * 60 + 59) * MICROS_PER_SECOND, text: '-838:59:59 … 838:59:59' };
/** PostgreSQL's time: a time of day, 00:00:00 … 24:00:00. */
export const POSTGRES_TIME: TimeRange = { min: 0, max: 24 * MICROS_PER_HOUR, text: '00:00:00 … 24:00:00' };

/** The range of a `time` attribute's column, as its catalog spelling tells (when the backend is not known). */
export function timeRangeOfColumn(column: TemporalColumn): TimeRange {
  return isPostgresTemporalColumn(column) ? POSTGRES_TIME : MYSQL_TIME;
}

/**
 * The instants MySQL's native `timestamp` holds (UTC, microseconds since the epoch), or
 * `null` for any other column: PostgreSQL's `timestamp` and `datetime` reach years 1–9999.
 */
export function mysqlTimestampRange(column: TemporalColumn): { readonly min: number; readonly max: number } | null {
  if (column.columnType === null || !/^timestamp\s*(\(\s*\d+\s*\))?$/i.test(column.columnType.trim())) return null;
  return { min: Date.UTC(1970, 0, 1, 0, 0, 1) * 1000, max: Date.UTC(2038, 0, 19, 3, 14, 7) * 1000 + 999_999 };
}
