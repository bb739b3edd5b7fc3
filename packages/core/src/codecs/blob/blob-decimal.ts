/**
 * Python `decimal.Decimal` values. A blob stores `str(Decimal)`, so the text is kept in the
 * same canonical form Python prints; that way a value built from `'1e5'` is written exactly
 * as Python writes `Decimal('1e5')` (as `1E+5`).
 */
import { DataJointError } from '../../errors';

/** Decimal syntax accepted by Python's `Decimal(str)` (case-insensitive, `_` between digits). */
const DECIMAL_SYNTAX =
  /^([+-])?(?:(?<int>\d(?:_?\d)*)?(?:\.(?<frac>\d(?:_?\d)*)?)?(?:e(?<exp>[+-]?\d(?:_?\d)*))?|(?<inf>inf(?:inity)?)|(?<nan>s?nan)(?<payload>\d(?:_?\d)*)?)$/i;

/**
 * The text Python's `str(Decimal(text))` gives (its "to-scientific-string" conversion).
 * @throws DataJointError when the text is not a decimal number.
 */
export function canonicalDecimal(text: string): string {
  const match = DECIMAL_SYNTAX.exec(text.trim());
  const groups = match?.groups;
  if (!match || !groups || (groups.int === undefined && groups.frac === undefined && !groups.inf && !groups.nan)) {
    throw new DataJointError(`Invalid decimal literal: ${JSON.stringify(text)}`);
  }
  const sign = match[1] === '-' ? '-' : '';
  if (groups.inf) return `${sign}Infinity`;
  if (groups.nan) {
    const payload = (groups.payload ?? '').replace(/_/g, '').replace(/^0+/, '');
    return `${sign}${groups.nan.toLowerCase() === 'snan' ? 'sNaN' : 'NaN'}${payload}`;
  }
  const intPart = (groups.int ?? '').replace(/_/g, '');
  const fracPart = (groups.frac ?? '').replace(/_/g, '');
  const digits = `${intPart}${fracPart}`.replace(/^0+(?=\d)/, '');
  const exponent = Number((groups.exp ?? '0').replace(/_/g, '')) - fracPart.length;
  return sign + scientificString(digits, exponent);
}

/** Python's `Decimal.__str__` layout of a coefficient and exponent (no sign). */
function scientificString(digits: string, exponent: number): string {
  const leftDigits = exponent + digits.length;
  // Plain notation for small negative exponents, scientific otherwise (as Python decides).
  const dotPlace = exponent <= 0 && leftDigits > -6 ? leftDigits : 1;
  let intPart: string;
  let fracPart: string;
  if (dotPlace <= 0) {
    intPart = '0';
    fracPart = `.${'0'.repeat(-dotPlace)}${digits}`;
  } else if (dotPlace >= digits.length) {
    intPart = digits + '0'.repeat(dotPlace - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, dotPlace);
    fracPart = `.${digits.slice(dotPlace)}`;
  }
  const shift = leftDigits - dotPlace;
  const exp = shift === 0 ? '' : `E${shift > 0 ? '+' : '-'}${Math.abs(shift)}`;
  return intPart + fracPart + exp;
}

/** A Python `Decimal`, held as the canonical text Python prints for it. */
export class BlobDecimal {
  /** Canonical text, e.g. `-112122121.000003000`, `1E+5`, `NaN`. */
  readonly value: string;

  /**
   * @param value - decimal text in any form Python's `Decimal()` accepts, or an integer
   * @throws DataJointError when the text is not a decimal number
   */
  constructor(value: string | bigint) {
    this.value = typeof value === 'bigint' ? value.toString() : canonicalDecimal(value);
  }

  /** The nearest JavaScript number (precision may be lost). */
  toNumber(): number {
    return this.value.endsWith('sNaN') ? Number.NaN : Number(this.value.replace(/NaN\d*$/, 'NaN'));
  }

  /** The canonical text. */
  toString(): string {
    return this.value;
  }
}
