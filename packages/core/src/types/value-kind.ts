/**
 * Value kinds: how the values of an attribute travel between JavaScript and SQL. Every
 * DataJoint type (core, native or a codec's stored type) maps to one kind, and the kind
 * alone decides encoding and decoding, identically on every backend.
 */
import { parseAttributeType, type AttributeType } from './attribute-type';

/**
 * - `int`: JavaScript `number` (integers up to 32 bits)
 * - `bigint`: JavaScript `bigint` (int64, uint64, native bigint)
 * - `float`: `number`; `float32`: `number`, the shortest decimal that is the stored single;
 *   `decimal`: exact decimal text (`string`)
 * - `bool`: `boolean`; `string`: `string`; `char`: `string` without trailing padding
 * - `date`, `datetime`: `Date` (UTC); `time`: `'HH:MM:SS'` text
 * - `uuid`: canonical lower-case text; `json`: parsed JSON; `bytes`: `Buffer`
 * - `other`: whatever the driver returns
 */
export type ValueKind =
  | 'int'
  | 'bigint'
  | 'float'
  | 'float32'
  | 'decimal'
  | 'bool'
  | 'string'
  | 'char'
  | 'date'
  | 'datetime'
  | 'time'
  | 'uuid'
  | 'json'
  | 'bytes'
  | 'other';

/** Integer ranges by type name, for checking values before they are sent. */
export const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, 2n ** 64n - 1n],
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  mediumint: [-8388608n, 8388607n],
  int: [-2147483648n, 2147483647n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  'tinyint unsigned': [0n, 255n],
  'smallint unsigned': [0n, 65535n],
  'mediumint unsigned': [0n, 16777215n],
  'int unsigned': [0n, 4294967295n],
  'integer unsigned': [0n, 4294967295n],
  'bigint unsigned': [0n, 2n ** 64n - 1n],
};

/** The kind of a parsed attribute type (codecs: pass their stored type instead). */
export function kindOfType(type: AttributeType): ValueKind {
  if (type.category === 'core') {
    switch (type.core.name) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'uint8':
      case 'uint16':
      case 'uint32':
        return 'int';
      case 'int64':
      case 'uint64':
        return 'bigint';
      case 'float32':
        return 'float32';
      case 'float64':
        return 'float';
      case 'decimal':
        return 'decimal';
      case 'bool':
        return 'bool';
      case 'char':
        return 'char';
      case 'varchar':
      case 'enum':
        return 'string';
      case 'date':
        return 'date';
      case 'datetime':
        return 'datetime';
      case 'uuid':
        return 'uuid';
      case 'json':
        return 'json';
      case 'bytes':
        return 'bytes';
    }
  }
  if (type.category === 'native') {
    const text = type.text.toLowerCase();
    switch (type.family) {
      case 'integer':
        return /^(big)?serial$|^bigint/.test(text) ? 'bigint' : 'int';
      case 'numeric':
        return 'decimal';
      case 'float':
        // MySQL's `float` / `float(p ≤ 24)` and PostgreSQL's `real` hold single precision
        return /^(float|real)(\s+unsigned)?$/.test(text) || Number(/^float\s*\((\d+)\)/.exec(text)?.[1] ?? 99) <= 24 ? 'float32' : 'float';
      case 'string':
        return /^char/.test(text) ? 'char' : 'string';
      case 'temporal':
        if (text.startsWith('timestamp')) return 'datetime';
        if (text.startsWith('year')) return 'int';
        return 'time';
      case 'blob':
        return 'bytes';
      case 'text':
        return 'string';
    }
  }
  return 'other';
}

/** SQL type names that are not DataJoint type syntax but that catalogs report. */
const SQL_ONLY_KINDS: ReadonlyArray<[RegExp, ValueKind]> = [
  [/^boolean$/, 'bool'],
  [/^bytea$/, 'bytes'],
  [/^(var)?binary\s*\(\d+\)$/, 'bytes'],
  [/^double precision$/, 'float'],
  [/^bit(\s*\(\d+\))?$/, 'int'],
  [/^timestamp\s*(\(\d+\))?\s+with(out)? time zone$/, 'datetime'],
  [/^time\s*(\(\d+\))?\s+with(out)? time zone$/, 'time'],
];

/** The kind of a (normalised) SQL type as a catalog reports it. */
export function kindOfSqlType(sqlType: string): ValueKind {
  const text = sqlType.trim().toLowerCase();
  for (const [pattern, kind] of SQL_ONLY_KINDS) if (pattern.test(text)) return kind;
  try {
    return kindOfType(parseAttributeType(text));
  } catch {
    return 'other';
  }
}
