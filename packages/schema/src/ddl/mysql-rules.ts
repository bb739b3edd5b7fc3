/**
 * What MySQL and MariaDB refuse or alter, checked before any DDL. Native types are the
 * ones datajoint-python passes through (its INTEGER, NUMERIC, FLOAT, TEMPORAL, NATIVE_BLOB
 * and NATIVE_TEXT patterns), within the parameters the server accepts.
 */
import type { AttributeType } from '@dj/core/internal';
import { isAutoIncrementType } from '../definition/default-rules';
import type { TableDeclaration } from '../declare/table-declaration';
import type { BackendRules, TableProblem } from './backend-rules';
import { MYSQL_MAX_KEY_BYTES, MYSQL_MAX_KEY_COLUMNS, MYSQL_MAX_ROW_BYTES, mysqlColumnBytes } from './mysql-storage';
import { nativeTypeParts, numericParams } from './native-type-parts';
import type { TableLayout } from './table-layout';

const BACKEND = 'MySQL';
const MAX_IDENTIFIER = 64;
const MAX_CHAR = 255;
// utf8mb4 takes up to 4 bytes a character, and a row holds at most 65,535 bytes.
const MAX_VARCHAR = 16_383;
const MAX_ENUM_VALUE = 255;
const MAX_ENUM_VALUES = 65_535;
const MAX_COLUMN_COMMENT = 1_024;
const MAX_TABLE_COMMENT = 2_048;
// MySQL's TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC; a day's margin covers any session time zone.
const TIMESTAMP_RANGE = ['1970-01-02', '2038-01-18'] as const;

// Comments and enum values are stored in the 3-byte utf8 of the data dictionary: characters beyond U+FFFF become '?'.
const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** An enum value as MySQL's default collations compare it: without case, accents, ignorable characters or trailing spaces. */
function collationKeys(value: string): string[] {
  const folded = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '')
    .toLowerCase()
    .replace(/ +$/, '');
  // utf8mb4_general_ci compares ß as s, the Unicode collations as ss.
  return [folded.replace(/ß/g, 's'), folded.replace(/ß/g, 'ss')];
}

function enumProblem(values: readonly string[]): string | null {
  if (values.length > MAX_ENUM_VALUES) return `${BACKEND} allows at most ${MAX_ENUM_VALUES} enum values`;
  const seen = new Map<string, string>();
  for (const value of values) {
    if ([...value].length > MAX_ENUM_VALUE) return `The enum value '${value}' is longer than ${MAX_ENUM_VALUE} characters, the most ${BACKEND} allows`;
    if (ASTRAL.test(value)) return `The enum value '${value}' has a character beyond U+FFFF, which ${BACKEND} does not keep in enum values`;
    for (const key of collationKeys(value)) {
      const other = seen.get(key);
      if (other !== undefined && other !== value) {
        return `The enum values '${other}' and '${value}' are the same value to ${BACKEND}, which compares them without case and accents`;
      }
      seen.set(key, value);
    }
  }
  return null;
}

function nativeProblem(type: AttributeType): string | null {
  const parts = nativeTypeParts(type);
  if (!parts) return null;
  const params = parts.params === null ? null : numericParams(parts.params);
  const bad = (why: string) => `${type.text}: ${why}`;
  if (parts.params !== null && params === null) return bad('the parameters must be whole numbers');
  switch (type.category === 'native' ? type.family : null) {
    case 'integer':
      if (params && (params.length !== 1 || params[0]! > 255)) return bad('the display width must be one number up to 255');
      return null;
    case 'numeric':
      if (params && (params.length > 2 || params[0]! < 1 || params[0]! > 65 || (params[1] ?? 0) > Math.min(30, params[0]!))) {
        return bad(`${BACKEND} allows a precision of 1 to 65 and a scale of at most 30 and at most the precision`);
      }
      return null;
    case 'float':
      if (!params) return null;
      if (params.length === 1) {
        return parts.base === 'float' && params[0]! <= 53 ? null : bad(`${BACKEND} allows float(p) with p up to 53 only`);
      }
      if (params.length === 2 && params[0]! >= 1 && params[0]! <= 255 && params[1]! <= Math.min(30, params[0]!)) return null;
      return bad(`${BACKEND} allows (M,D) with M up to 255 and D at most 30 and at most M`);
    case 'string':
      return bad('the length must be one whole number (write char(n) or varchar(n))');
    case 'temporal':
      if (parts.base === 'year') return !params || (params.length === 1 && params[0] === 4) ? null : bad('write year or year(4)');
      if (params && (params.length !== 1 || params[0]! > 6)) return bad('the fractional-second precision must be at most 6');
      return null;
    default:
      return null;
  }
}

