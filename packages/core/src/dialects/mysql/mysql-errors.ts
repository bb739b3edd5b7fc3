/** MySQL / MariaDB error numbers and what they mean to DataJoint (spec-core §3.6). */
import type { DataJointError } from '../../errors';
import { buildError, looksLikeLostConnection, type ErrorKind } from '../error-translation';

const KIND_BY_ERRNO: Record<number, ErrorKind> = {
  1053: 'lost', // server shutdown in progress
  1927: 'lost', // MariaDB: connection was killed
  2006: 'lost', // server has gone away
  2013: 'lost', // lost connection during query
  4031: 'lost', // MySQL: disconnected by the server
  1044: 'access',
  1045: 'access', // bad user name or password
  1142: 'access',
  1143: 'access',
  1227: 'access',
  1698: 'access',
  1062: 'duplicate',
  1586: 'duplicate',
  1216: 'integrity',
  1217: 'integrity',
  1451: 'integrity',
  1452: 'integrity',
  3730: 'integrity',
  1064: 'syntax',
  1149: 'syntax',
  1146: 'missingTable',
  1048: 'missingAttribute', // NULL into a NOT NULL column
  1364: 'missingAttribute', // no value and no default
  1054: 'unknownAttribute',
};

const LOST_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'ER_CONNECTION_KILLED']);

interface MysqlDriverError {
  errno?: number;
  code?: string;
  fatal?: boolean;
}

function kindOf(error: unknown): ErrorKind | undefined {
  const { errno, code } = (error ?? {}) as MysqlDriverError;
  if (errno !== undefined && KIND_BY_ERRNO[errno]) return KIND_BY_ERRNO[errno];
  if (code !== undefined && LOST_CODES.has(code)) return 'lost';
  if (looksLikeLostConnection(error)) return 'lost';
  return undefined;
}

export function isMysqlConnectionLost(error: unknown): boolean {
  return kindOf(error) === 'lost';
}

export function translateMysqlError(error: unknown, sql?: string): DataJointError {
  const { errno, code } = (error ?? {}) as MysqlDriverError;
  return buildError(error, kindOf(error), errno ?? code, sql);
}
