/**
 * NDArray: a minimal n-dimensional array standing in for numpy's ndarray and MATLAB's
 * numeric, logical and char matrices in blobs.
 */
import { DataJointError } from '../../errors';
import { datetime64Item } from './blob-temporal';
import { Complex } from './blob-values';
import {
  dateTimeUnit,
  dtypeOfTypedArray,
  isComplexDType,
  isDateTimeDType,
  isDType,
  storageOf,
  type DType,
  type TypedArray,
} from './dtypes';
import { checkShape, columnMajorOffset, flattenNested, forEachRowMajor, nestColumnMajor, shapeSize, squeezeShape } from './layout';

/** What an NDArray is built from. */
export interface NDArrayInit {
  /** Element type. */
  dtype: DType;
  /** Extent of each dimension; `[]` for a 0-d array (a numpy scalar). */
  shape: readonly number[];
  /**
   * The elements in column-major (Fortran) order, as blobs store them: the typed array of the
   * dtype (see {@link NDArray.data}), or a plain array for `'str'` and `'object'`.
   */
  data: TypedArray | unknown[];
  /** Imaginary parts for complex dtypes, same type and length as `data`. */
  imag?: TypedArray;
}

/** Element order of flat data given to {@link NDArray.fromTypedArray}. */
export type ArrayOrder = 'C' | 'F';

/**
 * An n-dimensional array of one dtype, as stored in a blob `A` item.
 *
 * `data` holds the elements in column-major order (the blob's order): a `Float64Array` for
 * `float64`, `Int16Array` for `int16`, `BigInt64Array` for `int64` and `datetime64[…]`,
 * `BigUint64Array` for `uint64`, `Uint8Array` (0/1) for `bool`, `Uint16Array` for `char`,
 * `Float32Array`/`Float64Array` for `complex64`/`complex128` (real parts, with `imag`
 * holding the imaginary parts), `string[]` for `str` and `unknown[]` for `object`.
 * Indexing ({@link get}, {@link toNested}) is row-major, like numpy's `a[i, j]`.
 */
export class NDArray {
  /** Element type. */
  readonly dtype: DType;
  /** Extent of each dimension (`[]` for 0-d). */
  readonly shape: readonly number[];
  /** Elements in column-major order (see the class description for the container per dtype). */
  readonly data: TypedArray | unknown[];
  /** Imaginary parts of a complex array. */
  readonly imag?: TypedArray;

  /** @throws DataJointError when the data does not fit the dtype or shape */
  constructor(init: NDArrayInit) {
    const { dtype, shape, data, imag } = init;
    if (typeof dtype !== 'string' || !isDType(dtype)) throw new DataJointError(`Unknown dtype ${JSON.stringify(dtype)}`);
    checkShape(shape);
    const storage = storageOf(dtype);
    const size = shapeSize(shape);
    if (storage) {
      if (!(data instanceof storage)) {
        throw new DataJointError(`${dtype} data must be a ${storage.name}`);
      }
      if (isComplexDType(dtype)) {
        if (!(imag instanceof storage) || imag.length !== data.length) {
          throw new DataJointError(`${dtype} data needs imaginary parts in a ${storage.name} of the same length`);
        }
      } else if (imag !== undefined) {
        throw new DataJointError(`Only complex arrays have imaginary parts, not ${dtype}`);
      }
    } else {
      if (!Array.isArray(data)) throw new DataJointError(`${dtype} data must be a plain array`);
      if (dtype === 'str' && data.some((item) => typeof item !== 'string')) {
        throw new DataJointError('str arrays hold strings only');
      }
      if (imag !== undefined) throw new DataJointError(`Only complex arrays have imaginary parts, not ${dtype}`);
    }
    if (data.length !== size) {
      throw new DataJointError(`Shape [${shape.join(', ')}] needs ${size} elements, got ${data.length}`);
    }
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.data = data;
    if (imag !== undefined) this.imag = imag;
  }

  /**
   * Builds an array from row-major nested JavaScript arrays (a bare value gives a 0-d array).
   * Elements: booleans for `bool`; numbers for real dtypes (bigints too for 64-bit ones);
   * numbers or bigints for `datetime64[…]` (counts of the unit); `Complex` or numbers for
   * complex dtypes; one-character strings for `char`; strings for `str`; anything for
   * `object`. Without a dtype it is inferred: `bool`, `float64`, `int64` (bigints),
   * `complex128`, `str`, else `object`.
   * @throws DataJointError for ragged nesting or elements that do not fit the dtype
   */
  static fromNested(nested: unknown, dtype?: DType): NDArray {
    const { shape, elements } = flattenNested(nested, dtype !== 'object');
    const type = dtype ?? inferDType(elements);
    return new NDArray({ dtype: type, shape, ...storeElements(type, elements) });
  }

  /**
   * Wraps a typed array (`Float64Array` → `float64`, `Int16Array` → `int16`, `BigInt64Array`
   * → `int64`, `Uint8Array`/`Uint8ClampedArray` → `uint8`, …). The elements are copied.
   * @param typed - the elements
   * @param shape - defaults to `[typed.length]`
   * @param order - order of `typed`: `'C'` (row-major, the default, like numpy's `reshape`)
   *   or `'F'` (column-major, the blob's order)
   */
  static fromTypedArray(typed: ArrayBufferView, shape?: readonly number[], order: ArrayOrder = 'C'): NDArray {
    const dtype = dtypeOfTypedArray(typed);
    if (!dtype) throw new DataJointError(`Cannot make an array from a ${typed.constructor.name}`);
    const source = typed as unknown as ArrayLike<number | bigint>;
    const dims = shape ?? [source.length];
    checkShape(dims);
    if (shapeSize(dims) !== source.length) {
      throw new DataJointError(`Shape [${dims.join(', ')}] needs ${shapeSize(dims)} elements, got ${source.length}`);
    }
    const Storage = storageOf(dtype)!;
    const data = new Storage(source.length) as unknown as { [index: number]: number | bigint };
    if (order === 'F' || dims.filter((extent) => extent > 1).length <= 1) {
      // Column-major already, or one axis only (both orders are the same): one copy.
      (data as unknown as { set(values: ArrayLike<number | bigint>): void }).set(source);
    } else {
      forEachRowMajor(dims, (rowIndex, columnIndex) => {
        data[columnIndex] = source[rowIndex];
      });
    }
    return new NDArray({ dtype, shape: dims, data: data as unknown as TypedArray });
  }

