/** Value kinds of MySQL result columns, from the column type codes of the protocol. */
import type { ValueKind } from '../../types/value-kind';

/** What mysql2 reports about a result column. */
export interface MysqlField {
  readonly name: string;
  readonly columnType?: number;
  readonly type?: number;
  /** 63 is the binary character set: binary strings and blobs. */
  readonly characterSet?: number;
}

const BINARY_CHARSET = 63;

function kindOf(field: MysqlField): ValueKind {
  const code = field.columnType ?? field.type;
  switch (code) {
    case 1: // TINY
    case 2: // SHORT
    case 3: // LONG
    case 9: // INT24
    case 13: // YEAR
      return 'int';
    case 8: // LONGLONG
      return 'bigint';
    case 4: // FLOAT
      return 'float32';
    case 5: // DOUBLE
      return 'float';
    case 0: // DECIMAL
    case 246: // NEWDECIMAL
      return 'decimal';
    case 10: // DATE
    case 14: // NEWDATE
      return 'date';
    case 7: // TIMESTAMP
    case 12: // DATETIME
      return 'datetime';
    case 11: // TIME
      return 'time';
    case 245: // JSON
      return 'json';
    case 249: // TINY_BLOB
    case 250: // MEDIUM_BLOB
    case 251: // LONG_BLOB
    case 252: // BLOB
    case 253: // VAR_STRING
    case 254: // STRING
    case 15: // VARCHAR
      return field.characterSet === BINARY_CHARSET ? 'bytes' : 'string';
    default:
      return 'other';
  }
}

/** The value kind of each result column. */
export function mysqlFieldKinds(fields: readonly MysqlField[] | undefined): Record<string, ValueKind> | undefined {
  if (!fields) return undefined;
  const kinds: Record<string, ValueKind> = {};
  for (const field of fields) kinds[field.name] = kindOf(field);
  return kinds;
}
