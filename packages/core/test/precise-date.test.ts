/**
 * PreciseDate: a Date that keeps the microseconds of `datetime(4..6)` values, how it reads,
 * prints and compares, and how the decoders and `formatUtcDateTime` treat it.
 */
import { PreciseDate } from '../src/types/precise-date';
import { formatUtcDateTime } from '../src/dialects/sql-values';
import { decoderForAttribute, normalizeTime, parseDate, parseDateTime, parsePreciseDateTime } from '../src/types/value-decoding';
import type { Attribute } from '../src/heading/attribute';

const column = (type: string, sqlType: string, columnType: string | null): Pick<Attribute, 'kind' | 'type' | 'sqlType' | 'columnType'> => ({
  kind: 'datetime',
  type,
  sqlType,
  columnType,
});

describe('PreciseDate', () => {
  it('is a Date with microseconds beyond the millisecond', () => {
    const t = new PreciseDate(Date.UTC(2025, 0, 1, 12, 0, 0, 123), 456);
    expect(t).toBeInstanceOf(Date);
    expect(t.getUTCMilliseconds()).toBe(123);
    expect(t.getMicroseconds()).toBe(456);
    expect(t.getEpochMicroseconds()).toBe(BigInt(Date.UTC(2025, 0, 1, 12, 0, 0, 123)) * 1000n + 456n);
    expect(t.toISOString()).toBe('2025-01-01T12:00:00.123456Z');
    expect(JSON.stringify({ t })).toBe('{"t":"2025-01-01T12:00:00.123456Z"}');
    expect(new PreciseDate(Date.UTC(2025, 0, 1)).toISOString()).toBe('2025-01-01T00:00:00.000000Z');
  });

  it('reads text with up to six fractional digits, as UTC unless an offset is given', () => {
    expect(PreciseDate.fromString('2025-01-01 12:00:00.123456').toISOString()).toBe('2025-01-01T12:00:00.123456Z');
    expect(PreciseDate.fromString('2025-01-01T12:00:00.5').toISOString()).toBe('2025-01-01T12:00:00.500000Z');
    expect(PreciseDate.fromString('2025-01-01 12:00:00.000001+02:00').toISOString()).toBe('2025-01-01T10:00:00.000001Z');
    expect(PreciseDate.fromString('0001-01-01 00:00:00').getUTCFullYear()).toBe(1);
    expect(PreciseDate.fromString('2025-01-01').toISOString()).toBe('2025-01-01T00:00:00.000000Z');
  });

  it('refuses text it cannot read exactly', () => {
    for (const text of ['2025-01-01 12:00:00.1234567', '2025-02-30 00:00:00', '2025-01-01 24:00:00', '2025-01-01 12:00:00+99:00', 'soon']) {
      expect(() => PreciseDate.fromString(text)).toThrow(RangeError);
    }
    expect(() => new PreciseDate(0, 1000)).toThrow(RangeError);
    expect(() => new PreciseDate(0, 1.5)).toThrow(RangeError);
  });

  it('copies a PreciseDate with its microseconds and a Date without', () => {
    const t = PreciseDate.fromString('2025-01-01 12:00:00.123456');
    expect(new PreciseDate(t).toISOString()).toBe('2025-01-01T12:00:00.123456Z');
    expect(new PreciseDate(t, 7).toISOString()).toBe('2025-01-01T12:00:00.123007Z');
    expect(new PreciseDate(new Date(t.getTime())).getMicroseconds()).toBe(0);
  });

  it('keeps the microseconds when moved by whole units, and clears them when the instant is set', () => {
    const t = PreciseDate.fromString('2025-01-01 12:00:00.123456');
    t.setUTCHours(13);
    expect(t.toISOString()).toBe('2025-01-01T13:00:00.123456Z');
    t.setUTCMilliseconds(5);
    expect(t.toISOString()).toBe('2025-01-01T13:00:00.005000Z');
    const u = PreciseDate.fromString('2025-01-01 12:00:00.123456');
    u.setTime(0);
    expect(u.getMicroseconds()).toBe(0);
  });

  it('compares to the microsecond', () => {
    const a = PreciseDate.fromString('2025-01-01 12:00:00.123456');
    const b = PreciseDate.fromString('2025-01-01 12:00:00.123457');
    expect(PreciseDate.compare(a, b)).toBeLessThan(0);
    expect(PreciseDate.compare(b, a)).toBeGreaterThan(0);
    expect(PreciseDate.compare(a, new PreciseDate(a))).toBe(0);
    expect(PreciseDate.compare(a, new Date(a.getTime()))).toBeGreaterThan(0);
  });
});

