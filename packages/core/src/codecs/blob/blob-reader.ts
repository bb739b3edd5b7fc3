/**
 * The `<blob>` reader: bytes written by datajoint-python or datajoint-matlab (mYm) →
 * JavaScript values.
 *
 * Python kinds become: None → null; bool → boolean; int → number (bigint beyond 2^53);
 * float → number; complex → {@link Complex}; str → string; bytes → Buffer; list → Array;
 * tuple → {@link BlobTuple}; set → Set; dict → plain object when all keys are strings (and
 * an object keeps their order), else Map; Decimal → {@link BlobDecimal}; UUID →
 * {@link BlobUuid}; date/time/datetime → {@link BlobDate}/{@link BlobTime}/
 * {@link BlobDateTime}; arrays → {@link NDArray}; structs → {@link MatStruct}; cells →
 * {@link MatCell}; record arrays → {@link Recarray}.
 */
import { TextDecoder } from 'node:util';
import { inflateSync } from 'node:zlib';
import { DataJointError } from '../../errors';
import { BlobDecimal } from './blob-decimal';
import { COMPRESSION_PREFIX, Code, PROTOCOL_DJ0, PROTOCOL_MYM } from './blob-format';
import { BlobDate, BlobDateTime, BlobTime } from './blob-temporal';
import { BlobTuple, BlobUuid, Complex } from './blob-values';
import { HOST_IS_LITTLE_ENDIAN, swapEachElement } from './byte-sink';
import { CHAR_TYPE_ID, VOID_TYPE_ID, dtypeOfTypeId, storageOf, type TypedArray, type TypedArrayConstructor } from './dtypes';
import { shapeSize } from './layout';
import { MatCell, MatStruct, Recarray, structRecord, type RecarrayColumn } from './mat-containers';
import { NDArray } from './nd-array';
import { inflateInPool } from './zlib-pool';

/** Options of {@link unpack}. */
export interface UnpackOptions {
  /**
   * Remove singleton dimensions of arrays, cells and structs; arrays left with no dimension
   * become plain values (numpy's `item()`). Default false, as the `<blob>` codec does.
   */
  squeeze?: boolean;
  /**
   * Read lengths and dimensions as u32 instead of u64, for blobs written by the 32-bit build
   * of MATLAB's mYm. Default false.
   */
  use32BitDims?: boolean;
}

/** Strict UTF-8, as Python's `bytes.decode()`; a leading BOM is kept, as Python keeps it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Deserializes a `<blob>` (compressed or not). Returns null for null input and for a blob
 * whose protocol is neither `mYm` nor `dj0`, as datajoint-python does.
 * @throws DataJointError for a malformed blob
 */
export function unpack(blob: Uint8Array | null | undefined, options: UnpackOptions = {}): unknown {
  if (blob === null || blob === undefined) return null;
  const compressed = compressedPart(blob, options);
  return readBlob(compressed ? inflated(compressed, inflateStream(compressed.stream)) : asBuffer(blob), options);
}

/** Compressed blobs from this size on are inflated on the thread pool by {@link unpackAsync}. */
const THREAD_POOL_INFLATE_BYTES = 64 * 1024;

/**
 * {@link unpack}, decompressing on libuv's thread pool instead of the calling thread, so
 * that the blobs of one fetch are decompressed in parallel. The values are those of `unpack`.
 */
export async function unpackAsync(blob: Uint8Array | null | undefined, options: UnpackOptions = {}): Promise<unknown> {
  if (blob === null || blob === undefined) return null;
  const compressed = compressedPart(blob, options);
  if (!compressed) return readBlob(asBuffer(blob), options);
  // A small stream inflates faster than a trip to the thread pool.
  if (compressed.stream.length < THREAD_POOL_INFLATE_BYTES) return readBlob(inflated(compressed, inflateStream(compressed.stream)), options);
  let data: Buffer;
  try {
    data = await inflateInPool(compressed.stream, compressed.expected);
  } catch (err) {
    throw cannotDecompress(err);
  }
  return readBlob(inflated(compressed, data), options);
}

function asBuffer(blob: Uint8Array): Buffer {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
}

