/** SQL facts of MySQL and MariaDB. */
import { escape } from 'sql-escaper';
import type { DataJointError } from '../../errors';
import type { CoreType } from '../../types/core-type';
import type { ValueKind } from '../../types/value-kind';
import { MYSQL_TIME } from '../../types/temporal-columns';
import type { Adapter, InsertParts, OnDuplicate } from '../adapter';
import { splitFullTableName } from '../full-table-name';
import { isMysqlConnectionLost, isMysqlDeadlock, translateMysqlError } from './mysql-errors';
import { mysqlJsonPath, translateMysqlExpression } from './mysql-expressions';

const SIMPLE_TYPES: Record<string, string> = {
  int8: 'tinyint',
  int16: 'smallint',
  int32: 'int',
  int64: 'bigint',
  uint8: 'tinyint unsigned',
  uint16: 'smallint unsigned',
  uint32: 'int unsigned',
  uint64: 'bigint unsigned',
  float32: 'float',
  float64: 'double',
  bool: 'tinyint',
  uuid: 'binary(16)',
  json: 'json',
  bytes: 'longblob',
  date: 'date',
};

export const mysqlAdapter: Adapter = {
  family: 'mysql',
  defaultPort: 3306,
  maxTableNameLength: 64,
  beginTransactionSql: 'START TRANSACTION WITH CONSISTENT SNAPSHOT',
  sessionIdSql: 'SELECT connection_id() AS id',
  transactionalDdl: false,
  sharedAcrossProcesses: true,
  updateReturning: false,
  writeBatch: 'compound',
  claimRowsSql: 'FOR UPDATE',
  valueStorage: {
    serverName: 'MySQL and MariaDB',
    keepsNegativeZero: false,
    textHoldsNul: true,
    // MariaDB's JSON holds arrays and objects nested at most 31 deep
    json: { nulInStrings: true, maxDepth: 31 },
    timeRange: MYSQL_TIME,
  },

  quoteIdentifier(name: string): string {
    return name.includes('`') ? `\`${name.replace(/`/g, '``')}\`` : `\`${name}\``;
  },

  quoteString(value: string): string {
    return escape(value);
  },

  fullTableName(schema: string, table: string): string {
    return `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(table)}`;
  },

  splitFullTableName,

  coreTypeToSql(type: CoreType): string {
    switch (type.name) {
      case 'datetime':
        return type.precision === undefined ? 'datetime' : `datetime(${type.precision})`;
      case 'char':
      case 'varchar':
        return `${type.name}(${type.length})`;
      case 'decimal':
        return `decimal(${type.precision},${type.scale})`;
      case 'enum':
        // Backslash escapes in MySQL strings: a value's backslashes are doubled, or `\b` would become a backspace.
        return `enum(${type.values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(',')})`;
      default:
        return SIMPLE_TYPES[type.name]!;
    }
  },

  createSchemaSql(schema: string): string {
    return `CREATE DATABASE ${this.quoteIdentifier(schema)}`;
  },

  dropSchemaSql(schema: string): string {
    return `DROP DATABASE IF EXISTS ${this.quoteIdentifier(schema)}`;
  },

  insertParts(fullTable: string, columns: readonly string[], primaryKey: readonly string[], onDuplicate: OnDuplicate): InsertParts {
    const q = (c: string) => this.quoteIdentifier(c);
    switch (onDuplicate) {
      case 'replace':
        return { verb: 'REPLACE', suffix: '' };
      case 'skip': {
        // A no-op update: MySQL then skips duplicates of any unique key, as datajoint-python does.
        const first = q(primaryKey[0] ?? columns[0]!);
        return { verb: 'INSERT', suffix: ` ON DUPLICATE KEY UPDATE ${first}=${fullTable}.${first}` };
      }
      case 'update':
        return { verb: 'INSERT', suffix: ` ON DUPLICATE KEY UPDATE ${columns.map((c) => `${q(c)}=VALUES(${q(c)})`).join(', ')}` };
      default:
        return { verb: 'INSERT', suffix: '' };
    }
  },

  translateExpression: translateMysqlExpression,

  jsonEqualsSql(column: string): string {
    // Compare documents, not stored texts: MySQL compares a JSON column with a string as a
    // JSON string scalar, and MariaDB keeps the text as written (`{"a": 1}` by Python).
    // JSON_EXTRACT(…, '$') gives both sides one spelling; MD5 compares those exactly,
    // whatever the collation.
    return `MD5(JSON_EXTRACT(${column}, '$')) = MD5(JSON_EXTRACT(?, '$'))`;
  },
  jsonPathExpression: mysqlJsonPath,

  fetchColumnSql(quoted: string, kind: ValueKind): string {
    // The text protocol sends FLOAT with 6 significant digits; as a double it is exact.
    return kind === 'float32' ? `${quoted}+0e0` : quoted;
  },

  boolDefaultSql(value: string): string {
    return /^(true|1)$/i.test(value) ? "'1'" : "'0'";
  },

  defaultRowInsert(fullTable: string): string {
    return `INSERT INTO ${fullTable} () VALUES ()`;
  },

  encodeUuid(hex: string): Buffer {
    return Buffer.from(hex, 'hex');
  },

  currentTimestampSql(precision: number): string {
    return `CURRENT_TIMESTAMP(${Math.trunc(precision)})`;
  },

  intervalSql(seconds: number): string {
    return `INTERVAL ${Math.round(seconds * 1e6)} MICROSECOND`;
  },

  currentUserSql: 'SELECT USER() AS u',

  killSessionSql(sessionId: number): string {
    return `KILL ${Math.trunc(sessionId)}`;
  },

  translateError(error: unknown, sql?: string): DataJointError {
    return translateMysqlError(error, sql);
  },

  isDeadlock: isMysqlDeadlock,
  isConnectionLost: isMysqlConnectionLost,
};
