/**
 * What `populate({ processes })` and its worker threads tell each other. Messages are
 * structured clones: keys keep their bigints and Dates, but Buffers arrive as plain
 * Uint8Arrays and errors lose their class, so both are carried in forms rebuilt on arrival.
 */
import { errorClassNamed } from '@dj/core/internal';
import { type LogLevel, type Row } from '@dj/core';

/** What a worker needs to start: where the class is, how to connect, and the populate options it applies. */
export interface WorkerSetup {
  /** The module file to load. */
  module: string;
  /** The class name declared in it. */
  className: string;
  /** The name of the schema the class was declared on, when it has one (tells classes of one name apart). */
  declaredSchema: string | null;
  /** The database schema the caller's class acts on (a tenant's, possibly). */
  databaseName: string;
  /** Options of the worker's own Instance: the caller's settings. */
  instance: Record<string, unknown>;
  suppressErrors: boolean;
  /** Whether the keys come reserved in the jobs table: the worker completes each, or records its error. */
  reserveJobs: boolean;
  makeKwargs?: Record<string, unknown>;
}

/** An error as sent between threads. */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
}

/** Parent → worker: compute this key, or stop. */
export type ToWorker = { type: 'key'; key: Row } | { type: 'stop' };

/** Worker → parent: ready for keys, what a key came to, or a log message for the parent's sink. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'outcome'; outcome: 'success' | 'skipped' }
  | { type: 'outcome'; outcome: 'error'; error: SentError };

export function sendError(error: Error): SentError {
  return { name: error.name, message: error.message, stack: error.stack };
}

/** The error again: of its DataJoint class, else an `Error` carrying its name; with the worker's stack. */
export function receiveError(sent: SentError): Error {
  const Known = errorClassNamed(sent.name);
  const error = Known ? new Known(sent.message) : new Error(sent.message);
  error.name = sent.name;
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}

/** A key as it arrived: byte values back to Buffers. */
export function receiveKey(key: Row): Row {
  return Object.fromEntries(
    Object.entries(key).map(([name, value]) => [name, value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value]),
  );
}
