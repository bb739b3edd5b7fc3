/**
 * The NumPy `.npy` file format (versions 1.0, 2.0 and 3.0), written byte for byte as
 * `numpy.save(…, allow_pickle=False)` writes it: magic, header length, a Python-literal
 * header dict padded with spaces to a multiple of 64 bytes, then the elements in C order.
 */
import { DataJointError } from '../../errors';
import { DATETIME_UNITS, isDateTimeDType, storageOf, type DType, type TypedArray } from '../blob/dtypes';
import { forEachRowMajor, shapeSize } from '../blob/layout';
import { NDArray } from '../blob/nd-array';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
const ARRAY_ALIGN = 64;
/** numpy leaves room for the growth axis to reach 21 digits (`GROWTH_AXIS_MAX_DIGITS`). */
const GROWTH_AXIS_MAX_DIGITS = 21;

/** `descr` (with byte order) and numpy's name (`str(dtype)`) of the fixed-size dtypes. */
const FIXED_DTYPES: ReadonlyArray<readonly [DType, string, number]> = [
  ['bool', '|b1', 1],
  ['int8', '|i1', 1],
  ['uint8', '|u1', 1],
  ['int16', '<i2', 2],
  ['uint16', '<u2', 2],
  ['int32', '<i4', 4],
  ['uint32', '<u4', 4],
  ['int64', '<i8', 8],
  ['uint64', '<u8', 8],
  ['float32', '<f4', 4],
  ['float64', '<f8', 8],
  ['complex64', '<c8', 8],
  ['complex128', '<c16', 16],
  ['char', '|S1', 1],
];

/** The `.npy` element type of an array: its header `descr`, numpy's name and bytes per element. */
export interface NpyType {
  readonly descr: string;
  /** `str(array.dtype)` in numpy: `float64`, `<U5`, `|S1`, `datetime64[ns]`. */
  readonly name: string;
  readonly itemSize: number;
}

/** Code points of each string of a `str` array (numpy `<U{n}` uses the longest, at least 1). */
function longestString(data: readonly unknown[]): number {
  let longest = 1;
  for (const item of data) longest = Math.max(longest, Array.from(item as string).length);
  return longest;
}

/** The `.npy` type of an array. @throws DataJointError for `object` arrays (numpy would pickle them). */
export function npyTypeOf(array: NDArray): NpyType {
  const { dtype } = array;
  if (dtype === 'object') throw new DataJointError('<npy> does not support object dtype arrays');
  if (dtype === 'str') {
    const n = longestString(array.data as unknown[]);
    return { descr: `<U${n}`, name: `<U${n}`, itemSize: 4 * n };
  }
  if (isDateTimeDType(dtype)) return { descr: `<M8[${dtype.slice(11, -1)}]`, name: dtype, itemSize: 8 };
  const fixed = FIXED_DTYPES.find(([d]) => d === dtype)!;
  return { descr: fixed[1], name: dtype === 'char' ? '|S1' : dtype, itemSize: fixed[2] };
}

/** Python's `repr()` of a shape tuple. */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The header block (magic to the newline) numpy writes for a C-ordered array. */
export function npyHeader(descr: string, shape: readonly number[], fortranOrder = false): Buffer {
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) {
    const growth = String(shape[fortranOrder ? shape.length - 1 : 0]);
    dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - growth.length));
  }
  const isAscii = [...dict].every((c) => c.charCodeAt(0) < 0x80);
  const text = Buffer.from(dict, isAscii ? 'latin1' : 'utf8');
  for (const [major, lengthBytes] of [[1, 2], [2, 4], [3, 4]] as const) {
    if (major < 3 && !isAscii) continue;
    const headerLength = text.length + 1;
    const padding = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthBytes + headerLength) % ARRAY_ALIGN);
    const total = headerLength + padding;
    if (lengthBytes === 2 && total > 0xffff) continue;
    const prefix = Buffer.alloc(MAGIC.length + 2 + lengthBytes);
    MAGIC.copy(prefix);
    prefix[6] = major;
    prefix[7] = 0;
    if (lengthBytes === 2) prefix.writeUInt16LE(total, 8);
    else prefix.writeUInt32LE(total, 8);
    return Buffer.concat([prefix, text, Buffer.alloc(padding, 0x20), Buffer.from('\n')]);
  }
  throw new DataJointError(`The .npy header of shape ${shapeRepr(shape)} is too large`);
}

/** The elements of an array in C (row-major) order, little-endian, as numpy writes them. */
function npyData(array: NDArray, type: NpyType): Buffer {
  const size = array.size;
  const out = Buffer.alloc(size * type.itemSize);
  const rowMajor = new Uint32Array(size); // column-major offset of each row-major position
  if (array.shape.length <= 1) for (let i = 0; i < size; i++) rowMajor[i] = i;
  else forEachRowMajor(array.shape, (row, column) => (rowMajor[row] = column));
  const { dtype, data } = array;
  if (dtype === 'str') {
    const n = type.itemSize / 4;
    for (let i = 0; i < size; i++) {
      const points = Array.from((data as string[])[rowMajor[i]!]!);
      for (let j = 0; j < points.length && j < n; j++) out.writeUInt32LE(points[j]!.codePointAt(0)!, i * type.itemSize + j * 4);
    }
    return out;
  }
  if (dtype === 'char') {
    for (let i = 0; i < size; i++) out[i] = (data as Uint16Array)[rowMajor[i]!]! & 0xff;
    return out;
  }
  const Storage = storageOf(dtype)!;
  const imag = array.imag;
  const part = imag ? type.itemSize / 2 : type.itemSize;
  const view = new Storage(out.buffer, out.byteOffset, (size * type.itemSize) / part) as TypedArray;
  const source = data as TypedArray;
  const target = view as unknown as { [i: number]: number | bigint };
  if (imag) {
    for (let i = 0; i < size; i++) {
      target[2 * i] = source[rowMajor[i]!]!;
      target[2 * i + 1] = imag[rowMajor[i]!]!;
    }
  } else {
    for (let i = 0; i < size; i++) target[i] = source[rowMajor[i]!]!;
  }
  return out;
}