/** The zlib stream of a compressed blob and the length it declares; `null` for an uncompressed blob. */
function compressedPart(blob: Uint8Array, options: UnpackOptions): { stream: Buffer; expected: number } | null {
  const buffer = asBuffer(blob);
  if (!buffer.subarray(0, COMPRESSION_PREFIX.length).equals(COMPRESSION_PREFIX)) return null;
  const header = new BlobReader(buffer, false, options.use32BitDims ?? false, COMPRESSION_PREFIX.length);
  const expected = header.length();
  return { stream: buffer.subarray(header.position), expected };
}

/** The decompressed blob, checked against the length its header declares. */
function inflated(compressed: { expected: number }, data: Buffer): Buffer {
  if (data.length !== compressed.expected) throw new DataJointError(`Blob size mismatch: expected ${compressed.expected}, got ${data.length}`);
  return data;
}

/** Reads an uncompressed blob: protocol, then its item. */
function readBlob(buffer: Buffer, options: UnpackOptions): unknown {
  const reader = new BlobReader(buffer, options.squeeze ?? false, options.use32BitDims ?? false, 0);
  const protocol = reader.cstring();
  if (protocol !== PROTOCOL_MYM && protocol !== PROTOCOL_DJ0) return null;
  return reader.item(buffer.length - reader.position);
}

function inflateStream(data: Buffer): Buffer {
  try {
    return inflateSync(data);
  } catch (err) {
    throw cannotDecompress(err);
  }
}

function cannotDecompress(err: unknown): DataJointError {
  return new DataJointError(`Invalid blob: cannot decompress (${(err as Error).message})`, { cause: err });
}

