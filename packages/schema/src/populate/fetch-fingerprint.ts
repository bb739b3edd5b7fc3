/**
 * A fingerprint of what `makeFetch` returned, to tell whether the data a three-part make
 * computed from changed before its results were inserted (spec-pipeline TP-3).
 */
import { createHash, type Hash } from 'node:crypto';

function feed(hash: Hash, value: unknown, seen: Set<object>): void {
  if (value === null || value === undefined) {
    hash.update(value === null ? 'n' : 'u');
    return;
  }
  switch (typeof value) {
    case 'number':
      hash.update(`d${Object.is(value, -0) ? '-0' : String(value)};`);
      return;
    case 'bigint':
      hash.update(`i${value.toString()};`);
      return;
    case 'string':
      hash.update(`s${value.length}:`).update(value);
      return;
    case 'boolean':
      hash.update(value ? 't' : 'f');
      return;
    case 'object':
      break;
    default:
      hash.update(`?${String(value)};`);
      return;
  }
  const object = value as object;
  if (value instanceof Date) {
    hash.update(`D${value.getTime()};`);
    return;
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    hash.update(`B${value.constructor.name}${bytes.length}:`).update(bytes);
    return;
  }
  if (seen.has(object)) throw new TypeError('makeFetch returned a structure with cycles');
  seen.add(object);
  if (Array.isArray(value) || value instanceof Set) {
    hash.update(`[${value instanceof Set ? 'set' : ''}`);
    for (const item of value) feed(hash, item, seen);
    hash.update(']');
  } else if (value instanceof Map) {
    hash.update('{map');
    for (const [k, v] of value) {
      feed(hash, k, seen);
      feed(hash, v, seen);
    }
    hash.update('}');
  } else {
    hash.update(`{${object.constructor?.name ?? ''}`);
    for (const [k, v] of Object.entries(object)) {
      hash.update(`${k.length}:${k}`);
      feed(hash, v, seen);
    }
    hash.update('}');
  }
  seen.delete(object);
}

/** A digest of `value`'s structure and contents (order-sensitive, like datajoint-python's). */
export function fetchFingerprint(value: unknown): string {
  const hash = createHash('sha256');
  feed(hash, value, new Set());
  return hash.digest('hex');
}
