/**
 * The built-in `<hash@store>` codec: bytes stored content-addressed (deduplicated within a
 * schema), a JSON reference `{hash, path, schema, store, size}` in the table. `<blob@>`
 * and `<attach@>` store their bytes through it.
 */
import { DataJointError } from '../errors';
import { getHash, putHash, type HashReference } from '../storage/hash-store';
import { Codec, type CodecContext, type StoreAddressing } from './codec';

/** `<hash@store>`: content-addressed bytes. */
export class HashCodec extends Codec<Uint8Array, HashReference> {
  readonly name = 'hash';

  /** Store only: the table holds a JSON reference. */
  dtype(inStore: boolean): string {
    if (!inStore) throw new DataJointError('<hash> requires @ (in-store storage only)');
    return 'json';
  }

  override get addressing(): StoreAddressing {
    return 'hash';
  }

  async encode(value: Uint8Array, context: CodecContext): Promise<HashReference> {
    if (!context.schema) throw new DataJointError('<hash> needs the schema of the table it stores for');
    return putHash(context.config, value, context.schema, context.store ?? null);
  }

  /** The stored bytes, checked against their hash. */
  async decode(stored: HashReference, context: CodecContext): Promise<Buffer> {
    return getHash(context.config, stored);
  }

  override validate(value: unknown): void {
    if (!(value instanceof Uint8Array)) {
      throw new DataJointError(`<hash> expects bytes, got ${value === null ? 'null' : typeof value === 'object' ? value.constructor.name : typeof value}`);
    }
  }
}

/** The `<hash>` codec instance. */
export const hashCodec = new HashCodec();
