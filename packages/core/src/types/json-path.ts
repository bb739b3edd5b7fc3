/**
 * JSON paths into `json` attributes, as restriction keys and projections write them:
 * `attr.key.sub[0]:type` (spec-query R-04). Every part is checked against a closed grammar
 * before anything reaches SQL: path keys are letters, digits and underscores, indices are
 * whole numbers, and the cast is one of a fixed set of types with bounded parameters.
 * Backends render the parsed form (see the adapter's `jsonPathExpression`); no text of
 * the key is ever pasted into a statement.
 */

/** One step of a JSON path: an object key or an array index. */
export type JsonPathStep = { readonly key: string } | { readonly index: number };

/** The type a JSON value is read as. */
export type JsonCast =
  | { readonly type: 'integer' }
  | { readonly type: 'unsigned' }
  | { readonly type: 'float' }
  /** `precision` `null`: the backend's default decimal. */
  | { readonly type: 'decimal'; readonly precision: number | null; readonly scale: number }
  /** `length` `null`: text of any length. */
  | { readonly type: 'char'; readonly length: number | null }
  | { readonly type: 'date' }
  | { readonly type: 'datetime' }
  | { readonly type: 'time' };

/** A parsed JSON path key. */
export interface JsonPathKey {
  readonly attribute: string;
  /** `null` for a bare `attr` or `attr:type`. */
  readonly path: readonly JsonPathStep[] | null;
  readonly cast: JsonCast | null;
}

/** Largest precision and scale of a decimal cast (MySQL's limits, which PostgreSQL accepts too). */
const MAX_DECIMAL_PRECISION = 65;
const MAX_DECIMAL_SCALE = 30;
/** Longest `char(n)` cast. */
const MAX_CHAR_LENGTH = 65_535;
/** Largest array index (the servers' JSON arrays are far shorter). */
const MAX_INDEX = 2 ** 31 - 1;

const NAMED_CASTS: Readonly<Record<string, JsonCast>> = {
  int: { type: 'integer' },
  integer: { type: 'integer' },
  signed: { type: 'integer' },
  bigint: { type: 'integer' },
  int8: { type: 'integer' },
  int16: { type: 'integer' },
  int32: { type: 'integer' },
  int64: { type: 'integer' },
  unsigned: { type: 'unsigned' },
  uint8: { type: 'unsigned' },
  uint16: { type: 'unsigned' },
  uint32: { type: 'unsigned' },
  uint64: { type: 'unsigned' },
  float: { type: 'float' },
  double: { type: 'float' },
  real: { type: 'float' },
  float32: { type: 'float' },
  float64: { type: 'float' },
  decimal: { type: 'decimal', precision: null, scale: 0 },
  numeric: { type: 'decimal', precision: null, scale: 0 },
  char: { type: 'char', length: null },
  text: { type: 'char', length: null },
  date: { type: 'date' },
  datetime: { type: 'datetime' },
  timestamp: { type: 'datetime' },
  time: { type: 'time' },
};

/** The cast names a key may use, for messages. */
export const JSON_CAST_NAMES: readonly string[] = [...Object.keys(NAMED_CASTS), 'decimal(p,s)', 'char(n)', 'varchar(n)'];

const SIZED_CAST = /^(decimal|numeric|char|varchar)\s*\(\s*(\d{1,6})\s*(?:,\s*(\d{1,6})\s*)?\)$/;

/** The cast named by `text`, or `null` when it is not one of the allowed types. */
export function parseJsonCast(text: string): JsonCast | null {
  const name = text.trim().toLowerCase();
  const named = NAMED_CASTS[name];
  if (named) return named;
  const sized = SIZED_CAST.exec(name);
  if (!sized) return null;
  const first = Number(sized[2]);
  const second = sized[3] === undefined ? null : Number(sized[3]);
  if (sized[1] === 'decimal' || sized[1] === 'numeric') {
    const scale = second ?? 0;
    if (first < 1 || first > MAX_DECIMAL_PRECISION || scale > Math.min(first, MAX_DECIMAL_SCALE)) return null;
    return { type: 'decimal', precision: first, scale };
  }
  if (second !== null || first < 1 || first > MAX_CHAR_LENGTH) return null;
  return { type: 'char', length: first };
}

const ATTRIBUTE = /^[A-Za-z_]\w*$/;
const STEP = /^(\w+)((?:\[\d+\])*)$/;

/** The steps of `a.b[0].c`, or `null` when any part is outside the grammar. */
function parseSteps(path: string): JsonPathStep[] | null {
  const steps: JsonPathStep[] = [];
  for (const part of path.split('.')) {
    const m = STEP.exec(part);
    if (!m) return null;
    steps.push({ key: m[1]! });
    for (const index of m[2]!.match(/\d+/g) ?? []) {
      const n = Number(index);
      if (n > MAX_INDEX) return null;
      steps.push({ index: n });
    }
  }
  return steps;
}

/**
 * Parses `attr[.path][:type]`. Returns `null` when `key` does not follow the grammar: the
 * attribute is a plain name, path keys are `\w+` with optional `[n]` indices, and the
 * type is one of {@link JSON_CAST_NAMES}.
 */
export function parseJsonPathKey(key: string): JsonPathKey | null {
  const colon = key.indexOf(':');
  const head = colon < 0 ? key : key.slice(0, colon);
  const castText = colon < 0 ? null : key.slice(colon + 1);
  const dot = head.indexOf('.');
  const attribute = dot < 0 ? head : head.slice(0, dot);
  if (!ATTRIBUTE.test(attribute)) return null;
  const path = dot < 0 ? null : parseSteps(head.slice(dot + 1));
  if (dot >= 0 && path === null) return null;
  const cast = castText === null ? null : parseJsonCast(castText);
  if (castText !== null && cast === null) return null;
  return { attribute, path, cast };
}

/** The attribute a key names when it has the form of a JSON path key (`attr.…` or `attr:…`). */
export function jsonKeyAttribute(key: string): string | null {
  const m = /^([A-Za-z_]\w*)[.:]/.exec(key);
  return m ? m[1]! : null;
}
