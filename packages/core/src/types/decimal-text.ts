/**
 * Exact decimal numbers as text: `-12.50`, `.5`, `1.5e2`, read digit by digit (never through
 * a binary float), so that a value can be checked against `decimal(p,s)` before it is sent
 * and written in plain notation that every server reads the same way.
 */

/** A decimal number: its sign, its significant digits and where the point goes among them. */
export interface DecimalDigits {
  readonly negative: boolean;
  /** Significant digits without leading or trailing zeros; `''` for zero. */
  readonly digits: string;
  /** Digits before the point: `digits = '15'`, `pointAt = 3` is 150; `pointAt = -1` is 0.015. */
  readonly pointAt: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Reads a decimal number (optional sign, digits with an optional point, optional exponent); `null` for anything else. */
export function parseDecimalText(text: string): DecimalDigits | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const whole = m[2]!;
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return null;
  const all = whole + fraction;
  const leading = /^0*/.exec(all)![0].length;
  const digits = all.slice(leading).replace(/0+$/, '');
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  return { negative: m[1] === '-' && digits !== '', digits, pointAt: digits === '' ? 0 : whole.length - leading + exponent };
}

/** Digits needed before the point (0 for values below 1). */
export function integerDigitCount(value: DecimalDigits): number {
  return value.digits === '' ? 0 : Math.max(0, value.pointAt);
}

/** Digits needed after the point, trailing zeros not counted. */
export function fractionDigitCount(value: DecimalDigits): number {
  return value.digits === '' ? 0 : Math.max(0, value.digits.length - value.pointAt);
}

/** Plain notation, no exponent, no trailing zeros: `150`, `-0.015`, `0`. Check the digit counts first: this writes them all. */
export function formatDecimalDigits(value: DecimalDigits): string {
  const { digits, pointAt } = value;
  if (digits === '') return '0';
  const sign = value.negative ? '-' : '';
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
