/**
 * Schema-addressed object paths, laid out as datajoint-python lays them out:
 * `{schema_prefix}/{partition attrs}/{schema}/{table}/{other key attrs}/{field}_{token}{ext}`,
 * each key attribute written `name=value` with Python's escaping of the value.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ValueKind } from '../types/value-kind';

/** Characters of the random token that keeps each write's path unique (URL- and file-safe). */
export const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random token; its length is clamped to 4–16 characters, as datajoint-python does. */
export function generateToken(length = 8): string {
  const size = Math.max(4, Math.min(16, Math.trunc(length)));
  // 64 symbols: the low six bits of a random byte pick one without bias.
  return Array.from(randomBytes(size), (byte) => TOKEN_ALPHABET[byte & 63]).join('');
}

/** Python's `str()` of a float: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function pythonFloatText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || '0'}`;
}

/** Python's `repr()` of `bytes` (what `str()` gives for a bytes key value). */
function pythonBytesText(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let body = '';
  for (const byte of bytes) {
    if (byte === 0x5c) body += '\\\\';
    else if (byte === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (byte === 0x09) body += '\\t';
    else if (byte === 0x0a) body += '\\n';
    else if (byte === 0x0d) body += '\\r';
    else if (byte >= 0x20 && byte < 0x7f) body += String.fromCharCode(byte);
    else body += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `b${quote}${body}${quote}`;
}

const PAD = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Python's `urllib.parse.quote(s, safe='')`: UTF-8 bytes, all but `A-Za-z0-9_.-~` as `%XX`. */
export function pythonQuote(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const UNSAFE_CHARACTERS = /[/\\:*?"<>|]/;
const MAX_PLAIN_LENGTH = 100;

/**
 * A primary-key value as it appears in an object path (datajoint-python's `encode_pk_value`).
 * `kind` is the value kind of the key attribute: it tells a date from a datetime and a float
 * from an integer, which Python learns from the value's own type.
 */
export function encodeKeyValue(value: unknown, kind?: ValueKind): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    const isFloat = kind === 'float' || kind === 'float32' || !Number.isInteger(value);
    return isFloat ? pythonFloatText(value) : String(value);
  }
  if (value instanceof Date) {
    const date = `${PAD(value.getUTCFullYear(), 4)}-${PAD(value.getUTCMonth() + 1)}-${PAD(value.getUTCDate())}`;
    if (kind === 'date') return date;
    return `${date}T${PAD(value.getUTCHours())}-${PAD(value.getUTCMinutes())}-${PAD(value.getUTCSeconds())}`;
  }
  let text = value instanceof Uint8Array ? pythonBytesText(value) : String(value);
  const codePoints = Array.from(text);
  if (!UNSAFE_CHARACTERS.test(text) && codePoints.length <= MAX_PLAIN_LENGTH) return text;
  if (codePoints.length > MAX_PLAIN_LENGTH) {
    const digest = createHash('md5').update(text, 'utf8').digest('hex').slice(0, 8);
    text = `${codePoints.slice(0, 50).join('')}_${digest}`;
  }
  return pythonQuote(text);
}

/** Where a schema-addressed object goes, and the store settings that shape its path. */
export interface ObjectPathParts {
  readonly schema: string;
  readonly table: string;
  readonly field: string;
  /** Primary-key values in heading order. */
  readonly key: Readonly<Record<string, unknown>>;
  /** Value kinds of the key attributes (see {@link encodeKeyValue}). */
  readonly keyKinds?: Readonly<Record<string, ValueKind>>;
  /** Extension with or without its dot (`.npy`, `zarr`), or none. */
  readonly ext?: string | null;
  /** The store's `partition_pattern`: `{attr}` placeholders move those key attributes first. */
  readonly partitionPattern?: string | null;
  /** The store's `token_length` (default 8). */
  readonly tokenLength?: number;
  /** The store's `schema_prefix` (`_schema` by default; `''` gives the 2.2 layout). */
  readonly schemaPrefix: string;
}

/** Builds a schema-addressed path; returns it with its random token. */
export function buildObjectPath(parts: ObjectPathParts): { path: string; token: string } {
  const token = generateToken(parts.tokenLength ?? 8);
  let filename = `${parts.field}_${token}`;
  if (parts.ext) filename += parts.ext.startsWith('.') ? parts.ext : `.${parts.ext}`;
  const partitionNames = parts.partitionPattern ? [...parts.partitionPattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!) : [];
  const partitioned = new Set(partitionNames);
  const keyPart = (name: string): string => `${name}=${encodeKeyValue(parts.key[name], parts.keyKinds?.[name])}`;
  const segments: string[] = [];
  const prefix = parts.schemaPrefix.replace(/^\/+|\/+$/g, '');
  if (prefix) segments.push(prefix);
  for (const name of partitionNames) if (Object.hasOwn(parts.key, name)) segments.push(keyPart(name));
  segments.push(parts.schema, parts.table);
  for (const name of Object.keys(parts.key)) if (!partitioned.has(name)) segments.push(keyPart(name));
  segments.push(filename);
  return { path: segments.join('/'), token };
}