describe('date-time text', () => {
  it('writes the microseconds of a PreciseDate and the milliseconds of a Date', () => {
    expect(formatUtcDateTime(PreciseDate.fromString('2025-01-01 12:00:00.123456'))).toBe('2025-01-01 12:00:00.123456');
    expect(formatUtcDateTime(PreciseDate.fromString('2025-01-01 12:00:00.000001'))).toBe('2025-01-01 12:00:00.000001');
    expect(formatUtcDateTime(PreciseDate.fromString('2025-01-01 12:00:00.123'))).toBe('2025-01-01 12:00:00.123');
    expect(formatUtcDateTime(new Date(Date.UTC(2025, 0, 1, 12, 0, 0, 120)))).toBe('2025-01-01 12:00:00.120');
    expect(formatUtcDateTime(new Date(Date.UTC(2025, 0, 1)))).toBe('2025-01-01 00:00:00');
  });

  it('reads dates as UTC midnight, digit by digit or, for other text, as the Date constructor does', () => {
    expect(parseDate('2020-02-29').toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(parseDate('9999-12-31').toISOString()).toBe('9999-12-31T00:00:00.000Z');
    expect(parseDate('1000-01-01').toISOString()).toBe('1000-01-01T00:00:00.000Z');
    expect(parseDate('2020-02-29 12:34:56').toISOString()).toBe('2020-02-29T00:00:00.000Z');
    // MySQL's zero date: day 0 of month 0 of year 0, counted back as Date does
    expect(parseDate('0000-00-00').toISOString()).toBe('-000001-11-30T00:00:00.000Z');
    expect(parseDate('20x0-01-01').getTime()).toBeNaN();
    expect(parseDate('2020-1-5').getTime()).toBe(new Date('2020-1-5').getTime());
  });

  it('reads years below 100 as themselves', () => {
    expect(parseDate('0050-03-04').toISOString()).toBe('0050-03-04T00:00:00.000Z');
    expect(parseDateTime('0001-01-01 00:00:00').getUTCFullYear()).toBe(1);
    expect(parsePreciseDateTime('0099-12-31 23:59:59.999999').toISOString()).toBe('0099-12-31T23:59:59.999999Z');
  });

  it('decodes datetimes keeping more than three digits as PreciseDate, others as Date', () => {
    const text = '2025-01-01 12:00:00.123456';
    for (const [type, sqlType, columnType] of [
      ['datetime(6)', 'datetime(6)', 'datetime(6)'],
      ['datetime(4)', 'timestamp(4)', 'timestamp(4) without time zone'],
      ['timestamp', 'timestamp', 'timestamp without time zone'],
      ['timestamp(6)', 'timestamp(6)', 'timestamp(6)'],
    ] as const) {
      const value = decoderForAttribute(column(type, sqlType, columnType))!(text);
      expect([type, value instanceof PreciseDate]).toEqual([type, true]);
      expect((value as PreciseDate).toISOString()).toBe('2025-01-01T12:00:00.123456Z');
    }
    for (const [type, sqlType, columnType] of [
      ['datetime', 'datetime', 'datetime'],
      ['datetime(3)', 'timestamp(3)', 'timestamp(3) without time zone'],
      ['timestamp', 'timestamp', 'timestamp'],
    ] as const) {
      const value = decoderForAttribute(column(type, sqlType, columnType))!('2025-01-01 12:00:00.123');
      expect([type, value instanceof PreciseDate, value instanceof Date]).toEqual([type, false, true]);
    }
  });

  it('prints times one way whatever the server printed', () => {
    expect(normalizeTime('12:00:00.500')).toBe('12:00:00.5');
    expect(normalizeTime('12:00:00.000000')).toBe('12:00:00');
    expect(normalizeTime('838:59:59')).toBe('838:59:59');
    expect(normalizeTime('-00:00:01')).toBe('-00:00:01');
    expect(normalizeTime('-00:00:00.000')).toBe('00:00:00');
    expect(normalizeTime('1:02:03')).toBe('01:02:03');
  });
});
