/**
 * Python `datetime.date`, `datetime.time` and `datetime.datetime` values (naive, with
 * microseconds), which a blob stores as a `t` item. JavaScript `Date` cannot hold
 * microseconds or a date without a time, hence these classes.
 */
import { DataJointError } from '../../errors';

const MS_PER_DAY = 86_400_000;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DataJointError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function checkDate(year: number, month: number, day: number): void {
  checkRange('year', year, 1, 9999);
  checkRange('month', month, 1, 12);
  checkRange('day', day, 1, daysInMonth(year, month));
}

function checkTime(hour: number, minute: number, second: number, microsecond: number): void {
  checkRange('hour', hour, 0, 23);
  checkRange('minute', minute, 0, 59);
  checkRange('second', second, 0, 59);
  checkRange('microsecond', microsecond, 0, 999_999);
}

/** A calendar date (Python `datetime.date`), years 1 to 9999 as in Python. */
export class BlobDate {
  /**
   * @throws DataJointError when the date does not exist
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    checkDate(year, month, day);
  }

  /** Midnight UTC of this date. */
  toDate(): Date {
    const date = new Date(0);
    // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
    date.setUTCFullYear(this.year, this.month - 1, this.day);
    return date;
  }

  /** ISO 8601 text, e.g. `2024-01-02` (Python's `isoformat()`). */
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }
}

/** A time of day with microseconds (Python `datetime.time`, naive). */
export class BlobTime {
  /**
   * @throws DataJointError when a field is out of range
   */
  constructor(
    readonly hour: number = 0,
    readonly minute: number = 0,
    readonly second: number = 0,
    readonly microsecond: number = 0,
  ) {
    checkTime(hour, minute, second, microsecond);
  }

  /** ISO 8601 text, e.g. `03:04:05.000006` (Python's `isoformat()`: no fraction when zero). */
  toString(): string {
    const base = `${pad(this.hour, 2)}:${pad(this.minute, 2)}:${pad(this.second, 2)}`;
    return this.microsecond === 0 ? base : `${base}.${pad(this.microsecond, 6)}`;
  }
}

/** A date and time with microseconds (Python `datetime.datetime`, naive; read as UTC here). */
export class BlobDateTime {
  /**
   * @throws DataJointError when the date or a time field is out of range
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number = 0,
    readonly minute: number = 0,
    readonly second: number = 0,
    readonly microsecond: number = 0,
  ) {
    checkDate(year, month, day);
    checkTime(hour, minute, second, microsecond);
  }

  /**
   * The UTC wall-clock time of a JavaScript Date, with microseconds = milliseconds × 1000.
   * @throws DataJointError for an invalid Date or a year outside 1..9999
   */
  static fromDate(date: Date): BlobDateTime {
    if (Number.isNaN(date.getTime())) throw new DataJointError('Cannot convert an invalid Date');
    return new BlobDateTime(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds() * 1000,
    );
  }

  /** This date and time as a UTC JavaScript Date (microseconds truncated to milliseconds). */
  toDate(): Date {
    const date = this.date().toDate();
    date.setUTCHours(this.hour, this.minute, this.second, Math.floor(this.microsecond / 1000));
    return date;
  }

  /** The date part. */
  date(): BlobDate {
    return new BlobDate(this.year, this.month, this.day);
  }

  /** The time part. */
  time(): BlobTime {
    return new BlobTime(this.hour, this.minute, this.second, this.microsecond);
  }

  /** ISO 8601 text, e.g. `2024-01-02T03:04:05.000006` (Python's `isoformat()`). */
  toString(): string {
    return `${this.date().toString()}T${this.time().toString()}`;
  }
}

/** The numpy "not a time" value of datetime64 (the smallest int64). */
const NAT = -(2n ** 63n);

/** Microseconds in one unit, for the units numpy's `item()` turns into a datetime. */
const MICROSECONDS_PER_UNIT: Readonly<Record<string, bigint>> = {
  h: 3_600_000_000n,
  m: 60_000_000n,
  s: 1_000_000n,
  ms: 1_000n,
  us: 1n,
};

/** Floor division of bigints (JavaScript `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The calendar date `days` days after 1970-01-01, or `undefined` outside years 1..9999. */
function dateFromEpochDays(days: bigint): BlobDate | undefined {
  // Days of 0001-01-01 and 9999-12-31 relative to the epoch.
  if (days < -719_162n || days > 2_932_896n) return undefined;
  const date = new Date(Number(days) * MS_PER_DAY);
  return new BlobDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * What numpy's `item()` gives for a datetime64 scalar: a date for units of a day or more, a
 * datetime for hours down to microseconds, the raw count for finer units or years outside
 * 1..9999, and `null` for NaT.
 */
export function datetime64Item(count: bigint, unit: string): BlobDate | BlobDateTime | bigint | null {
  if (count === NAT) return null;
  let date: BlobDate | undefined;
  switch (unit) {
    case 'Y':
      date = count >= -1969n && count <= 8029n ? new BlobDate(1970 + Number(count), 1, 1) : undefined;
      break;
    case 'M': {
      const year = 1970n + floorDiv(count, 12n);
      const month = count - floorDiv(count, 12n) * 12n;
      date = year >= 1n && year <= 9999n ? new BlobDate(Number(year), Number(month) + 1, 1) : undefined;
      break;
    }
    case 'W':
      date = dateFromEpochDays(count * 7n);
      break;
    case 'D':
      date = dateFromEpochDays(count);
      break;
    default: {
      const perUnit = MICROSECONDS_PER_UNIT[unit];
      if (perUnit === undefined) return count;
      const micros = count * perUnit;
      const day = dateFromEpochDays(floorDiv(micros, 86_400_000_000n));
      if (!day) return count;
      const inDay = Number(micros - floorDiv(micros, 86_400_000_000n) * 86_400_000_000n);
      const seconds = Math.floor(inDay / 1_000_000);
      return new BlobDateTime(
        day.year,
        day.month,
        day.day,
        Math.floor(seconds / 3600),
        Math.floor(seconds / 60) % 60,
        seconds % 60,
        inDay % 1_000_000,
      );
    }
  }
  return date ?? count;
}