  /**
   * A MATLAB char row vector (shape `[1, n]`, dtype `'char'`) holding the UTF-16 code units of
   * a string: the form MATLAB reads back as a string.
   */
  static fromChars(text: string): NDArray {
    const data = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) data[i] = text.charCodeAt(i);
    return new NDArray({ dtype: 'char', shape: [1, text.length], data });
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The element at the given indices, one per dimension (none for 0-d), row-major like numpy's
   * `a[i, j]`; negative indices count from the end. Element types: boolean (`bool`), number,
   * bigint (`int64`, `uint64`, `datetime64[…]`), `Complex`, string (`char`, `str`), or the
   * stored value (`object`).
   * @throws DataJointError for a wrong number of indices or an index out of bounds
   */
  get(...indices: number[]): unknown {
    return this.element(columnMajorOffset(this.shape, indices));
  }

  /** The element at a column-major storage position (see {@link get} for element types). */
  element(offset: number): unknown {
    const value = this.data[offset];
    if (this.dtype === 'bool') return value !== 0;
    if (this.imag) return new Complex(value as number, this.imag[offset] as number);
    if (this.dtype === 'char') return String.fromCharCode(value as number);
    return value;
  }

  /**
   * The single element as the plain value numpy's `item()` gives: integers as numbers (bigints
   * beyond 2^53), `datetime64` as `BlobDate`/`BlobDateTime` (or the raw count), NaT as null.
   * @throws DataJointError unless the array has exactly one element
   */
  item(): unknown {
    if (this.size !== 1) throw new DataJointError('can only convert an array of size 1 to a scalar');
    const value = this.element(0);
    if (isDateTimeDType(this.dtype)) return datetime64Item(value as bigint, dateTimeUnit(this.dtype));
    if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) return Number(value);
    return value;
  }

  /** Row-major nested JavaScript arrays of the elements (for 0-d, the element itself). */
  toNested(): unknown {
    return nestColumnMajor(this.shape, (offset) => this.element(offset));
  }

  /** The same elements without singleton dimensions (numpy `squeeze()`). */
  squeeze(): NDArray {
    return new NDArray({ dtype: this.dtype, shape: squeezeShape(this.shape), data: this.data, imag: this.imag });
  }
}

/** The dtype `fromNested` picks when none is given. */
function inferDType(elements: readonly unknown[]): DType {
  if (elements.length === 0) return 'float64';
  if (elements.every((item) => typeof item === 'boolean')) return 'bool';
  if (elements.every((item) => typeof item === 'bigint')) return 'int64';
  if (elements.every((item) => typeof item === 'number')) return 'float64';
  if (elements.every((item) => typeof item === 'number' || item instanceof Complex)) return 'complex128';
  if (elements.every((item) => typeof item === 'string')) return 'str';
  return 'object';
}

/** Integer limits of the dtypes held in number typed arrays. */
const INTEGER_RANGES: Partial<Record<DType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32_768, 32_767],
  uint16: [0, 65_535],
  int32: [-2_147_483_648, 2_147_483_647],
  uint32: [0, 4_294_967_295],
};

/** Puts column-major elements into the container of a dtype, checking each one. */
function storeElements(dtype: DType, elements: readonly unknown[]): Pick<NDArrayInit, 'data' | 'imag'> {
  const Storage = storageOf(dtype);
  if (!Storage) return { data: [...elements] };
  const data = new Storage(elements.length) as unknown as { [index: number]: number | bigint };
  const imag = isComplexDType(dtype) ? new Storage(elements.length) : undefined;
  const bigints = Storage === BigInt64Array || Storage === BigUint64Array;
  const range = INTEGER_RANGES[dtype];
  elements.forEach((item, i) => {
    const bad = (): never => {
      throw new DataJointError(`Element ${describe(item)} does not fit dtype ${dtype}`);
    };
    if (dtype === 'bool') {
      if (typeof item !== 'boolean' && typeof item !== 'number') bad();
      data[i] = item ? 1 : 0;
    } else if (imag) {
      if (item instanceof Complex) {
        data[i] = item.re;
        imag[i] = item.im;
      } else if (typeof item === 'number') {
        data[i] = item;
      } else {
        bad();
      }
    } else if (dtype === 'char') {
      if (typeof item !== 'string' || item.length !== 1) bad();
      data[i] = (item as string).charCodeAt(0);
    } else if (bigints) {
      if (typeof item === 'bigint') data[i] = item;
      else if (typeof item === 'number' && Number.isInteger(item)) data[i] = BigInt(item);
      else bad();
      const stored = data[i] as bigint;
      if (stored !== BigInt(item as bigint | number)) bad();
    } else {
      const value = typeof item === 'bigint' ? Number(item) : item;
      if (typeof value !== 'number') bad();
      if (range && (!Number.isInteger(value) || (value as number) < range[0] || (value as number) > range[1])) bad();
      data[i] = value as number;
    }
  });
  return { data: data as unknown as TypedArray, imag };
}

/** Short text of a value for error messages. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'object';
}
