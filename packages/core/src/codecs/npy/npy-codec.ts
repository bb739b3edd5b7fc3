/**
 * The built-in `<npy@store>` codec: arrays stored schema-addressed as standard `.npy`
 * files (readable by numpy), `{path, store, dtype, shape}` in the table, an
 * {@link NpyRef} on fetch.
 */
import { DataJointError } from '../../errors';
import { dtypeOfTypedArray } from '../blob/dtypes';
import { NDArray } from '../blob/nd-array';
import type { CodecContext } from '../codec';
import { SchemaAddressedCodec } from '../object/schema-addressed';
import { encodeNpy } from './npy-format';
import { NpyRef, parseNpyMetadata, type NpyMetadata } from './npy-ref';

/** What `<npy@>` accepts: an NDArray, or a typed array (a vector of its element type). */
export type NpyValue = NDArray | ArrayBufferView;

function asArray(value: unknown): NDArray {
  if (value instanceof NDArray) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !Buffer.isBuffer(value) && dtypeOfTypedArray(value)) {
    return NDArray.fromTypedArray(value);
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'Array' : typeof value === 'object' ? value.constructor.name : typeof value;
  throw new DataJointError(`<npy> requires an NDArray or a typed array, got ${kind}`);
}

/** `<npy@store>`: arrays as `.npy` files. */
export class NpyCodec extends SchemaAddressedCodec<NpyValue | NpyRef, NpyMetadata> {
  readonly name = 'npy';

  override validate(value: unknown): void {
    if (value instanceof NpyRef) return;
    if (asArray(value).dtype === 'object') throw new DataJointError('<npy> does not support object dtype arrays');
  }

  async encode(value: NpyValue | NpyRef, context: CodecContext): Promise<NpyMetadata> {
    const array = value instanceof NpyRef ? await value.load() : asArray(value);
    const { bytes, dtype } = encodeNpy(array);
    const path = this.objectPath(context, '.npy');
    await this.upload(context, path, false, (backend) => backend.put(path, bytes));
    return { path, store: this.recordedStore(context), dtype, shape: [...array.shape] };
  }

  /** An NpyRef on the stored array; nothing is read. */
  decode(stored: NpyMetadata, context: CodecContext): NpyRef {
    return new NpyRef(parseNpyMetadata(stored), context.config);
  }
}

/** The `<npy>` codec instance. */
export const npyCodec = new NpyCodec();
