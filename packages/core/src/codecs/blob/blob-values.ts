/**
 * Wrapper values for Python kinds that plain JavaScript values cannot tell apart: complex
 * numbers, floats with integral values, tuples and UUIDs. Decimals and dates/times have
 * their own modules.
 */
import { DataJointError } from '../../errors';

/** A complex number (Python `complex`, numpy complex elements). */
export class Complex {
  /**
   * @param re - real part
   * @param im - imaginary part
   */
  constructor(
    readonly re: number,
    readonly im: number = 0,
  ) {}

  /** Python's notation, e.g. `(1+2j)` or `7j`. */
  toString(): string {
    const imag = `${formatPart(this.im)}j`;
    if (this.re === 0 && !Object.is(this.re, -0)) return imag;
    const sign = this.im < 0 || Object.is(this.im, -0) || Number.isNaN(this.im) ? '' : '+';
    return `(${formatPart(this.re)}${sign}${imag})`;
  }
}

/** Formats one part of a complex number the way Python does (`inf`, `nan`, no `.0`). */
function formatPart(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Forces a number to be written as a Python `float`. A bare JavaScript number with an
 * integral value (`7`) is written as a Python `int`; wrap it (`new BlobFloat(7)`) to write
 * `7.0` instead. Decoding never produces this class: Python floats decode to numbers.
 */
export class BlobFloat {
  /** @param value - the number to write as a float */
  constructor(readonly value: number) {
    if (typeof value !== 'number') throw new DataJointError(`BlobFloat expects a number, got ${typeof value}`);
  }

  /** Lets the wrapper take part in arithmetic. */
  valueOf(): number {
    return this.value;
  }
}

/**
 * A Python `tuple`. It is an Array (so it can be indexed and iterated) whose class tells
 * the blob writer to emit a tuple instead of a list. Derived arrays (`map`, `filter`,
 * `slice`) are plain arrays, since they are new sequences rather than the stored tuple.
 */
export class BlobTuple<T = unknown> extends Array<T> {
  /** Derived arrays are plain arrays, and `new BlobTuple(n)` is never called with a length. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** @param items - the tuple's elements (a single number is an element, not a length) */
  constructor(...items: T[]) {
    super();
    for (const item of items) this.push(item);
  }
}

/** Hex text of a UUID without separators, from the forms Python's `uuid.UUID()` accepts. */
function uuidHex(text: string): string {
  const hex = text
    .trim()
    .replace(/^urn:/i, '')
    .replace(/^uuid:/i, '')
    .replace(/^\{|\}$/g, '')
    .replace(/-/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new DataJointError(`Badly formed UUID string: ${JSON.stringify(text)}`);
  return hex;
}

/** A UUID (Python `uuid.UUID`), held as its canonical lower-case text. */
export class BlobUuid {
  /** Canonical text, e.g. `0f0e0d0c-0b0a-4908-8706-050403020100`. */
  readonly value: string;

  /**
   * @param text - a UUID in any form Python accepts: with or without hyphens, braces or a
   *   `urn:uuid:` prefix, in either case
   */
  constructor(text: string) {
    const hex = uuidHex(text);
    this.value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** The UUID made of 16 bytes in RFC 4122 (big-endian) order. */
  static fromBytes(bytes: Uint8Array): BlobUuid {
    if (bytes.length !== 16) throw new DataJointError(`A UUID has 16 bytes, got ${bytes.length}`);
    return new BlobUuid(Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex'));
  }

  /** The 16 bytes in RFC 4122 order (as stored in blobs and `uuid` columns). */
  toBytes(): Buffer {
    return Buffer.from(this.value.replace(/-/g, ''), 'hex');
  }

  /** The canonical text. */
  toString(): string {
    return this.value;
  }
}
