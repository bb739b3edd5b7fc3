/**
 * The `<blob>` writer: JavaScript values → bytes identical to datajoint-python's `pack()`.
 *
 * How JavaScript values map to Python kinds: null/undefined → None; boolean → bool; a number
 * with an integral value (not -0) → int, any other number → float (wrap in {@link BlobFloat}
 * to force a float); bigint → int; {@link Complex} → complex; string → str; Buffer/Uint8Array
 * → bytes; {@link BlobTuple} → tuple; other arrays → list; Set → set; Map and plain objects →
 * dict; {@link BlobDecimal} → Decimal; {@link BlobUuid} → UUID; {@link BlobDate},
 * {@link BlobTime}, {@link BlobDateTime} and Date (UTC) → date/time/datetime; {@link NDArray}
 * and other typed arrays → numpy arrays; {@link Recarray}, {@link MatCell},
 * {@link MatStruct} → record arrays, cells and structs.
 */
import { deflateSync } from 'node:zlib';
import { DataJointError } from '../../errors';
import { BlobDecimal } from './blob-decimal';
import { COMPRESSION_PREFIX, COMPRESSION_THRESHOLD, Code, MAX_INT_BYTES, PROTOCOL_DJ0, PROTOCOL_MYM } from './blob-format';
import { BlobDate, BlobDateTime, BlobTime } from './blob-temporal';
import { BlobFloat, BlobTuple, BlobUuid, Complex } from './blob-values';
import { BufferSink, CountingSink, type ByteSink } from './byte-sink';
import { dtypeOfTypedArray, isComplexDType, isDateTimeDType, typeIdOf, type TypedArray } from './dtypes';
import { MatCell, MatStruct, Recarray } from './mat-containers';
import { NDArray } from './nd-array';
import { deflateInPool } from './zlib-pool';

/** Options of {@link pack}. */
export interface PackOptions {
  /**
   * Compress with zlib when the blob is over 1000 bytes and compression makes it smaller
   * (default true, as the `<blob>` codec does).
   */
  compress?: boolean;
}

/**
 * Serializes a value into a `<blob>`: protocol `mYm` when only MATLAB-compatible items are
 * used (numeric/logical/char arrays of ≥ 1 dimension, cells, structs), `dj0` otherwise.
 * @throws DataJointError for values that cannot be serialized
 */
export function pack(value: unknown, options: PackOptions = {}): Buffer {
  const blob = serialize(value);
  if (!shouldCompress(blob, options)) return blob;
  return smaller(blob, deflateSync(blob));
}

/**
 * {@link pack}, compressing on libuv's thread pool instead of the calling thread, so that
 * many large blobs are compressed at once. The bytes are those of `pack`.
 */
export async function packAsync(value: unknown, options: PackOptions = {}): Promise<Buffer> {
  const blob = serialize(value);
  if (!shouldCompress(blob, options)) return blob;
  return smaller(blob, await deflateInPool(blob));
}

/** The uncompressed blob: protocol header and body. */
function serialize(value: unknown): Buffer {
  const writer = new BlobWriter();
  const body = new BufferSink();
  writer.write(value, body);
  const header = Buffer.from(`${writer.dj0 ? PROTOCOL_DJ0 : PROTOCOL_MYM}\0`, 'latin1');
  return body.toBuffer(header);
}

function shouldCompress(blob: Buffer, options: PackOptions): boolean {
  return (options.compress ?? true) && blob.length > COMPRESSION_THRESHOLD;
}

/** The compressed form (prefix, original length, zlib stream) when it is smaller, else the blob. */
function smaller(blob: Buffer, deflated: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(blob.length));
  const compressed = Buffer.concat([COMPRESSION_PREFIX, length, deflated]);
  return compressed.length < blob.length ? compressed : blob;
}

/**
 * Checks that {@link pack} can serialize a value, without building the bytes.
 * @throws DataJointError with the error `pack` would raise
 */
export function assertPackable(value: unknown): void {
  new BlobWriter().write(value, new CountingSink());
}

/** The type name used in "not supported" errors. */
function typeName(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'Object';
}

/** Whether a value is an object literal (or `Object.create(null)`), packed as a dict. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Two's-complement little-endian bytes of an integer, in the fewest bytes Python uses:
 * `bit_length(|v|) // 8 + 1`.
 */
