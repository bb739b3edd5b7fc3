/**
 * JSON for `--json`: values DataJoint fetches that JSON has no form for are written as
 * strings (`bigint`, `Date` as ISO text) or hex (`Buffer`, byte arrays).
 */

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? v.toString() : v));
  }
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

/** `value` as indented JSON text with a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, replacer, 2)}\n`;
}

/** `value` as JSON on one line (keys in messages). */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}
