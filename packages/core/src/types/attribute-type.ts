/**
 * Reading an attribute type as written in a definition: a core DataJoint type
 * (`int32`, `varchar(64)`, `enum('a','b')`, …), a native SQL type passed through
 * (`int unsigned`, `longtext`, …), or a codec (`<blob>`, `<blob@store>`).
 * Type names are case-insensitive and may have spaces before parentheses.
 */
import { DataJointError } from '../errors';
import type { CoreType, SimpleCoreTypeName } from './core-type';

/** Broad families of native SQL types, as datajoint-python classifies them. */
export type NativeFamily = 'integer' | 'numeric' | 'float' | 'string' | 'temporal' | 'blob' | 'text';

/** A parsed attribute type. */
export type AttributeType =
  | { readonly category: 'core'; readonly text: string; readonly core: CoreType }
  | {
      readonly category: 'native';
      readonly text: string;
      readonly family: NativeFamily;
      readonly autoIncrement: boolean;
      readonly unsigned: boolean;
    }
  | { readonly category: 'codec'; readonly text: string; readonly codec: string; readonly store: string | null };

const SIMPLE_CORE: readonly SimpleCoreTypeName[] = [
  'float32',
  'float64',
  'int64',
  'int32',
  'int16',
  'int8',
  'uint64',
  'uint32',
  'uint16',
  'uint8',
  'bool',
  'uuid',
  'bytes',
  'date',
];

const NATIVE_PATTERNS: ReadonlyArray<[NativeFamily, RegExp]> = [
  ['integer', /^(?:(?:tiny|small|medium|big)?int|integer)(?:\s*\(\s*\d+\s*\))?(\s+unsigned)?(\s+auto_increment)?$|^serial$/i],
  ['numeric', /^numeric(?:\s*\(.+\))?(\s+unsigned)?$/i],
  ['float', /^(?:double|float|real)(?:\s*\(.+\))?(\s+unsigned)?$/i],
  ['string', /^(?:var)?char\s*\(.+\)$/i],
  ['temporal', /^(?:time|timestamp|year)(?:\s*\(.+\))?$/i],
  ['blob', /^(?:tiny|small|medium|long)blob$/i],
  ['text', /^(?:tiny|small|medium|long)?text$/i],
];

/**
 * Splits the values of an enum type (`'a', 'b'`), honouring quotes (a value may contain a
 * comma) and doubled quotes inside a value.
 */
export function parseEnumValues(inner: string): string[] {
  const values: string[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)")\s*(,|$)/y;
  let at = 0;
  while (at < inner.length) {
    re.lastIndex = at;
    const m = re.exec(inner);
    if (!m) throw new DataJointError(`Invalid enum value list (${inner}): values must be quoted strings separated by commas.`);
    values.push(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!.replace(/""/g, '"'));
    at = re.lastIndex;
    if (m[3] === '') break;
  }
  if (values.length === 0) throw new DataJointError('An enum type needs at least one value.');
  return values;
}

/** Lower-cases the type keyword and drops spaces before its parenthesis; parameters stay as written. */
function canonicalKeyword(text: string): string {
  const m = /^([A-Za-z]+)\s*(\(.*)?$/s.exec(text);
  if (!m) return text;
  return m[1]!.toLowerCase() + (m[2] ?? '');
}

function parseCore(text: string): AttributeType | null {
  const lower = text.toLowerCase();
  if ((SIMPLE_CORE as readonly string[]).includes(lower)) {
    return { category: 'core', text: lower, core: { name: lower as SimpleCoreTypeName } };
  }
  if (lower === 'json' || lower === 'jsonb') return { category: 'core', text: lower, core: { name: 'json' } };
  let m = /^datetime(?:\s*\(\s*(\d+)\s*\))?$/i.exec(text);
  if (m) {
    const precision = m[1] === undefined ? undefined : Number(m[1]);
    return {
      category: 'core',
      text: precision === undefined ? 'datetime' : `datetime(${precision})`,
      core: precision === undefined ? { name: 'datetime' } : { name: 'datetime', precision },
    };
  }
  m = /^(var)?char\s*\(\s*(\d+)\s*\)$/i.exec(text);
  if (m) {
    const name = m[1] ? 'varchar' : 'char';
    return { category: 'core', text: `${name}(${m[2]})`, core: { name, length: Number(m[2]) } };
  }
  m = /^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(text);
  if (m) {
    return { category: 'core', text: canonicalKeyword(text), core: { name: 'decimal', precision: Number(m[1]), scale: Number(m[2]) } };
  }
  m = /^enum\s*\((.+)\)$/is.exec(text);
  if (m) return { category: 'core', text: canonicalKeyword(text), core: { name: 'enum', values: parseEnumValues(m[1]!) } };
  return null;
}

/**
 * Parses a type as written in a definition.
 * @throws DataJointError `Unsupported attribute type <type>` for anything else.
 */
export function parseAttributeType(written: string): AttributeType {
  const text = written.trim();
  const codec = /^<\s*([A-Za-z_][\w]*)\s*(?:@\s*([\w-]*)\s*)?>$/.exec(text);
  if (codec) {
    const store = codec[2] === undefined ? null : codec[2];
    return { category: 'codec', text: `<${codec[1]}${store === null ? '' : `@${store}`}>`, codec: codec[1]!, store };
  }
  const core = parseCore(text);
  if (core) return core;
  for (const [family, pattern] of NATIVE_PATTERNS) {
    const m = pattern.exec(text);
    if (m) {
      return {
        category: 'native',
        text: text.replace(/\s+/g, ' '),
        family,
        unsigned: /\bunsigned\b/i.test(text),
        autoIncrement: /\bauto_increment\b/i.test(text),
      };
    }
  }
  throw new DataJointError(`Unsupported attribute type ${text}`);
}

/** True for core type names that pattern-match without being fully valid (e.g. `decimal(5)`). */
export function isCoreTypeName(name: string): boolean {
  return parseCore(name) !== null;
}
