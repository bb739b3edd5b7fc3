/**
 * Element types (dtypes) of {@link NDArray}, and how each one is held in memory and
 * identified in the `<blob>` format (the `type_id` of an `A` item).
 */

/** Units of numpy `datetime64` values, in the order of their blob type ids (65536 + index). */
export const DATETIME_UNITS = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as'] as const;

/** A numpy `datetime64` unit: years down to attoseconds. */
export type DateTimeUnit = (typeof DATETIME_UNITS)[number];

/** Signed and unsigned integer dtypes. */
export type IntegerDType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

/** Real floating-point dtypes. */
export type FloatDType = 'float32' | 'float64';

/** Complex dtypes: real and imaginary parts are held in two typed arrays (`data`, `imag`). */
export type ComplexDType = 'complex64' | 'complex128';

/** numpy `datetime64[<unit>]`: 64-bit counts of the unit since 1970-01-01 (UTC). */
export type DateTimeDType = `datetime64[${DateTimeUnit}]`;

/**
 * Every dtype an {@link NDArray} can have.
 *
 * - `'str'`: strings (numpy unicode arrays; MATLAB char arrays are decoded to this).
 * - `'char'`: MATLAB char data (numpy `S1`), one UTF-16 code unit per element. Written as a
 *   MATLAB-readable CHAR array; it reads back as `'str'`, as in datajoint-python.
 * - `'object'`: arbitrary values, each serialized as its own blob item.
 */
export type DType = 'bool' | IntegerDType | FloatDType | ComplexDType | DateTimeDType | 'char' | 'str' | 'object';

/** The typed arrays that can hold {@link NDArray} data. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** A constructor of one of the {@link TypedArray} kinds. */
export interface TypedArrayConstructor<T extends TypedArray = TypedArray> {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
}

/** Blob `type_id` of MATLAB char arrays (UTF-16 code units). */
export const CHAR_TYPE_ID = 4;
/** Blob `type_id` of object arrays (`VOID`): each element is a nested item. */
export const VOID_TYPE_ID = 5;
/** Blob `type_id` of the first datetime64 unit (`Y`); the others follow in {@link DATETIME_UNITS} order. */
export const DATETIME_TYPE_ID_BASE = 65_536;

/** Real numeric dtypes (no complex, datetime, char, str or object) with their blob type ids. */
const REAL_TYPE_IDS = {
  bool: 3,
  float64: 6,
  float32: 7,
  int8: 8,
  uint8: 9,
  int16: 10,
  uint16: 11,
  int32: 12,
  uint32: 13,
  int64: 14,
  uint64: 15,
} as const;

/** A dtype whose elements are stored as one real typed-array element each. */
export type RealDType = keyof typeof REAL_TYPE_IDS;

/** The typed array class holding each real dtype (bool as 0/1 bytes). */
const REAL_STORAGE: Record<RealDType, TypedArrayConstructor> = {
  bool: Uint8Array,
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

/** Whether a dtype is complex. */
export function isComplexDType(dtype: DType): dtype is ComplexDType {
  return dtype === 'complex64' || dtype === 'complex128';
}

/** Whether a dtype is a `datetime64[<unit>]`. */
export function isDateTimeDType(dtype: DType): dtype is DateTimeDType {
  return dtype.startsWith('datetime64[');
}

/** The unit of a `datetime64[<unit>]` dtype. */
export function dateTimeUnit(dtype: DateTimeDType): DateTimeUnit {
  return dtype.slice('datetime64['.length, -1) as DateTimeUnit;
}

/** Whether a string names a dtype (used to validate user input). */
export function isDType(value: string): value is DType {
  if (value in REAL_TYPE_IDS || value === 'complex64' || value === 'complex128') return true;
  if (value === 'char' || value === 'str' || value === 'object') return true;
  const match = /^datetime64\[(\w+)\]$/.exec(value);
  return match !== null && (DATETIME_UNITS as readonly string[]).includes(match[1]);
}

/**
 * The typed array class that holds a dtype's elements (for complex dtypes: each of the real and
 * imaginary parts), or `undefined` for `'str'` and `'object'`, which use plain arrays.
 */
export function storageOf(dtype: DType): TypedArrayConstructor | undefined {
  if (dtype in REAL_STORAGE) return REAL_STORAGE[dtype as RealDType];
  if (dtype === 'complex64') return Float32Array;
  if (dtype === 'complex128') return Float64Array;
  if (dtype === 'char') return Uint16Array;
  if (isDateTimeDType(dtype)) return BigInt64Array;
  return undefined;
}

/** Blob `type_id` of a dtype (complex dtypes use the id of their real part). */
export function typeIdOf(dtype: DType): number {
  if (dtype in REAL_TYPE_IDS) return REAL_TYPE_IDS[dtype as RealDType];
  if (dtype === 'complex64') return REAL_TYPE_IDS.float32;
  if (dtype === 'complex128') return REAL_TYPE_IDS.float64;
  if (dtype === 'char') return CHAR_TYPE_ID;
  if (dtype === 'str' || dtype === 'object') return VOID_TYPE_ID;
  return DATETIME_TYPE_ID_BASE + DATETIME_UNITS.indexOf(dateTimeUnit(dtype as DateTimeDType));
}

/**
 * The dtype read for a numeric blob `type_id` (not CHAR or VOID, which the reader handles
 * itself), or `undefined` for ids datajoint-python cannot read either (cells, structs, functions).
 */
export function dtypeOfTypeId(typeId: number): RealDType | DateTimeDType | undefined {
  for (const [name, id] of Object.entries(REAL_TYPE_IDS)) {
    if (id === typeId) return name as RealDType;
  }
  const unit = DATETIME_UNITS[typeId - DATETIME_TYPE_ID_BASE];
  return unit === undefined ? undefined : `datetime64[${unit}]`;
}

/** The dtype an existing typed array holds (Uint8ClampedArray counts as `uint8`). */
export function dtypeOfTypedArray(typed: ArrayBufferView): RealDType | undefined {
  if (typed instanceof Float64Array) return 'float64';
  if (typed instanceof Float32Array) return 'float32';
  if (typed instanceof Int8Array) return 'int8';
  if (typed instanceof Uint8Array || typed instanceof Uint8ClampedArray) return 'uint8';
  if (typed instanceof Int16Array) return 'int16';
  if (typed instanceof Uint16Array) return 'uint16';
  if (typed instanceof Int32Array) return 'int32';
  if (typed instanceof Uint32Array) return 'uint32';
  if (typed instanceof BigInt64Array) return 'int64';
  if (typed instanceof BigUint64Array) return 'uint64';
  return undefined;
}
