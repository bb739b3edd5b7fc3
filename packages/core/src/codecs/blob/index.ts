/**
 * DataJoint's `<blob>` serialization (byte-compatible with datajoint-python's `blob.py`,
 * reading MATLAB mYm blobs too): the values and functions users call. The `<blob>` codec
 * itself is in `blob-codec.ts`.
 */
export { BlobDecimal } from './blob-decimal';
export { unpack, type UnpackOptions } from './blob-reader';
export { BlobDate, BlobDateTime, BlobTime } from './blob-temporal';
export { BlobFloat, BlobTuple, BlobUuid, Complex } from './blob-values';
export { pack, type PackOptions } from './blob-writer';
export type {
  ComplexDType,
  DateTimeDType,
  DateTimeUnit,
  DType,
  FloatDType,
  IntegerDType,
  TypedArray,
} from './dtypes';
export { MatCell, MatStruct, Recarray, type RecarrayColumn } from './mat-containers';
export { NDArray, type ArrayOrder, type NDArrayInit } from './nd-array';
