/**
 * Content-addressed objects (`<hash@>`, and `<blob@>` and `<attach@>` through it): bytes
 * written once per schema under their hash, a JSON reference recorded in the table, and
 * the bytes checked against the hash when read back.
 */
import { DataJointError } from '../errors';
import type { Config } from '../settings/config';
import { buildHashPath, computeHash, computeHashOfOwnBytes, CONTENT_HASH_PATTERN } from './content-hash';
import { checkStorePath } from './store-path';
import { getStore, getWritableStore } from './store-registry';
import { getStoreSpec } from './store-spec';

/** The reference a table holds for content-addressed bytes (keys in datajoint-python's order). */
export interface HashReference {
  readonly hash: string;
  /** Where the bytes are; always used for reading, so layout changes never break old rows. */
  readonly path: string;
  readonly schema: string;
  /** The store named by the attribute (`null`: the default store). */
  readonly store: string | null;
  readonly size: number;
}

/**
 * Stores bytes under their hash in `schema`'s section of a store, unless they are there
 * already, and returns their reference.
 * @param store store name; `''` or `null` for the default store.
 */
export async function putHash(config: Config, data: Uint8Array, schema: string, store: string | null): Promise<HashReference> {
  const spec = getStoreSpec(config, store);
  const hash = await computeHash(data);
  const path = buildHashPath(hash, schema, spec);
  const backend = await getWritableStore(config, store);
  const existing = await backend.head(path);
  if (!existing || existing.size !== data.byteLength) await backend.put(path, data);
  return { hash, path, schema, store: store === '' ? null : store, size: data.byteLength };
}

/**
 * Checks a reference read from a table (it may have been written by anyone).
 * @throws DataJointError when it is not a well-formed hash reference.
 */
export function parseHashReference(stored: unknown): HashReference {
  let value = stored;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new DataJointError('Invalid hash reference: not JSON', { cause: error });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataJointError('Invalid hash reference: expected an object with hash and path');
  }
  const { hash, path, schema, store, size } = value as Record<string, unknown>;
  if (typeof hash !== 'string' || !CONTENT_HASH_PATTERN.test(hash)) {
    throw new DataJointError(`Invalid hash reference: bad hash ${JSON.stringify(hash)}`);
  }
  if (typeof path !== 'string') throw new DataJointError('Invalid hash reference: missing path');
  checkStorePath(path, 'path in hash reference');
  if (store !== undefined && store !== null && typeof store !== 'string') {
    throw new DataJointError('Invalid hash reference: store must be a string or null');
  }
  return {
    hash,
    path,
    schema: typeof schema === 'string' ? schema : '',
    store: typeof store === 'string' && store !== '' ? store : null,
    size: typeof size === 'number' ? size : -1,
  };
}

/**
 * Reads the bytes of a reference and checks them against its hash.
 * @throws MissingExternalFile when the object is gone.
 * @throws DataJointError when the bytes do not match the hash.
 */
export async function getHash(config: Config, stored: unknown): Promise<Buffer> {
  const reference = parseHashReference(stored);
  const { hash: actual, data } = await computeHashOfOwnBytes(await getStore(config, reference.store).get(reference.path));
  if (actual !== reference.hash) {
    throw new DataJointError(`Hash mismatch: expected ${reference.hash}, got ${actual}. Data at ${reference.path} may be corrupted.`);
  }
  return data;
}
