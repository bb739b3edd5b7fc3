/**
 * Index arithmetic shared by the array-like blob values. Elements are kept in column-major
 * (Fortran) order, as blobs store them, while indices and nested arrays are row-major
 * (`a[i][j]` / `get(i, j)`), as in numpy.
 */
import { DataJointError } from '../../errors';

/** Number of elements of a shape (1 for the 0-d shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, extent) => product * extent, 1);
}

/** Checks that a shape is a list of non-negative integers. */
export function checkShape(shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((extent) => !Number.isSafeInteger(extent) || extent < 0)) {
    throw new DataJointError(`Invalid shape ${JSON.stringify(shape)}: extents must be non-negative integers`);
  }
}

/** The shape without its singleton dimensions (numpy `squeeze()`); element order is unchanged. */
export function squeezeShape(shape: readonly number[]): number[] {
  return shape.filter((extent) => extent !== 1);
}

/**
 * Position in column-major storage of the element at row-major-style indices `[i, j, …]`.
 * Negative indices count from the end, as in numpy.
 */
export function columnMajorOffset(shape: readonly number[], indices: readonly number[]): number {
  if (indices.length !== shape.length) {
    throw new DataJointError(`Expected ${shape.length} indices for shape [${shape.join(', ')}], got ${indices.length}`);
  }
  let offset = 0;
  let stride = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    const extent = shape[axis];
    const raw = indices[axis];
    const index = raw < 0 ? raw + extent : raw;
    if (!Number.isInteger(raw) || index < 0 || index >= extent) {
      throw new DataJointError(`Index ${raw} is out of bounds for axis ${axis} with size ${extent}`);
    }
    offset += index * stride;
    stride *= extent;
  }
  return offset;
}

/** Builds row-major nested arrays from column-major storage, via `element(offset)`. */
export function nestColumnMajor<T>(shape: readonly number[], element: (offset: number) => T): T | unknown[] {
  if (shape.length === 0) return element(0);
  const strides: number[] = [];
  let stride = 1;
  for (const extent of shape) {
    strides.push(stride);
    stride *= extent;
  }
  const build = (axis: number, offset: number): T | unknown[] => {
    if (axis === shape.length) return element(offset);
    const out: unknown[] = new Array(shape[axis]);
    for (let i = 0; i < shape[axis]; i++) out[i] = build(axis + 1, offset + i * strides[axis]);
    return out;
  };
  return build(0, 0);
}

/**
 * Shape and column-major elements of row-major nested arrays. With `strict`, every level
 * must be regular (equal-length arrays all the way down); without it (object arrays), the
 * nesting stops at the first level that is not a list of equal-length arrays, as numpy
 * does for `dtype=object`.
 */
export function flattenNested(nested: unknown, strict: boolean): { shape: number[]; elements: unknown[] } {
  const shape: number[] = [];
  let level: unknown[] = [nested];
  for (;;) {
    const allArrays = level.length > 0 && level.every((item) => Array.isArray(item));
    if (!allArrays) {
      if (strict && level.some((item) => Array.isArray(item))) {
        throw new DataJointError('Nested arrays are ragged: every level must have the same length');
      }
      break;
    }
    const lengths = new Set(level.map((item) => (item as unknown[]).length));
    if (lengths.size !== 1) {
      if (strict) throw new DataJointError('Nested arrays are ragged: every level must have the same length');
      break;
    }
    shape.push((level[0] as unknown[]).length);
    level = level.flatMap((item) => item as unknown[]);
  }
  // An empty innermost level ([] or [[], []]) still adds its extent above; nothing to permute.
  if (level.length === 0) return { shape, elements: [] };
  return { shape, elements: rowMajorToColumnMajor(level, shape) };
}

/** Reorders row-major elements into column-major order. */
export function rowMajorToColumnMajor<T>(rowMajor: ArrayLike<T>, shape: readonly number[]): T[] {
  const out: T[] = new Array(rowMajor.length);
  forEachRowMajor(shape, (rowIndex, columnIndex) => {
    out[columnIndex] = rowMajor[rowIndex];
  });
  return out;
}

/** Calls `visit(rowMajorIndex, columnMajorIndex)` for every element of a shape. */
export function forEachRowMajor(shape: readonly number[], visit: (rowIndex: number, columnIndex: number) => void): void {
  const size = shapeSize(shape);
  if (size === 0) return;
  const ndim = shape.length;
  const strides: number[] = [];
  let stride = 1;
  for (const extent of shape) {
    strides.push(stride);
    stride *= extent;
  }
  const index = new Array<number>(ndim).fill(0);
  let columnIndex = 0;
  for (let rowIndex = 0; rowIndex < size; rowIndex++) {
    visit(rowIndex, columnIndex);
    // Advance the row-major multi-index (last axis fastest) and track the column-major offset.
    for (let axis = ndim - 1; axis >= 0; axis--) {
      index[axis]++;
      columnIndex += strides[axis];
      if (index[axis] < shape[axis]) break;
      columnIndex -= strides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
}