/** Two's-complement little-endian bytes → number when safe, else bigint. */
function decodeInt(bytes: Buffer): number | bigint {
  if (bytes.length === 0) return 0;
  let value = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

/** What datajoint-python returns for an empty struct or record array: `np.array(None)`. */
function emptyObjectArray(): NDArray {
  return new NDArray({ dtype: 'object', shape: [], data: [null] });
}

/** A cursor over one blob payload. */
class BlobReader {
  constructor(
    private readonly buffer: Buffer,
    private readonly squeeze: boolean,
    private readonly dims32: boolean,
    private pos: number,
  ) {}

  /** Current byte offset. */
  get position(): number {
    return this.pos;
  }

  /**
   * Reads one item (type code and body). With `nBytes`, the item must take exactly that many
   * bytes (the length that prefixed it).
   */
  item(nBytes?: number): unknown {
    const start = this.pos;
    const value = this.itemBody(this.u8());
    if (nBytes !== undefined && this.pos - start !== nBytes) {
      throw new DataJointError('Blob length check failed! Invalid blob');
    }
    return value;
  }

  /** Reads a length-prefixed nested item. */
  sizedItem(): unknown {
    return this.item(this.length());
  }

  private itemBody(code: number): unknown {
    switch (code) {
      case Code.ARRAY:
        return this.array(true);
      case Code.SPARSE:
        throw new DataJointError('datajoint-python does not yet support sparse arrays. Issue (#590)');
      case Code.STRUCT:
        return this.struct();
      case Code.CELL:
        return this.cell();
      case Code.NONE:
        return null;
      case Code.TUPLE:
        return BlobTuple.from(this.sequence());
      case Code.LIST:
        return this.sequence();
      case Code.SET:
        return new Set(this.sequence());
      case Code.DICT:
        return this.dict();
      case Code.STR:
        return this.utf8(this.length());
      case Code.BYTES:
        return Buffer.from(this.take(this.length()));
      case Code.INT:
        return decodeInt(this.take(this.u16()));
      case Code.BOOL:
        return this.u8() !== 0;
      case Code.COMPLEX:
        return new Complex(this.f64(), this.f64());
      case Code.FLOAT:
        return this.f64();
      case Code.RECARRAY:
        return this.recarray();
      case Code.DECIMAL:
        return new BlobDecimal(this.utf8(this.length()));
      case Code.DATETIME:
        return this.datetime();
      case Code.UUID:
        return BlobUuid.fromBytes(this.take(16));
      default:
        throw new DataJointError(`Unknown data structure code "${String.fromCharCode(code)}". Upgrade datajoint.`);
    }
  }

  /** `A`: see the writer. `toScalar` is false for record array columns, which stay arrays. */
  private array(toScalar: boolean): unknown {
    const shape = this.shape();
    const size = shapeSize(shape);
    const typeId = this.u32();
    const isComplex = this.u32() !== 0;
    let array: NDArray;
    if (typeId === VOID_TYPE_ID) {
      const data: unknown[] = [];
      for (let i = 0; i < size; i++) data.push(this.sizedItem());
      array = new NDArray({ dtype: 'object', shape, data });
    } else if (typeId === CHAR_TYPE_ID) {
      array = this.chars(shape, size);
    } else {
      array = this.numeric(typeId, isComplex, shape, size);
    }
    if (!this.squeeze) return array;
    const squeezed = array.squeeze();
    return squeezed.ndim === 0 && toScalar ? squeezed.item() : squeezed;
  }

  /**
   * MATLAB char data (UTF-16 code units). A row (or 1-D) is one string in a 1-element array,
   * as datajoint-python returns it; other shapes give one character per element.
   */
  private chars(shape: number[], size: number): NDArray {
    const bytes = this.take(2 * size);
    if (shape.length === 1 || (shape.length === 2 && shape[0] === 1)) {
      return new NDArray({ dtype: 'str', shape: [1], data: [bytes.toString('utf16le')] });
    }
    const data: string[] = [];
    for (let i = 0; i < size; i++) data.push(String.fromCharCode(bytes.readUInt16LE(2 * i)));
    return new NDArray({ dtype: 'str', shape, data });
  }

  private numeric(typeId: number, isComplex: boolean, shape: number[], size: number): NDArray {
    const dtype = dtypeOfTypeId(typeId);
    if (dtype === undefined) throw new DataJointError(`Invalid blob: unsupported array type id ${typeId}`);
    const Storage = storageOf(dtype)!;
    const data = this.typed(Storage, size);
    if (!isComplex) return new NDArray({ dtype, shape, data });
    const imag = this.typed(Storage, size);
    if (Storage === Float32Array) return new NDArray({ dtype: 'complex64', shape, data, imag });
    if (dtype.startsWith('datetime64')) throw new DataJointError('Invalid blob: complex datetime64 array');
    // numpy gives complex128 for complex data of any non-float32 type.
    const toFloat64 = (part: TypedArray): Float64Array => Float64Array.from(part as ArrayLike<number | bigint>, Number);
    return new NDArray({ dtype: 'complex128', shape, data: toFloat64(data), imag: toFloat64(imag) });
  }

  /** `S`: a MATLAB struct array. */
  private struct(): MatStruct | NDArray {
    const shape = this.shape();
    const size = shapeSize(shape);
    const fieldCount = this.u32();
    if (fieldCount === 0) return emptyObjectArray();
    const names = this.fieldNames(fieldCount);
    const elements: Record<string, unknown>[] = [];
    for (let i = 0; i < size; i++) {
      const values: unknown[] = [];
      for (let f = 0; f < fieldCount; f++) values.push(this.sizedItem());
      elements.push(structRecord(names, values));
    }
    const struct = new MatStruct(names, shape, elements);
    return this.squeeze ? struct.squeeze() : struct;
  }

  /** `C`: a MATLAB cell array (an empty one has shape `[0]`, as in datajoint-python). */
  private cell(): MatCell {
    const shape = this.shape();
    const size = shapeSize(shape);
    const data: unknown[] = [];
    for (let i = 0; i < size; i++) data.push(this.sizedItem());
    if (size === 0) return new MatCell([0], []);
    const cell = new MatCell(shape, data);
    return this.squeeze ? cell.squeeze() : cell;
  }

  /** `F`: a numpy record array; each column is an `A` or nested `F` item without a length. */
  private recarray(): Recarray | NDArray {
    const fieldCount = this.u32();
    if (fieldCount === 0) return emptyObjectArray();
    const names = this.fieldNames(fieldCount);
    const columns: RecarrayColumn[] = names.map(() => {
      const code = this.u8();
      if (code === Code.ARRAY) return this.array(false) as NDArray;
      if (code === Code.RECARRAY) {
        const nested = this.recarray();
        if (nested instanceof Recarray) return nested;
      }
      throw new DataJointError('Invalid blob: record array fields must be arrays');
    });
    return new Recarray(names.map((name, i) => [name, columns[i]] as const));
  }

  /** `t`: date, time or datetime (a part is absent when stored as -1). */
  private datetime(): BlobDate | BlobTime | BlobDateTime | null {
    const date = this.i32();
    const time = this.i64();
    const day = date >= 0 ? [Math.floor(date / 10_000), Math.floor(date / 100) % 100, date % 100] : undefined;
    const clock =
      time >= 0n
        ? [
            Number((time / 10_000_000_000n) % 100n),
            Number((time / 100_000_000n) % 100n),
            Number((time / 1_000_000n) % 100n),
            Number(time % 1_000_000n),
          ]
        : undefined;
    if (day && clock) return new BlobDateTime(day[0], day[1], day[2], clock[0], clock[1], clock[2], clock[3]);
    if (day) return new BlobDate(day[0], day[1], day[2]);
    if (clock) return new BlobTime(clock[0], clock[1], clock[2], clock[3]);
    return null;
  }

  /** Tuple, list or set elements: a count, then each element with its length. */
  private sequence(): unknown[] {
    const count = this.length();
    const items: unknown[] = [];
    for (let i = 0; i < count; i++) items.push(this.sizedItem());
    return items;
  }

  /**
   * A dict: a plain object when every key is a string and an object keeps the stored order
   * (integer-like keys would be reordered), otherwise a Map.
   */
  private dict(): Record<string, unknown> | Map<unknown, unknown> {
    const count = this.length();
    const entries: [unknown, unknown][] = [];
    for (let i = 0; i < count; i++) entries.push([this.sizedItem(), this.sizedItem()]);
    if (entries.every(([key]) => typeof key === 'string')) {
      const keys = entries.map(([key]) => key as string);
      const record = structRecord(keys, entries.map(([, value]) => value));
      const ordered = Object.keys(record);
      if (ordered.length === keys.length && ordered.every((key, i) => key === keys[i])) return record;
    }
    return new Map(entries);
  }

  /** Dimensions of an `A`, `S` or `C` item: ndim, then each extent. */
  private shape(): number[] {
    const ndim = this.length();
    const shape: number[] = [];
    for (let i = 0; i < ndim; i++) shape.push(this.length());
    return shape;
  }

  private fieldNames(count: number): string[] {
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = this.cstring();
      if (name === undefined) throw new DataJointError('Invalid blob: unterminated field name');
      names.push(name);
    }
    return names;
  }

  /** A NUL-terminated UTF-8 string, or undefined when there is no NUL. */
  cstring(): string | undefined {
    const end = this.buffer.indexOf(0, this.pos);
    if (end < 0) return undefined;
    const text = this.decodeUtf8(this.buffer.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  /** A length or dimension: u64, or u32 for 32-bit mYm blobs. */
  length(): number {
    if (this.dims32) return this.u32();
    this.need(8);
    const value = this.buffer.readBigUInt64LE(this.pos);
    this.pos += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DataJointError('Invalid blob: length out of range');
    return Number(value);
  }

  private utf8(byteLength: number): string {
    return this.decodeUtf8(this.take(byteLength));
  }

  private decodeUtf8(bytes: Uint8Array): string {
    try {
      return UTF8.decode(bytes);
    } catch (err) {
      throw new DataJointError('Invalid blob: text is not valid UTF-8', { cause: err });
    }
  }

  /** `count` elements into a new typed array (copied, so it is aligned and owns its memory). */
  private typed(Storage: TypedArrayConstructor, count: number): TypedArray {
    const byteLength = count * Storage.BYTES_PER_ELEMENT;
    const bytes = new Uint8Array(this.take(byteLength));
    if (!HOST_IS_LITTLE_ENDIAN) swapEachElement(bytes, Storage.BYTES_PER_ELEMENT);
    return new Storage(bytes.buffer, 0, count);
  }

  /** The next `count` bytes (a view into the blob). */
  private take(count: number): Buffer {
    this.need(count);
    const bytes = this.buffer.subarray(this.pos, this.pos + count);
    this.pos += count;
    return bytes;
  }

  private need(count: number): void {
    if (count > this.buffer.length - this.pos) throw new DataJointError('Invalid blob: unexpected end of data');
  }

  private u8(): number {
    this.need(1);
    return this.buffer[this.pos++];
  }

  private u16(): number {
    this.need(2);
    const value = this.buffer.readUInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  private u32(): number {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  private i32(): number {
    this.need(4);
    const value = this.buffer.readInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  private i64(): bigint {
    this.need(8);
    const value = this.buffer.readBigInt64LE(this.pos);
    this.pos += 8;
    return value;
  }

  private f64(): number {
    this.need(8);
    const value = this.buffer.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }
}
