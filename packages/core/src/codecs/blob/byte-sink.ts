/**
 * Destinations for the blob writer. Blob items nest, each prefixed by its byte length, so the
 * writer builds every nested item in a fresh sink and then appends it with its length. Two
 * kinds exist: one that collects the bytes, and one that only counts them, which lets the
 * codec's `validate` run the writer without copying array data.
 */
import { endianness } from 'node:os';
import type { TypedArray } from './dtypes';

/** Whether this machine stores numbers little-endian, as blobs do. */
export const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

/** Reverses the bytes of each `width`-byte element in place (little- ↔ big-endian). */
export function swapEachElement(bytes: Uint8Array, width: number): void {
  for (let start = 0; start < bytes.length; start += width) bytes.subarray(start, start + width).reverse();
}

/** Where the blob writer puts bytes. All numbers are written little-endian. */
export interface ByteSink {
  /** Bytes written so far. */
  readonly length: number;
  /** Raw bytes. */
  bytes(data: Uint8Array): void;
  /** A string as UTF-8. */
  utf8(text: string): void;
  /** The elements of a typed array, little-endian. */
  typed(data: TypedArray): void;
  u8(value: number): void;
  u16(value: number): void;
  u32(value: number): void;
  /** A length or dimension (always u64 when writing). */
  u64(value: number): void;
  i32(value: number): void;
  i64(value: bigint): void;
  f64(value: number): void;
  /** An empty sink of the same kind, for a nested item. */
  fresh(): ByteSink;
  /** Appends a nested item's u64 byte length, then its bytes. */
  sized(item: ByteSink): void;
}

/** Collects the written bytes; {@link toBuffer} joins them. */
export class BufferSink implements ByteSink {
  private readonly parts: Uint8Array[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  bytes(data: Uint8Array): void {
    this.parts.push(data);
    this.total += data.length;
  }

  utf8(text: string): void {
    this.bytes(Buffer.from(text, 'utf8'));
  }

  typed(data: TypedArray): void {
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (HOST_IS_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) {
      this.bytes(view);
      return;
    }
    // Big-endian host: write a byte-swapped copy.
    const copy = Uint8Array.from(view);
    swapEachElement(copy, data.BYTES_PER_ELEMENT);
    this.bytes(copy);
  }

  u8(value: number): void {
    this.bytes(Uint8Array.of(value));
  }

  u16(value: number): void {
    this.number(2, (buffer) => buffer.writeUInt16LE(value));
  }

  u32(value: number): void {
    this.number(4, (buffer) => buffer.writeUInt32LE(value));
  }

  u64(value: number): void {
    this.number(8, (buffer) => buffer.writeBigUInt64LE(BigInt(value)));
  }

  i32(value: number): void {
    this.number(4, (buffer) => buffer.writeInt32LE(value));
  }

  i64(value: bigint): void {
    this.number(8, (buffer) => buffer.writeBigInt64LE(value));
  }

  f64(value: number): void {
    this.number(8, (buffer) => buffer.writeDoubleLE(value));
  }

  fresh(): BufferSink {
    return new BufferSink();
  }

  sized(item: ByteSink): void {
    this.u64(item.length);
    for (const part of (item as BufferSink).parts) this.bytes(part);
  }

  /** All bytes written, in one buffer. */
  /**
   * The written bytes in one buffer, after `prefix` when given (a blob's protocol header,
   * known only once its body is written): the array data is copied once, not twice.
   */
  toBuffer(prefix?: Uint8Array): Buffer {
    if (!prefix) return Buffer.concat(this.parts, this.total);
    return Buffer.concat([prefix, ...this.parts], prefix.length + this.total);
  }

  private number(width: number, write: (buffer: Buffer) => void): void {
    const buffer = Buffer.allocUnsafe(width);
    write(buffer);
    this.bytes(buffer);
  }
}

/** Counts bytes without keeping them (used to check that a value can be packed). */
export class CountingSink implements ByteSink {
  length = 0;

  bytes(data: Uint8Array): void {
    this.length += data.length;
  }

  utf8(text: string): void {
    this.length += Buffer.byteLength(text, 'utf8');
  }

  typed(data: TypedArray): void {
    this.length += data.byteLength;
  }

  u8(): void {
    this.length += 1;
  }

  u16(): void {
    this.length += 2;
  }

  u32(): void {
    this.length += 4;
  }

  u64(): void {
    this.length += 8;
  }

  i32(): void {
    this.length += 4;
  }

  i64(): void {
    this.length += 8;
  }

  f64(): void {
    this.length += 8;
  }

  fresh(): CountingSink {
    return new CountingSink();
  }

  sized(item: ByteSink): void {
    this.length += 8 + item.length;
  }
}
