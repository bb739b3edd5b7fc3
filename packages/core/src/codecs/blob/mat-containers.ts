/**
 * Containers of heterogeneous values in blobs: MATLAB cell arrays (`C`), MATLAB struct
 * arrays (`S`) and numpy structured/record arrays (`F`).
 */
import { DataJointError } from '../../errors';
import { NDArray } from './nd-array';
import { checkShape, columnMajorOffset, flattenNested, nestColumnMajor, shapeSize, squeezeShape } from './layout';

/** Checks field names: at least one, unique, and without NUL (names are NUL-terminated in blobs). */
function checkFieldNames(kind: string, names: readonly string[]): void {
  // A blob with zero fields is written but cannot be read back (by datajoint-python either).
  if (names.length === 0) throw new DataJointError(`A ${kind} needs at least one field`);
  for (const name of names) {
    if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
      throw new DataJointError(`Invalid ${kind} field name ${JSON.stringify(name)}`);
    }
  }
  if (new Set(names).size !== names.length) throw new DataJointError(`Duplicate ${kind} field names`);
}

/** A new record (plain object) holding the given fields in order. */
function makeRecord(names: readonly string[], value: (name: string, index: number) => unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  // defineProperty, so that a field named `__proto__` is an ordinary property.
  names.forEach((name, index) =>
    Object.defineProperty(record, name, { value: value(name, index), enumerable: true, writable: true, configurable: true }),
  );
  return record;
}

/**
 * A MATLAB cell array (datajoint-python's `MatCell`): an n-dimensional array of arbitrary
 * values, in column-major order.
 */
export class MatCell {
  /** Extent of each dimension. */
  readonly shape: readonly number[];
  /** The cells, in column-major order. */
  readonly data: readonly unknown[];

