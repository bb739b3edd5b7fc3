/**
 * What PostgreSQL (and PGlite) refuses or alters, checked before any DDL. Of the native
 * types datajoint-python passes through, PostgreSQL has `smallint`, `int`, `integer`,
 * `bigint`, `serial` (and `… auto_increment`, declared as the matching serial type),
 * `numeric`, `real`, `float(p)`, `time`, `timestamp` and `text`; MySQL's others (`tinyint`,
 * `mediumint`, `unsigned`, display widths, `double`, `year`, the sized blob and text
 * types) are refused with the core type to use instead.
 */
import type { AttributeType } from '@dj/core/internal';
import type { BackendRules, TableProblem } from './backend-rules';
import { nativeTypeParts, numericParams } from './native-type-parts';
import type { TableLayout } from './table-layout';

const BACKEND = 'PostgreSQL';
// NAMEDATALEN - 1: longer names are cut short by the server, silently.
const MAX_IDENTIFIER = 63;
const MAX_STRING = 10_485_760;
const MAX_ENUM_LABEL_BYTES = 63;
const MAX_NUMERIC_PRECISION = 1_000;
const MAX_INDEX_COLUMNS = 32;
const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid']);

/** Core types to suggest instead of MySQL's native types. */
const INSTEAD: Readonly<Record<string, string>> = {
  tinyint: 'int8 (or uint8)',
  mediumint: 'int32',
  double: 'float64',
  year: 'int16',
  tinyblob: 'bytes',
  blob: 'bytes',
  mediumblob: 'bytes',
  longblob: 'bytes',
  tinytext: 'text or varchar(n)',
  mediumtext: 'text',
  longtext: 'text',
};

function nativeProblem(type: AttributeType): string | null {
  const parts = nativeTypeParts(type);
  if (!parts || type.category !== 'native') return null;
  const refuse = (why: string) => `${type.text}: ${why}`;
  const instead = INSTEAD[parts.base];
  if (instead) return refuse(`${BACKEND} has no ${parts.base}; use ${instead}`);
  if (parts.unsigned) return refuse(`${BACKEND} has no unsigned types; use a wider signed type or uint8/uint16/uint32/uint64`);
  const params = parts.params === null ? null : numericParams(parts.params);
  if (parts.params !== null && params === null) return refuse('the parameters must be whole numbers');
  switch (type.family) {
    case 'integer':
      return params ? refuse(`${BACKEND} has no display widths for integers`) : null;
    case 'numeric':
      if (params && (params.length > 2 || params[0]! < 1 || params[0]! > MAX_NUMERIC_PRECISION || (params[1] ?? 0) > params[0]!)) {
        return refuse(`${BACKEND} allows a precision of 1 to ${MAX_NUMERIC_PRECISION} and a scale of at most the precision`);
      }
      return null;
    case 'float':
      if (!params) return null;
      return parts.base === 'float' && params.length === 1 && params[0]! >= 1 && params[0]! <= 53
        ? null
        : refuse(`${BACKEND} allows float(p) with p from 1 to 53 only`);
    case 'string':
      return refuse('the length must be one whole number (write char(n) or varchar(n))');
    case 'temporal':
      return params && (params.length !== 1 || params[0]! > 6) ? refuse('the fractional-second precision must be at most 6') : null;
    default:
      return null;
  }
}

export const postgresRules: BackendRules = {
  backend: BACKEND,
  maxColumnNameLength: MAX_IDENTIFIER,

  columnNameProblem(name: string): string | null {
    return SYSTEM_COLUMNS.has(name) ? `\`${name}\` is the name of a ${BACKEND} system column` : null;
  },

  typeProblem(type: AttributeType): string | null {
    if (type.category === 'native') return nativeProblem(type);
    if (type.category !== 'core') return null;
    const core = type.core;
    if ((core.name === 'char' || core.name === 'varchar') && core.length > MAX_STRING) {
      return `${type.text}: ${BACKEND} allows lengths up to ${MAX_STRING}`;
    }
    if (core.name === 'enum') {
      const long = core.values.find((v) => Buffer.byteLength(v, 'utf8') > MAX_ENUM_LABEL_BYTES);
      if (long !== undefined) return `The enum value '${long}' is longer than ${MAX_ENUM_LABEL_BYTES} bytes (UTF-8), the most ${BACKEND} allows`;
    }
    return null;
  },

  defaultProblem(): string | null {
    return null;
  },

  commentProblem(): string | null {
    return null;
  },

  tableProblems(layout: TableLayout): TableProblem[] {
    const wide = [layout.primaryKey, ...layout.indexes.map((i) => i.args)].some((key) => key.length > MAX_INDEX_COLUMNS);
    return wide ? [{ line: null, problem: `A key or index has more than ${MAX_INDEX_COLUMNS} attributes, the most ${BACKEND} allows` }] : [];
  },
};
