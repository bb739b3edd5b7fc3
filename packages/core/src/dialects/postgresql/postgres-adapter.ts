/** SQL facts of PostgreSQL (server and PGlite). */
import { createHash } from 'node:crypto';
import type { DataJointError } from '../../errors';
import type { CoreType } from '../../types/core-type';
import type { ValueKind } from '../../types/value-kind';
import { POSTGRES_TIME } from '../../types/temporal-columns';
import type { Adapter, InsertParts, OnDuplicate } from '../adapter';
import { splitFullTableName } from '../full-table-name';
import { isPostgresConnectionLost, isPostgresDeadlock, translatePostgresError } from './postgres-errors';
import { postgresJsonPath, translatePostgresExpression } from './postgres-expressions';

const SIMPLE_TYPES: Record<string, string> = {
  int8: 'smallint',
  int16: 'smallint',
  int32: 'integer',
  int64: 'bigint',
  uint8: 'smallint',
  uint16: 'integer',
  uint32: 'bigint',
  uint64: 'numeric(20,0)',
  float32: 'real',
  float64: 'double precision',
  bool: 'boolean',
  uuid: 'uuid',
  json: 'jsonb',
  bytes: 'bytea',
  date: 'date',
};

/**
 * Name of the PostgreSQL enum type for a set of values, as datajoint-python names it:
 * `enum_` + the first 8 hex digits of md5 of the sorted values joined by `_`.
 * Columns with the same set of values share one type.
 */
export function postgresEnumTypeName(values: readonly string[]): string {
  const digest = createHash('md5').update([...values].sort().join('_')).digest('hex');
  return `enum_${digest.slice(0, 8)}`;
}

export const postgresAdapter: Adapter = {
  family: 'postgresql',
  defaultPort: 5432,
  maxTableNameLength: 63,
  beginTransactionSql: 'BEGIN',
  sessionIdSql: 'SELECT pg_backend_pid() AS id',
  transactionalDdl: true,
  sharedAcrossProcesses: true,
  updateReturning: true,
  writeBatch: 'with',
  claimRowsSql: 'FOR UPDATE SKIP LOCKED',
  valueStorage: {
    serverName: 'PostgreSQL',
    keepsNegativeZero: true,
    textHoldsNul: false,
    json: { nulInStrings: false, maxDepth: Number.POSITIVE_INFINITY },
    timeRange: POSTGRES_TIME,
  },

  quoteIdentifier(name: string): string {
    return name.includes('"') ? `"${name.replace(/"/g, '""')}"` : `"${name}"`;
  },

  quoteString(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  },

  fullTableName(schema: string, table: string): string {
    return `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(table)}`;
  },

  splitFullTableName,

  coreTypeToSql(type: CoreType, schema: string): string {
    switch (type.name) {
      case 'datetime':
        return type.precision === undefined ? 'timestamp' : `timestamp(${type.precision})`;
      case 'char':
      case 'varchar':
        return `${type.name}(${type.length})`;
      case 'decimal':
        return `numeric(${type.precision},${type.scale})`;
      case 'enum':
        return `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(postgresEnumTypeName(type.values))}`;
      default:
        return SIMPLE_TYPES[type.name]!;
    }
  },

  createSchemaSql(schema: string): string {
    return `CREATE SCHEMA ${this.quoteIdentifier(schema)}`;
  },

  dropSchemaSql(schema: string): string {
    return `DROP SCHEMA IF EXISTS ${this.quoteIdentifier(schema)} CASCADE`;
  },

  insertParts(_fullTable: string, columns: readonly string[], primaryKey: readonly string[], onDuplicate: OnDuplicate): InsertParts {
    const q = (c: string) => this.quoteIdentifier(c);
    const conflict = `ON CONFLICT (${primaryKey.map(q).join(', ')})`;
    if (onDuplicate === 'skip') return { verb: 'INSERT', suffix: ` ${conflict} DO NOTHING` };
    if (onDuplicate === 'replace' || onDuplicate === 'update') {
      const others = columns.filter((c) => !primaryKey.includes(c));
      if (others.length === 0) return { verb: 'INSERT', suffix: ` ${conflict} DO NOTHING` };
      return { verb: 'INSERT', suffix: ` ${conflict} DO UPDATE SET ${others.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(', ')}` };
    }
    return { verb: 'INSERT', suffix: '' };
  },

  translateExpression: translatePostgresExpression,

  jsonEqualsSql(column: string): string {
    return `${column} = CAST(? AS jsonb)`;
  },
  jsonPathExpression: postgresJsonPath,

  fetchColumnSql(quoted: string, kind: ValueKind): string {
    // bytea arrives as hex text, twice its size: a JavaScript string cannot hold the hex of
    // 256 MB. Base64 takes 1.35 times the size (with its line breaks), and the `bytes`
    // decoder reads it; measured no slower for small values.
    return kind === 'bytes' ? `encode(${quoted}, 'base64')` : quoted;
  },

  boolDefaultSql(value: string): string {
    return this.quoteString(value);
  },

  defaultRowInsert(fullTable: string): string {
    return `INSERT INTO ${fullTable} DEFAULT VALUES`;
  },

  encodeUuid(hex: string): string {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  },

  currentTimestampSql(precision: number): string {
    return `CURRENT_TIMESTAMP(${Math.trunc(precision)})`;
  },

  intervalSql(seconds: number): string {
    return `INTERVAL '${Number(seconds.toFixed(6))} seconds'`;
  },

  currentUserSql: 'SELECT CURRENT_USER AS u',

  killSessionSql(sessionId: number): string {
    return `SELECT pg_terminate_backend(${Math.trunc(sessionId)})`;
  },

  translateError(error: unknown, sql?: string): DataJointError {
    return translatePostgresError(error, sql);
  },

  isDeadlock: isPostgresDeadlock,
  isConnectionLost: isPostgresConnectionLost,
};
