/**
 * Bytes a MySQL column takes in a row and in an index key (utf8mb4, InnoDB), from its SQL
 * type as declared or as the catalog reports it. These decide the two limits MySQL checks
 * at CREATE TABLE: 65,535 bytes per row (BLOB and TEXT columns count only their pointer)
 * and 3,072 bytes per index key.
 */

/** Largest row, in bytes, not counting the contents of BLOB and TEXT columns. */
export const MYSQL_MAX_ROW_BYTES = 65_535;
/** Largest index key, in bytes (InnoDB with the DYNAMIC row format). */
export const MYSQL_MAX_KEY_BYTES = 3_072;
/** Most columns in one index. */
export const MYSQL_MAX_KEY_COLUMNS = 16;

/** Bytes of a column: in the row, and in a key (`null`: cannot be indexed without a prefix length). */
export interface ColumnBytes {
  readonly row: number;
  readonly key: number | null;
}

// Bytes per character of utf8mb4, the character set DataJoint's databases use.
const CHAR_BYTES = 4;

const FIXED: Readonly<Record<string, number>> = {
  tinyint: 1,
  bool: 1,
  boolean: 1,
  smallint: 2,
  mediumint: 3,
  int: 4,
  integer: 4,
  bigint: 8,
  serial: 8,
  real: 8,
  double: 8,
  date: 3,
  year: 1,
};

// A BLOB or TEXT column (and JSON, which MariaDB stores as LONGTEXT) keeps a length and a pointer in the row.
const POINTER: Readonly<Record<string, number>> = {
  tinyblob: 9,
  tinytext: 9,
  blob: 10,
  text: 10,
  mediumblob: 11,
  mediumtext: 11,
  longblob: 12,
  longtext: 12,
  json: 12,
};

/** Bytes of `digits` decimal digits in MySQL's packed decimal format. */
function decimalDigitBytes(digits: number): number {
  return Math.floor(digits / 9) * 4 + [0, 1, 1, 2, 2, 3, 3, 4, 4, 4][digits % 9]!;
}

/** The bytes of a column of SQL type `sqlType`. Unknown types count as 8 bytes. */
export function mysqlColumnBytes(sqlType: string): ColumnBytes {
  const text = sqlType.trim().toLowerCase();
  const m = /^([a-z]+)\s*(?:\(([^)]*)\))?/.exec(text);
  const base = m?.[1] ?? text;
  const params = (m?.[2] ?? '').split(',').map((p) => Number(p.trim()));
  const first = params[0]!;
  const fixed = (bytes: number): ColumnBytes => ({ row: bytes, key: bytes });
  if (base in POINTER) return { row: POINTER[base]!, key: null };
  if (base in FIXED) return fixed(FIXED[base]!);
  const fraction = (n: number) => Math.ceil((Number.isFinite(n) ? n : 0) / 2);
  switch (base) {
    case 'float':
      return fixed(m?.[2] === undefined || params.length === 2 || first <= 24 ? 4 : 8);
    case 'decimal':
    case 'numeric': {
      const precision = m?.[2] === undefined ? 10 : first;
      const scale = params.length > 1 ? params[1]! : 0;
      return fixed(decimalDigitBytes(precision - scale) + decimalDigitBytes(scale));
    }
    case 'datetime':
      return fixed(5 + fraction(first));
    case 'timestamp':
      return fixed(4 + fraction(first));
    case 'time':
      return fixed(3 + fraction(first));
    case 'char':
      return fixed(first * CHAR_BYTES);
    case 'binary':
      return fixed(first);
    case 'varchar': {
      const bytes = first * CHAR_BYTES;
      return { row: bytes + (bytes > 255 ? 2 : 1), key: bytes };
    }
    case 'varbinary':
      return { row: first + (first > 255 ? 2 : 1), key: first };
    case 'enum': {
      const count = (text.match(/'(?:[^']|'')*'/g) ?? []).length;
      return fixed(count > 255 ? 2 : 1);
    }
    default:
      return fixed(8);
  }
}
