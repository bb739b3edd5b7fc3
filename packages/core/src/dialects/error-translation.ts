/**
 * Shared helpers for translating driver errors into DataJoint errors. Each backend keeps
 * its own table of codes; this file holds the common mechanics.
 */
import {
  AccessError,
  DataJointError,
  DuplicateError,
  IntegrityError,
  LostConnectionError,
  MissingAttributeError,
  MissingTableError,
  QueryError,
  QuerySyntaxError,
  UnknownAttributeError,
  type DataJointErrorOptions,
} from '../errors';

/** DataJoint error classes a driver error code can map to. */
export const ERROR_CLASSES = {
  lost: LostConnectionError,
  access: AccessError,
  duplicate: DuplicateError,
  integrity: IntegrityError,
  syntax: QuerySyntaxError,
  missingTable: MissingTableError,
  missingAttribute: MissingAttributeError,
  unknownAttribute: UnknownAttributeError,
} as const;

export type ErrorKind = keyof typeof ERROR_CLASSES;

/** Message fragments of driver errors that mean the session is gone. */
const LOST_CONNECTION_MESSAGES = [
  'connection terminated',
  'connection lost',
  'closed state',
  'not queryable',
  'connection is closed',
  'server has gone away',
  'econnreset',
  'econnrefused',
  'epipe',
  'socket hang up',
];

export function looksLikeLostConnection(error: unknown): boolean {
  const message = String((error as Error | undefined)?.message ?? '').toLowerCase();
  return LOST_CONNECTION_MESSAGES.some((fragment) => message.includes(fragment));
}

/** Builds the DataJoint error of `kind` (or a generic QueryError) from a driver error. */
export function buildError(error: unknown, kind: ErrorKind | undefined, code: string | number | undefined, sql?: string): DataJointError {
  if (error instanceof DataJointError) return error;
  const message = (error as Error | undefined)?.message ?? String(error);
  const options: DataJointErrorOptions = { cause: error, code, sql };
  if (kind === 'access') return new AccessError(`Insufficient privileges. ${message}`, options);
  const ErrorClass = kind === undefined ? QueryError : ERROR_CLASSES[kind];
  return new ErrorClass(message, options);
}
