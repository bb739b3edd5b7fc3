/**
 * Parsers that validate a setting's value. Values set in code must have the right
 * JavaScript type; values read as text (environment variables, secrets files) or from
 * JSON are converted leniently, the way pydantic does for datajoint-python.
 */

/** Where a value comes from: code (strict) or text/JSON (lenient conversion). */
export type ValueSource = 'code' | 'text';

/** Thrown by a parser; the Config turns it into a DataJointError naming the key. */
export class InvalidSettingValue extends Error {}

/** Validates (and, for text, converts) one setting value. */
export type ValueParser<T> = (value: unknown, source: ValueSource) => T;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 'y', 't']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'n', 'f']);

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Parses the boolean spellings pydantic accepts (`true/false/1/0/yes/no/on/off`, any case). */
export function parseBooleanText(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

export const bool: ValueParser<boolean> = (value, source) => {
  if (typeof value === 'boolean') return value;
  if (source === 'text') {
    if (typeof value === 'string') {
      const parsed = parseBooleanText(value);
      if (parsed !== undefined) return parsed;
    }
    if (value === 0 || value === 1) return value === 1;
  }
  throw new InvalidSettingValue(`expected a boolean, got ${describe(value)}`);
};

export function int(range: { min?: number; max?: number } = {}): ValueParser<number> {
  return (value, source) => {
    let n: number | undefined;
    if (typeof value === 'number') n = value;
    else if (source === 'text' && typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) n = Number(value);
    if (n === undefined || !Number.isInteger(n)) {
      throw new InvalidSettingValue(`expected an integer, got ${describe(value)}`);
    }
    if (range.min !== undefined && n < range.min) {
      throw new InvalidSettingValue(`must be at least ${range.min}, got ${n}`);
    }
    if (range.max !== undefined && n > range.max) {
      throw new InvalidSettingValue(`must be at most ${range.max}, got ${n}`);
    }
    return n;
  };
}

export const str: ValueParser<string> = (value, source) => {
  if (typeof value === 'string') return value;
  if (source === 'text' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  throw new InvalidSettingValue(`expected a string, got ${describe(value)}`);
};

export function oneOf<T extends string>(choices: readonly T[]): ValueParser<T> {
  return (value) => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidSettingValue(`expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`);
  };
}

/** Accepts `null` (and, from text, an empty string or `null`/`none`) as well as what `inner` accepts. */
export function nullable<T>(inner: ValueParser<T>): ValueParser<T | null> {
  return (value, source) => {
    if (value === null || value === undefined) return null;
    if (source === 'text' && typeof value === 'string' && ['', 'null', 'none'].includes(value.trim().toLowerCase())) {
      return null;
    }
    return inner(value, source);
  };
}

/** A plain JSON object (for `stores`). */
export const jsonObject: ValueParser<Record<string, unknown>> = (value, source) => {
  let candidate = value;
  if (source === 'text' && typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch (err) {
      throw new InvalidSettingValue(`contains invalid JSON: ${(err as Error).message}`);
    }
  }
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    const kind = Array.isArray(candidate) ? 'array' : candidate === null ? 'null' : typeof candidate;
    throw new InvalidSettingValue(`must be a JSON object, got ${kind}`);
  }
  return candidate as Record<string, unknown>;
};
