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

/**
 * Network-layer errors after which the server closes the session (a packet over
 * `max_allowed_packet`, packets out of order, interrupted reads and writes). They are not
 * a lost connection to retry, but the session must not be used again.
 */
const SESSION_BREAKING_ERRNOS = new Set([1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161]);

/** What to add to the server's message for errors whose remedy it does not say. */
const ADVICE: Record<number, string> = {
  1153:
    'The statement is larger than the server setting max_allowed_packet allows. ' +
    'Raise max_allowed_packet on the server (e.g. `SET GLOBAL max_allowed_packet = 134217728;` as an administrator, ' +
    'for sessions opened afterwards), or store large values in an object store (`<blob@>`).',
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

/** Error 1213 (ER_LOCK_DEADLOCK), from the driver or kept as a translated error's code. */
export function isMysqlDeadlock(error: unknown): boolean {
  const { errno, code } = (error ?? {}) as { errno?: number; code?: string | number };
  return errno === 1213 || code === 1213 || code === 'ER_LOCK_DEADLOCK';
}

export function isMysqlConnectionLost(error: unknown): boolean {
  return kindOf(error) === 'lost';
}

/**
 * Whether a statement's error leaves its session unusable: a fatal driver error (mysql2's
 * documented `fatal` flag) or a network-layer error after which the server hangs up.
 */
export function breaksMysqlSession(error: unknown): boolean {
  const { errno, fatal } = (error ?? {}) as MysqlDriverError;
  return fatal === true || (errno !== undefined && SESSION_BREAKING_ERRNOS.has(errno)) || isMysqlConnectionLost(error);
}

export function translateMysqlError(error: unknown, sql?: string): DataJointError {
  const { errno, code } = (error ?? {}) as MysqlDriverError;
  const translated = buildError(error, kindOf(error), errno ?? code, sql);
  const advice = errno === undefined ? undefined : ADVICE[errno];
  return advice ? translated.suggest(advice) : translated;
}