export function encodeInt(value: bigint): Buffer {
  const magnitude = value < 0n ? -value : value;
  const bitLength = magnitude === 0n ? 0 : magnitude.toString(2).length;
  const size = Math.floor(bitLength / 8) + 1;
  if (size > MAX_INT_BYTES) throw new DataJointError('Integers are limited to 65535 bytes');
  const unsigned = value < 0n ? (1n << BigInt(8 * size)) + value : value;
  return Buffer.from(unsigned.toString(16).padStart(2 * size, '0'), 'hex').reverse();
}

/** Walks a value and writes its items, tracking whether the `dj0` protocol is needed. */
class BlobWriter {
  /** Set once anything outside MATLAB's mYm subset has been written. */
  dj0 = false;
  /** Containers being written, to reject values that contain themselves. */
  private readonly active = new Set<object>();

  /** Writes one item (type code and body). Dispatch order follows datajoint-python. */
  write(value: unknown, sink: ByteSink): void {
    // MATLAB-compatible items first: they may leave the protocol at mYm.
    if (value instanceof MatCell) return this.nest(value, () => this.cell(value, sink));
    if (value instanceof MatStruct) return this.nest(value, () => this.struct(value, sink));
    if (value instanceof NDArray) return this.nest(value, () => this.array(value, sink));
    if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array) && !(value instanceof DataView)) {
      return this.array(wrapTypedArray(value), sink);
    }
    // Everything else exists only in datajoint-python's dj0 protocol.
    this.dj0 = true;
    if (typeof value === 'boolean') {
      sink.u8(Code.BOOL);
      sink.u8(value ? 1 : 0);
    } else if (typeof value === 'number') {
      if (Number.isInteger(value) && !Object.is(value, -0)) this.int(BigInt(value), sink);
      else this.float(value, sink);
    } else if (typeof value === 'bigint') {
      this.int(value, sink);
    } else if (value instanceof BlobFloat) {
      this.float(value.value, sink);
    } else if (value instanceof Complex) {
      sink.u8(Code.COMPLEX);
      sink.f64(value.re);
      sink.f64(value.im);
    } else if (value instanceof Recarray) {
      this.recarray(value, sink);
    } else if (value instanceof BlobDateTime || value instanceof BlobDate || value instanceof BlobTime || value instanceof Date) {
      this.datetime(value, sink);
    } else if (value instanceof BlobDecimal) {
      sink.u8(Code.DECIMAL);
      sink.u64(Buffer.byteLength(value.value, 'utf8'));
      sink.utf8(value.value);
    } else if (value instanceof BlobUuid) {
      sink.u8(Code.UUID);
      sink.bytes(value.toBytes());
    } else if (value instanceof Map || isPlainObject(value)) {
      const entries: Iterable<readonly [unknown, unknown]> =
        value instanceof Map ? value.entries() : Object.keys(value).map((key) => [key, value[key]] as const);
      const size = value instanceof Map ? value.size : Object.keys(value).length;
      this.nest(value, () => this.dict(entries, size, sink));
    } else if (typeof value === 'string') {
      sink.u8(Code.STR);
      sink.u64(Buffer.byteLength(value, 'utf8'));
      sink.utf8(value);
    } else if (value instanceof Uint8Array) {
      sink.u8(Code.BYTES);
      sink.u64(value.length);
      sink.bytes(value);
    } else if (value instanceof BlobTuple) {
      this.nest(value, () => this.sequence(Code.TUPLE, value, value.length, sink));
    } else if (Array.isArray(value)) {
      this.nest(value, () => this.sequence(Code.LIST, value, value.length, sink));
    } else if (value instanceof Set) {
      this.nest(value, () => this.sequence(Code.SET, value, value.size, sink));
    } else if (value === null || value === undefined) {
      sink.u8(Code.NONE);
    } else {
      throw new DataJointError(`Packing object of type ${typeName(value)} currently not supported!`);
    }
  }

  /** Writes a nested item prefixed by its byte length. */
  private sizedItem(value: unknown, sink: ByteSink): void {
    const item = sink.fresh();
    this.write(value, item);
    sink.sized(item);
  }

  /** Runs `body` for a container, rejecting circular references. */
  private nest(container: object, body: () => void): void {
    if (this.active.has(container)) {
      throw new DataJointError('Cannot pack a value that contains itself (circular reference)');
    }
    this.active.add(container);
    try {
      body();
    } finally {
      this.active.delete(container);
    }
  }

  private int(value: bigint, sink: ByteSink): void {
    const bytes = encodeInt(value);
    sink.u8(Code.INT);
    sink.u16(bytes.length);
    sink.bytes(bytes);
  }

  private float(value: number, sink: ByteSink): void {
    sink.u8(Code.FLOAT);
    sink.f64(value);
  }

  /** Tuple, list or set: count, then each element with its length. */
  private sequence(code: number, items: Iterable<unknown>, count: number, sink: ByteSink): void {
    sink.u8(code);
    sink.u64(count);
    for (const item of items) this.sizedItem(item, sink);
  }

  private dict(entries: Iterable<readonly [unknown, unknown]>, size: number, sink: ByteSink): void {
    sink.u8(Code.DICT);
    sink.u64(size);
    for (const [key, value] of entries) {
      this.sizedItem(key, sink);
      this.sizedItem(value, sink);
    }
  }

  /** `t`: i32 date as YYYYMMDD and i64 time as HHMMSSffffff, -1 for a missing part. */
  private datetime(value: BlobDateTime | BlobDate | BlobTime | Date, sink: ByteSink): void {
    const stamp = value instanceof Date ? BlobDateTime.fromDate(value) : value;
    const date = stamp instanceof BlobTime ? -1 : (stamp.year * 100 + stamp.month) * 100 + stamp.day;
    const time =
      stamp instanceof BlobDate
        ? -1n
        : BigInt((stamp.hour * 100 + stamp.minute) * 100 + stamp.second) * 1_000_000n + BigInt(stamp.microsecond);
    sink.u8(Code.DATETIME);
    sink.i32(date);
    sink.i64(time);
  }

  /** `A`: ndim, shape, type id, complex flag, then the column-major elements. */
  private array(array: NDArray, sink: ByteSink): void {
    const { dtype, shape } = array;
    if (isDateTimeDType(dtype)) this.dj0 = true;
    sink.u8(Code.ARRAY);
    sink.u64(shape.length);
    for (const extent of shape) sink.u64(extent);
    sink.u32(typeIdOf(dtype));
    sink.u32(isComplexDType(dtype) ? 1 : 0);
    if (dtype === 'str' || dtype === 'object') {
      // Object and unicode arrays: each element is a full item (not readable by MATLAB).
      for (const element of array.data as unknown[]) this.sizedItem(element, sink);
      this.dj0 = true;
    } else if (dtype === 'char') {
      sink.typed(array.data as Uint16Array);
    } else {
      // mYm cannot hold 0-d arrays (numpy scalars).
      if (shape.length === 0) this.dj0 = true;
      sink.typed(dtype === 'bool' ? normalizedBools(array.data as Uint8Array) : (array.data as TypedArray));
      if (array.imag) sink.typed(array.imag);
    }
  }

  /** `F`: field count, NUL-terminated names, then each column as an `A`/`F` item without length. */
  private recarray(recarray: Recarray, sink: ByteSink): void {
    this.dj0 = true;
    sink.u8(Code.RECARRAY);
    sink.u32(recarray.fieldNames.length);
    sink.utf8(`${recarray.fieldNames.join('\0')}\0`);
    for (const column of recarray.columns) {
      if (column instanceof Recarray) this.recarray(column, sink);
      else this.array(column, sink);
    }
  }

  /** `S`: ndim, shape, field count and names, then for each element each field with its length. */
  private struct(struct: MatStruct, sink: ByteSink): void {
    sink.u8(Code.STRUCT);
    sink.u64(struct.shape.length);
    for (const extent of struct.shape) sink.u64(extent);
    sink.u32(struct.fieldNames.length);
    sink.utf8(`${struct.fieldNames.join('\0')}\0`);
    for (const element of struct.elements) {
      for (const name of struct.fieldNames) this.sizedItem(element[name], sink);
    }
  }

  /** `C`: ndim, shape, then each cell with its length. */
  private cell(cell: MatCell, sink: ByteSink): void {
    sink.u8(Code.CELL);
    sink.u64(cell.shape.length);
    for (const extent of cell.shape) sink.u64(extent);
    for (const element of cell.data) this.sizedItem(element, sink);
  }
}

/** A 1-D array over a typed array's elements (no copy). */
function wrapTypedArray(view: ArrayBufferView): NDArray {
  const dtype = dtypeOfTypedArray(view);
  if (!dtype) throw new DataJointError(`Packing object of type ${typeName(view)} currently not supported!`);
  const data = view instanceof Uint8ClampedArray ? new Uint8Array(view.buffer, view.byteOffset, view.length) : (view as TypedArray);
  return new NDArray({ dtype, shape: [data.length], data });
}

/** Bool data as 0/1 bytes (numpy stores True as 1), copying only when needed. */
function normalizedBools(data: Uint8Array): Uint8Array {
  return data.some((byte) => byte > 1) ? data.map((byte) => (byte ? 1 : 0)) : data;
}