/** Key lengths and column counts of the primary key and each index. */
function keyProblems(layout: TableLayout, declaration: TableDeclaration, bytesOf: (name: string) => number | null): TableProblem[] {
  const keys: Array<{ line: string | null; columns: readonly string[] }> = [
    { line: null, columns: layout.primaryKey },
    ...declaration.indexes.map((index) => ({ line: index.line, columns: index.args })),
  ];
  const problems: TableProblem[] = [];
  for (const { line, columns } of keys) {
    const what = `${line === null ? 'The primary key' : 'The index'} (${columns.join(', ')})`;
    if (columns.length > MYSQL_MAX_KEY_COLUMNS) problems.push({ line, problem: `${what} has more than ${MYSQL_MAX_KEY_COLUMNS} attributes, the most ${BACKEND} allows` });
    let total = 0;
    for (const name of columns) {
      if (!/^[a-z_][a-z0-9_]*$/i.test(name)) continue; // an expression: the server decides
      const bytes = bytesOf(name);
      if (bytes === null) {
        problems.push({ line, problem: `${what} includes \`${name}\`, a blob, text or json attribute, which ${BACKEND} cannot index` });
        break;
      }
      total += bytes;
    }
    if (total > MYSQL_MAX_KEY_BYTES) {
      problems.push({ line, problem: `${what} takes ${total} bytes (4 bytes per character); ${BACKEND} allows at most ${MYSQL_MAX_KEY_BYTES}` });
    }
  }
  return problems;
}

/** InnoDB needs the one auto_increment column of a table to lead some index (`serial` brings its own). */
function autoIncrementProblems(layout: TableLayout, declaration: TableDeclaration): TableProblem[] {
  const auto = declaration.columns.flatMap((c) => (c.origin === 'attribute' && isAutoIncrementType(c.item.type) ? [c.item] : []));
  const [first, second] = auto;
  if (!first) return [];
  if (second) return [{ line: second.line, problem: `${BACKEND} allows one auto_increment attribute per table` }];
  const leads = [layout.primaryKey, ...layout.indexes.map((i) => i.args)].some((key) => key[0] === first.name);
  if (leads || /^serial$/i.test(first.type.text)) return [];
  return [{ line: first.line, problem: `${BACKEND} requires the auto_increment attribute \`${first.name}\` to come first in the primary key or in an index` }];
}

export const mysqlRules: BackendRules = {
  backend: BACKEND,
  maxColumnNameLength: MAX_IDENTIFIER,

  columnNameProblem(): string | null {
    return null;
  },

  typeProblem(type: AttributeType): string | null {
    if (type.category === 'native') return nativeProblem(type);
    if (type.category !== 'core') return null;
    const core = type.core;
    if (core.name === 'char' && core.length > MAX_CHAR) return `${type.text}: ${BACKEND} allows char(n) up to ${MAX_CHAR} characters`;
    if (core.name === 'varchar' && core.length > MAX_VARCHAR) {
      return `${type.text}: ${BACKEND} allows varchar(n) up to ${MAX_VARCHAR} characters (65,535 bytes a row, 4 bytes a character)`;
    }
    if (core.name === 'enum') return enumProblem(core.values);
    return null;
  },

  defaultProblem(type: AttributeType, value: string): string | null {
    if (type.category === 'core' && type.core.name === 'uuid') return 'MySQL stores uuid as binary(16), which takes no text default';
    if (type.category !== 'native') return null;
    if (type.family === 'text') return 'MySQL does not allow a default for TEXT columns';
    if (/^timestamp/i.test(type.text) && (value.slice(0, 10) < TIMESTAMP_RANGE[0] || value.slice(0, 10) > TIMESTAMP_RANGE[1])) {
      return `a MySQL timestamp lies between ${TIMESTAMP_RANGE[0]} and ${TIMESTAMP_RANGE[1]}`;
    }
    return null;
  },

  commentProblem(comment: string, of: 'column' | 'table'): string | null {
    const max = of === 'column' ? MAX_COLUMN_COMMENT : MAX_TABLE_COMMENT;
    const length = [...comment].length;
    if (length > max) return `The ${of} comment is ${length} characters long (with its type marker); ${BACKEND} allows at most ${max}`;
    if (ASTRAL.test(comment)) return `The ${of} comment has a character beyond U+FFFF, which ${BACKEND} does not keep in comments`;
    return null;
  },

  tableProblems(layout: TableLayout, declaration: TableDeclaration): TableProblem[] {
    const problems: TableProblem[] = [];
    // InnoDB names foreign keys <table>_ibfk_<n>, and refuses the table when such a name is too long.
    const fkName = `${layout.table}_ibfk_${layout.foreignKeys.length}`;
    if (layout.foreignKeys.length > 0 && fkName.length > MAX_IDENTIFIER) {
      problems.push({
        line: declaration.foreignKeys[declaration.foreignKeys.length - 1]?.item.line ?? null,
        problem: `${BACKEND} names this foreign key \`${fkName}\`, longer than ${MAX_IDENTIFIER} characters: shorten the table's name`,
      });
    }
    problems.push(...autoIncrementProblems(layout, declaration));
    const bytes = new Map(layout.columns.map((c) => [c.name, mysqlColumnBytes(c.sqlType)]));
    problems.push(...keyProblems(layout, declaration, (name) => (bytes.has(name) ? bytes.get(name)!.key : 0)));
    const nullable = layout.columns.filter((c) => !/NOT NULL/.test(c.nullClause)).length;
    const row = [...bytes.values()].reduce((sum, b) => sum + b.row, 0) + Math.ceil(nullable / 8);
    if (row > MYSQL_MAX_ROW_BYTES) {
      problems.push({
        line: null,
        problem: `A row of this table takes ${row} bytes (4 bytes per character of char and varchar); ${BACKEND} allows at most ${MYSQL_MAX_ROW_BYTES}: use fewer or shorter strings`,
      });
    }
    return problems;
  },
};
