/**
 * NpyRef: what fetching an `<npy@>` attribute returns. Shape and dtype come from the
 * table's reference; the `.npy` file is read on the first {@link NpyRef.load}.
 */
import { DataJointError } from '../../errors';
import type { Config } from '../../settings/config';
import { checkStorePath } from '../../storage/store-path';
import { getStore } from '../../storage/store-registry';
import type { NDArray } from '../blob/nd-array';
import { referenceObject } from '../object/python-json';
import { decodeNpy } from './npy-format';

/** The JSON reference `<npy@>` keeps in the table (datajoint-python's keys). */
export interface NpyMetadata {
  path: string;
  store: string | null;
  /** numpy's name of the dtype: `float64`, `<U5`, `datetime64[ns]`, … */
  dtype: string;
  shape: number[];
}

const ITEM_SIZES: Readonly<Record<string, number>> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8,
  float16: 2, float32: 4, float64: 8, complex64: 8, complex128: 16,
};

/** Bytes per element of a numpy dtype name. */
function itemSize(dtype: string): number {
  const known = ITEM_SIZES[dtype];
  if (known !== undefined) return known;
  if (dtype.startsWith('datetime64') || dtype.startsWith('timedelta64')) return 8;
  const sized = /^[<>|=]?([USa-z])(\d+)$/.exec(dtype);
  if (sized) return sized[1] === 'U' ? 4 * Number(sized[2]) : Number(sized[2]);
  return Number.NaN;
}

/** Reads a stored `<npy@>` reference, checking its path and shape. */
export function parseNpyMetadata(stored: unknown): NpyMetadata {
  const { path, store, dtype, shape } = referenceObject(stored, '<npy@>');
  if (typeof path !== 'string') throw new DataJointError('Invalid <npy@> reference: path must be a string');
  checkStorePath(path, '<npy@> path');
  if (typeof dtype !== 'string') throw new DataJointError('Invalid <npy@> reference: dtype must be a string');
  if (!Array.isArray(shape) || shape.some((n) => !Number.isSafeInteger(n) || (n as number) < 0)) {
    throw new DataJointError('Invalid <npy@> reference: shape must be a list of non-negative integers');
  }
  return { path, store: typeof store === 'string' && store !== '' ? store : null, dtype, shape: shape as number[] };
}

/** A lazy handle on an array stored as a `.npy` file. */
export class NpyRef {
  private cached: NDArray | null = null;
  private loading: Promise<NDArray> | null = null;

  /** @internal built by the codec on fetch */
  constructor(
    private readonly metadata: NpyMetadata,
    private readonly config: Config,
  ) {}

  /** Extent of each dimension (no I/O). */
  get shape(): readonly number[] {
    return [...this.metadata.shape];
  }

  /** numpy's dtype name (no I/O). */
  get dtype(): string {
    return this.metadata.dtype;
  }

  /** Number of dimensions (the length of `shape`). */
  get ndim(): number {
    return this.metadata.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.metadata.shape.reduce((a, b) => a * b, 1);
  }

  /** Bytes of the elements, from shape and dtype. */
  get nbytes(): number {
    return this.size * itemSize(this.metadata.dtype);
  }

  /** Length of the first dimension. @throws DataJointError for a 0-d array */
  get length(): number {
    if (this.metadata.shape.length === 0) throw new DataJointError('len() of 0-dimensional array');
    return this.metadata.shape[0]!;
  }

  /** Path relative to the store's root. */
  get path(): string {
    return this.metadata.path;
  }

  /** Store name (`null`: the default store). */
  get store(): string | null {
    return this.metadata.store;
  }

  /** Whether the array has been read. */
  get isLoaded(): boolean {
    return this.cached !== null;
  }

  /** Reads the file (once; later calls return the same array). */
  async load(): Promise<NDArray> {
    if (this.cached) return this.cached;
    this.loading ??= getStore(this.config, this.metadata.store)
      .get(this.metadata.path)
      .then((bytes) => (this.cached = decodeNpy(bytes)))
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** The stored reference, as kept in the table. */
  toJSON(): NpyMetadata {
    return { ...this.metadata, shape: [...this.metadata.shape] };
  }

  /** `NpyRef(shape=(2, 3), dtype=<f8, not loaded)`, like datajoint-python's repr. */
  toString(): string {
    const shape = this.metadata.shape.length === 1 ? `(${this.metadata.shape[0]},)` : `(${this.metadata.shape.join(', ')})`;
    return `NpyRef(shape=${shape}, dtype=${this.metadata.dtype}, ${this.isLoaded ? 'loaded' : 'not loaded'})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
