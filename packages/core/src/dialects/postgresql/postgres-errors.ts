/** PostgreSQL SQLSTATE codes and what they mean to DataJoint (spec-core §3.6). */
import type { DataJointError } from '../../errors';
import { buildError, looksLikeLostConnection, type ErrorKind } from '../error-translation';

const KIND_BY_SQLSTATE: Record<string, ErrorKind> = {
  '08000': 'lost',
  '08001': 'lost',
  '08003': 'lost',
  '08006': 'lost',
  '57P01': 'lost', // terminated by an administrator (pg_terminate_backend)
  '57P02': 'lost',
  '57P03': 'lost',
  '42501': 'access',
  '28000': 'access', // invalid authorization
  '28P01': 'access', // bad password
  '23505': 'duplicate',
  '23503': 'integrity',
  '23001': 'integrity', // restrict_violation (ON DELETE RESTRICT, newer servers)
  '42601': 'syntax',
  '42P01': 'missingTable',
  '3F000': 'missingTable', // the schema does not exist
  '23502': 'missingAttribute',
  '42703': 'unknownAttribute',
};

const LOST_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

function kindOf(error: unknown): ErrorKind | undefined {
  const code = (error as { code?: string } | undefined)?.code;
  if (code !== undefined && KIND_BY_SQLSTATE[code]) return KIND_BY_SQLSTATE[code];
  if (code !== undefined && LOST_CODES.has(code)) return 'lost';
  if (looksLikeLostConnection(error)) return 'lost';
  return undefined;
}

/** SQLSTATE 40P01 (deadlock_detected), from the driver or kept as a translated error's code. */
export function isPostgresDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '40P01';
}

export function isPostgresConnectionLost(error: unknown): boolean {
  return kindOf(error) === 'lost';
}

export function translatePostgresError(error: unknown, sql?: string): DataJointError {
  return buildError(error, kindOf(error), (error as { code?: string } | undefined)?.code, sql);
}
