/**
 * Content addressing, as datajoint-python's hash registry does it: an object's name is the
 * Base32 (RFC 4648, lower case, no padding) MD5 digest of its bytes, 26 characters, and it
 * lives at `{hash_prefix}/{schema}/{hash}`, or with `subfolding` `[2, 2]` at
 * `{hash_prefix}/{schema}/{h[0:2]}/{h[2:4]}/{hash}`.
 */
import { DataJointError } from '../errors';
import { md5Digest, md5DigestOfOwnBytes } from './md5-threads';
import { joinStorePath } from './store-path';

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A content hash: 26 characters of the lower-case Base32 alphabet. */
export const CONTENT_HASH_PATTERN = /^[a-z2-7]{26}$/;

/** Lower-case RFC 4648 Base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The content hash of bytes (large values are hashed off the main thread). */
export async function computeHash(data: Uint8Array): Promise<string> {
  return base32(await md5Digest(data));
}

/**
 * The content hash of bytes that nothing else refers to, such as bytes just read from a
 * store; they are moved to a hashing thread rather than copied. Use the returned bytes
 * afterwards, never the ones passed in.
 */
export async function computeHashOfOwnBytes(data: Buffer): Promise<{ hash: string; data: Buffer }> {
  const hashed = await md5DigestOfOwnBytes(data);
  return { hash: base32(hashed.digest), data: hashed.data };
}

/** Splits a hash into folder names of the given lengths: `('abcdefgh', [2, 3])` → `['ab', 'cde']`. */
function subfold(hash: string, folds: readonly number[]): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const length of folds) {
    parts.push(hash.slice(start, start + length));
    start += length;
  }
  return parts;
}

/**
 * The store path of content-addressed bytes.
 * @throws DataJointError for a malformed hash.
 */
export function buildHashPath(hash: string, schema: string, options: { hashPrefix: string; subfolding: readonly number[] | null }): string {
  if (!CONTENT_HASH_PATTERN.test(hash)) {
    throw new DataJointError(`Invalid content hash (expected 26-char lowercase base32): ${hash}`);
  }
  const folds = options.subfolding && options.subfolding.length > 0 ? subfold(hash, options.subfolding) : [];
  return joinStorePath(options.hashPrefix, schema, ...folds, hash);
}
