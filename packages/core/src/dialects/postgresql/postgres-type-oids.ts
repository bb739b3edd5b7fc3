/**
 * PostgreSQL types whose text form this implementation decodes itself (by the DataJoint
 * type of the attribute), so that the pg and PGlite drivers return the same raw values.
 */
import type { ValueKind } from '../../types/value-kind';

export const TEXT_RESULT_TYPE_OIDS: readonly number[] = [
  20, // int8: may exceed Number.MAX_SAFE_INTEGER
  1700, // numeric: exact decimal text
  1082, // date
  1083, // time
  1114, // timestamp
  1184, // timestamptz
  1266, // timetz
  114, // json
  3802, // jsonb
];

const KIND_BY_OID: Readonly<Record<number, ValueKind>> = {
  16: 'bool',
  17: 'bytes',
  20: 'bigint',
  21: 'int',
  23: 'int',
  26: 'int',
  700: 'float32',
  701: 'float',
  1700: 'decimal',
  1082: 'date',
  1083: 'time',
  1114: 'datetime',
  1184: 'datetime',
  114: 'json',
  3802: 'json',
  2950: 'uuid',
  18: 'string',
  19: 'string',
  25: 'string',
  1042: 'char',
  1043: 'string',
};

/** The value kind of each result column, by its type OID. */
export function postgresFieldKinds(fields: ReadonlyArray<{ name: string; dataTypeID: number }>): Record<string, ValueKind> {
  const kinds: Record<string, ValueKind> = {};
  for (const field of fields) kinds[field.name] = KIND_BY_OID[field.dataTypeID] ?? 'other';
  return kinds;
}