/**
 * The bytes of a `.npy` file holding `array`, and the `dtype` name numpy gives it.
 * @throws DataJointError for `object` arrays
 */
export function encodeNpy(array: NDArray): { bytes: Buffer; dtype: string } {
  const type = npyTypeOf(array);
  return { bytes: Buffer.concat([npyHeader(type.descr, array.shape), npyData(array, type)]), dtype: type.name };
}

/** What an `.npy` header says. */
export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  /** Byte offset of the first element. */
  readonly dataOffset: number;
}

/** Reads the header of an `.npy` file from its first bytes. @throws DataJointError for other data */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 10 || !buffer.subarray(0, 6).equals(MAGIC)) throw new DataJointError('Not a .npy file (bad magic string)');
  const major = buffer[6]!;
  if (major < 1 || major > 3) throw new DataJointError(`Unsupported .npy format version ${major}.${buffer[7]}`);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
  const start = 8 + lengthBytes;
  if (buffer.length < start + headerLength) throw new DataJointError('Truncated .npy header');
  const text = buffer.subarray(start, start + headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) throw new DataJointError(`Unsupported .npy header: ${text.trim()}`);
  const extents = shape[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (extents.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new DataJointError(`Invalid .npy shape (${shape[1]})`);
  return { descr: descr[1]!, fortranOrder: fortran[1] === 'True', shape: extents, dataOffset: start + headerLength };
}

/** The NDArray dtype and element size of an `.npy` descr. */
function dtypeOfDescr(descr: string): { dtype: DType; itemSize: number; bigEndian: boolean; strLength?: number } {
  const order = descr[0];
  const body = '<>|='.includes(order!) ? descr.slice(1) : descr;
  const bigEndian = order === '>';
  const unicode = /^U(\d+)$/.exec(body);
  if (unicode) return { dtype: 'str', itemSize: 4 * Number(unicode[1]), bigEndian, strLength: Number(unicode[1]) };
  const datetime = /^M8\[(\w+)\]$/.exec(body);
  if (datetime && (DATETIME_UNITS as readonly string[]).includes(datetime[1]!)) {
    return { dtype: `datetime64[${datetime[1]}]` as DType, itemSize: 8, bigEndian };
  }
  const fixed = FIXED_DTYPES.find(([, d]) => d.slice(1) === body);
  if (!fixed) throw new DataJointError(`Unsupported .npy dtype '${descr}'`);
  return { dtype: fixed[0], itemSize: fixed[2], bigEndian };
}

/** Reads a whole `.npy` file into an NDArray. @throws DataJointError for unsupported files */
export function decodeNpy(bytes: Uint8Array): NDArray {
  const header = parseNpyHeader(bytes);
  const { dtype, itemSize, bigEndian, strLength } = dtypeOfDescr(header.descr);
  const shape = header.shape;
  const size = shapeSize(shape);
  if (bytes.byteLength < header.dataOffset + size * itemSize) throw new DataJointError('Truncated .npy data');
  // Copy into an aligned buffer (the data may sit at any offset of the given bytes).
  const raw = Buffer.from(bytes.subarray(header.dataOffset, header.dataOffset + size * itemSize));
  const fileOrderToColumn = new Uint32Array(size);
  if (header.fortranOrder || shape.length <= 1) for (let i = 0; i < size; i++) fileOrderToColumn[i] = i;
  else forEachRowMajor(shape, (row, column) => (fileOrderToColumn[row] = column));
  if (dtype === 'str') {
    const data: string[] = new Array(size);
    for (let i = 0; i < size; i++) {
      let text = '';
      for (let j = 0; j < strLength!; j++) {
        const point = bigEndian ? raw.readUInt32BE(i * itemSize + j * 4) : raw.readUInt32LE(i * itemSize + j * 4);
        if (point === 0) break;
        text += String.fromCodePoint(point);
      }
      data[fileOrderToColumn[i]!] = text;
    }
    return new NDArray({ dtype, shape, data });
  }
  if (dtype === 'char') {
    const data = new Uint16Array(size);
    for (let i = 0; i < size; i++) data[fileOrderToColumn[i]!] = raw[i]!;
    return new NDArray({ dtype, shape, data });
  }
  const complex = dtype === 'complex64' || dtype === 'complex128';
  const part = complex ? itemSize / 2 : itemSize;
  if (bigEndian && part > 1) swapBytes(raw, part);
  const Storage = storageOf(dtype)!;
  const source = new Storage(raw.buffer, raw.byteOffset, raw.length / part) as unknown as ArrayLike<number | bigint>;
  const data = new Storage(size) as unknown as { [i: number]: number | bigint };
  const imag = complex ? (new Storage(size) as unknown as { [i: number]: number | bigint }) : undefined;
  for (let i = 0; i < size; i++) {
    const column = fileOrderToColumn[i]!;
    if (imag) {
      data[column] = source[2 * i]!;
      imag[column] = source[2 * i + 1]!;
    } else {
      data[column] = source[i]!;
    }
  }
  return new NDArray({ dtype, shape, data: data as unknown as TypedArray, imag: imag as unknown as TypedArray | undefined });
}

function swapBytes(buffer: Buffer, width: number): void {
  if (width === 2) buffer.swap16();
  else if (width === 4) buffer.swap32();
  else if (width === 8) buffer.swap64();
}
