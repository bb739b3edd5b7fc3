/**
 * Whether a value survives JSON storage unchanged. `JSON.stringify` silently drops
 * `undefined`, functions and symbols inside objects (and writes `null` for them inside
 * arrays), writes `null` for NaN and Infinity and `0` for -0, turns Dates into text and Maps
 * into `{}`; the servers add their own limits. A value that would come back different is
 * refused instead, with the place where the problem is.
 */
import { hasLoneSurrogate } from './text-fidelity';

/** What the JSON column of a backend cannot hold. */
export interface JsonLimits {
  /** PostgreSQL's jsonb cannot hold the character U+0000. */
  readonly nulInStrings: boolean;
  /** Deepest nesting of arrays and objects the server accepts (MariaDB: 31). */
  readonly maxDepth: number;
}

/** No limits beyond JSON's own: for values that are not written to a known backend. */
export const ANY_JSON: JsonLimits = { nulInStrings: true, maxDepth: Number.POSITIVE_INFINITY };

/** Nesting JavaScript can walk without exhausting its stack. */
const DEEPEST_WALK = 5000;

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a bigint (convert it to a number or a string)';
  if (value instanceof Date) return 'a Date (write it as text, e.g. with toISOString())';
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name} object` : 'an object that is not plain';
}

/** What is wrong with a string or key (`what` names it) at `path`, or `null`. */
function textProblem(text: string, what: string, path: string, limits: JsonLimits): string | null {
  if (hasLoneSurrogate(text)) return `${what} with a lone UTF-16 surrogate at ${path} (UTF-8 cannot encode it)`;
  if (!limits.nulInStrings && text.includes('\0')) return `${what} with the character U+0000 at ${path} (PostgreSQL's jsonb cannot store it)`;
  return null;
}

function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function walk(value: unknown, path: string, depth: number, ancestors: Set<object>, limits: JsonLimits): string | null {
  switch (typeof value) {
    case 'boolean':
      return null;
    case 'string':
      return textProblem(value, 'a string', path, limits);
    case 'number':
      if (!Number.isFinite(value)) return `${value} at ${path} (JSON has no NaN or Infinity)`;
      if (Object.is(value, -0)) return `-0 at ${path} (JSON writes it as 0)`;
      return null;
    case 'object':
      if (value === null) return null;
      break;
    default:
      return `${describe(value)} at ${path}`;
  }
  if (depth > limits.maxDepth) return `nesting deeper than ${limits.maxDepth} levels at ${path}, more than MariaDB's JSON holds`;
  if (depth > DEEPEST_WALK) return `nesting deeper than ${DEEPEST_WALK} levels at ${path}`;
  if (ancestors.has(value)) return `a circular reference at ${path}`;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        if (!(i in value)) return `an empty array slot at ${at(path, i)}`;
        const problem = walk(value[i], at(path, i), depth + 1, ancestors, limits);
        if (problem) return problem;
      }
      return null;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${describe(value)} at ${path}`;
    const record = value as Record<string, unknown>;
    if (Object.getOwnPropertySymbols(record).some((s) => Object.prototype.propertyIsEnumerable.call(record, s))) {
      return `a symbol key at ${path}`;
    }
    for (const key of Object.keys(record)) {
      const keyProblem = textProblem(key, 'a key', path, limits);
      if (keyProblem) return keyProblem;
      const problem = walk(record[key], at(path, key), depth + 1, ancestors, limits);
      if (problem) return problem;
    }
    return null;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Why `value` would not come back unchanged from a JSON column with `limits` (`null` when it
 * would): only `null`, booleans, finite numbers other than -0, strings, arrays without holes
 * and plain objects (prototype `Object.prototype` or `null`, string keys) qualify. The
 * reason names the place, as a path from `$`.
 */
export function jsonProblem(value: unknown, limits: JsonLimits = ANY_JSON): string | null {
  return walk(value, '$', 1, new Set(), limits);
}