  /**
   * @param shape - extent of each dimension (MATLAB cells are at least 2-D, e.g. `[1, n]`)
   * @param data - the cells in column-major order
   */
  constructor(shape: readonly number[], data: readonly unknown[]) {
    checkShape(shape);
    if (!Array.isArray(data) || data.length !== shapeSize(shape)) {
      throw new DataJointError(`Shape [${shape.join(', ')}] needs ${shapeSize(shape)} cells, got ${data?.length}`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = Object.freeze([...data]);
  }

  /**
   * Builds a cell array from row-major nested arrays. Nesting stops at the first level that is
   * not a list of equal-length arrays, so `[[a, b]]` is 1×2 while `[[1, 2], [3]]` is 2 cells.
   */
  static fromNested(nested: readonly unknown[]): MatCell {
    const { shape, elements } = flattenNested(nested, false);
    return new MatCell(shape, elements);
  }

  /** Number of cells. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The cell at row-major-style indices (one per dimension; negative count from the end). */
  get(...indices: number[]): unknown {
    return this.data[columnMajorOffset(this.shape, indices)];
  }

  /** Row-major nested arrays of the cells. */
  toNested(): unknown {
    return nestColumnMajor(this.shape, (offset) => this.data[offset]);
  }

  /** The same cells without singleton dimensions. */
  squeeze(): MatCell {
    return new MatCell(squeezeShape(this.shape), this.data);
  }
}

/**
 * A MATLAB struct array (datajoint-python's `MatStruct`): an n-dimensional array of records
 * sharing the same field names, in column-major order.
 */
export class MatStruct {
  /** Field names, in stored order. */
  readonly fieldNames: readonly string[];
  /** Extent of each dimension. */
  readonly shape: readonly number[];
  /** One record per element, in column-major order. */
  readonly elements: readonly Readonly<Record<string, unknown>>[];

  /**
   * @param fieldNames - the fields every element has, in order (at least one)
   * @param shape - extent of each dimension (MATLAB structs are at least 2-D, e.g. `[1, 1]`)
   * @param elements - the records in column-major order, each with exactly these fields
   */
  constructor(fieldNames: readonly string[], shape: readonly number[], elements: readonly Readonly<Record<string, unknown>>[]) {
    checkFieldNames('struct', fieldNames);
    checkShape(shape);
    if (!Array.isArray(elements) || elements.length !== shapeSize(shape)) {
      throw new DataJointError(`Shape [${shape.join(', ')}] needs ${shapeSize(shape)} elements, got ${elements?.length}`);
    }
    for (const element of elements) {
      const keys = element === null || typeof element !== 'object' ? undefined : Object.keys(element);
      if (!keys || keys.length !== fieldNames.length || !fieldNames.every((name) => Object.hasOwn(element, name))) {
        throw new DataJointError(`Every struct element must have exactly the fields ${fieldNames.join(', ')}`);
      }
    }
    this.fieldNames = Object.freeze([...fieldNames]);
    this.shape = Object.freeze([...shape]);
    this.elements = Object.freeze([...elements]);
  }

  /**
   * A struct array of records (fields from the first record), shape `[1, n]` by default like a
   * MATLAB row of structs; `shape` (with column-major `records`) may say otherwise.
   */
  static fromRecords(records: readonly Readonly<Record<string, unknown>>[], shape?: readonly number[]): MatStruct {
    if (records.length === 0) throw new DataJointError('fromRecords needs at least one record');
    return new MatStruct(Object.keys(records[0]), shape ?? [1, records.length], records);
  }

  /** Number of elements. */
  get size(): number {
    return this.elements.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The record at row-major-style indices (one per dimension; negative count from the end). */
  get(...indices: number[]): Readonly<Record<string, unknown>> {
    return this.elements[columnMajorOffset(this.shape, indices)];
  }

  /** One field across all elements, as an object array of the struct's shape (`s.a` in numpy). */
  field(name: string): NDArray {
    if (!this.fieldNames.includes(name)) throw new DataJointError(`Struct has no field ${JSON.stringify(name)}`);
    return new NDArray({ dtype: 'object', shape: this.shape, data: this.elements.map((element) => element[name]) });
  }

  /** Row-major nested arrays of the records. */
  toNested(): unknown {
    return nestColumnMajor(this.shape, (offset) => this.elements[offset]);
  }

  /** The same elements without singleton dimensions. */
  squeeze(): MatStruct {
    return new MatStruct(this.fieldNames, squeezeShape(this.shape), this.elements);
  }
}

/** A column of a {@link Recarray}: an array, or a nested record array for a nested struct dtype. */
export type RecarrayColumn = NDArray | Recarray;

/**
 * A numpy structured (record) array, held as one column per field, all of the same shape.
 * datajoint-python writes it as an `F` item and reads it back as a `recarray`.
 */
export class Recarray {
  /** Field names, in stored order. */
  readonly fieldNames: readonly string[];
  /** One column per field, in the order of {@link fieldNames}. */
  readonly columns: readonly RecarrayColumn[];

  /**
   * @param fields - field name → column, as an object or as `[name, column]` pairs (pairs keep
   *   their order even for names that look like integers)
   * @throws DataJointError for no fields, duplicate names or columns of different shapes
   */
  constructor(fields: Readonly<Record<string, RecarrayColumn>> | ReadonlyArray<readonly [string, RecarrayColumn]>) {
    const pairs = Array.isArray(fields)
      ? (fields as ReadonlyArray<readonly [string, RecarrayColumn]>)
      : Object.entries(fields as Readonly<Record<string, RecarrayColumn>>);
    const names = pairs.map(([name]) => name);
    checkFieldNames('record array', names);
    const columns = pairs.map(([, column]) => column);
    for (const column of columns) {
      if (!(column instanceof NDArray) && !(column instanceof Recarray)) {
        throw new DataJointError('Record array columns must be NDArray or Recarray values');
      }
      if (column.shape.length !== columns[0].shape.length || column.shape.some((extent, i) => extent !== columns[0].shape[i])) {
        throw new DataJointError('All record array columns must have the same shape');
      }
    }
    this.fieldNames = Object.freeze(names);
    this.columns = Object.freeze(columns);
  }

  /** Extent of each dimension (that of every column). */
  get shape(): readonly number[] {
    return this.columns[0].shape;
  }

  /** Number of records. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The column of a field (`r.x` in numpy). */
  field(name: string): RecarrayColumn {
    const index = this.fieldNames.indexOf(name);
    if (index < 0) throw new DataJointError(`Record array has no field ${JSON.stringify(name)}`);
    return this.columns[index];
  }

  /** The record at row-major-style indices: field name → element (a record for nested columns). */
  get(...indices: number[]): Record<string, unknown> {
    return makeRecord(this.fieldNames, (_name, index) => this.columns[index].get(...indices));
  }

  /** Row-major nested arrays of the records. */
  toNested(): unknown {
    return nestColumnMajor(this.shape, (offset) => makeRecord(this.fieldNames, (_name, index) => elementAt(this.columns[index], offset)));
  }

  /** The same records without singleton dimensions. */
  squeeze(): Recarray {
    return new Recarray(this.fieldNames.map((name, index) => [name, this.columns[index].squeeze()] as const));
  }
}

/** The element of a column at a column-major position (a record for nested columns). */
function elementAt(column: RecarrayColumn, offset: number): unknown {
  if (column instanceof NDArray) return column.element(offset);
  return makeRecord(column.fieldNames, (_name, index) => elementAt(column.columns[index], offset));
}

/** A record (plain object) with the given field values, used by the blob reader. */
export function structRecord(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  return makeRecord(names, (_name, index) => values[index]);
}
