/**
 * DataJoint's `<blob>` serialization (byte-compatible with datajoint-python's `blob.py`,
 * reading MATLAB mYm blobs too) and the `<blob>` codec.
 */
export { BlobCodec, blobCodec } from './blob-codec';
export { BlobDecimal } from './blob-decimal';
export { unpack, type UnpackOptions } from './blob-reader';
export { BlobDate, BlobDateTime, BlobTime } from './blob-temporal';
export { BlobFloat, BlobTuple, BlobUuid, Complex } from './blob-values';
export { assertPackable, pack, type PackOptions } from './blob-writer';
export {
  DATETIME_UNITS,
  type ComplexDType,
  type DateTimeDType,
  type DateTimeUnit,
  type DType,
  type FloatDType,
  type IntegerDType,
  type TypedArray,
} from './dtypes';
export { MatCell, MatStruct, Recarray, type RecarrayColumn } from './mat-containers';
export { NDArray, type ArrayOrder, type NDArrayInit } from './nd-array';
