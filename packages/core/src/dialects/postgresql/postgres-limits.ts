/**
 * What one statement may carry on PostgreSQL and PGlite. There is no packet limit, but the
 * server takes at most 65,535 parameters and about 1 GB of them per statement (the largest
 * message it reads), and JavaScript must be able to read a value back: `bytes` values are
 * fetched as base64 text (see the adapter's `fetchColumnSql`), and a string holds at most
 * 2^29 − 24 characters.
 */
import { DataJointError } from '../../errors';
import type { StatementLimits } from '../driver';

/** Parameters one statement may bind (the protocol counts them in 16 bits). */
const MAX_PARAMETERS = 65_535;

/** The largest protocol message PostgreSQL accepts, less a margin for the statement around the values. */
const MAX_STATEMENT_BYTES = 1024 * 1024 * 1024 - 64 * 1024;

/** V8's longest string, in UTF-16 units (Node 20). */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** Strings shorter than this are counted by an upper bound (three bytes a character) instead of exactly. */
const EXACT_STRING_LENGTH = 2048;

/** Characters of PostgreSQL's `encode(bytes, 'base64')` for `n` bytes: lines of 76 characters. */
function base64Characters(n: number): number {
  const characters = 4 * Math.ceil(n / 3);
  return characters + Math.max(0, Math.floor((characters - 1) / 76));
}

/** The most bytes whose base64 text fits in one JavaScript string. */
function largestFetchableBytes(): number {
  let low = 0;
  let high = MAX_STRING_LENGTH;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (base64Characters(mid) <= MAX_STRING_LENGTH) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The largest `bytes` value DataJoint can read back from PostgreSQL (397,423,902 bytes). */
export const MAX_FETCHABLE_BYTES = largestFetchableBytes();

const bytesText = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/** Bytes a parameter adds to the Bind message: its length word and its text or binary form. */
export function postgresParameterBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return (value.length < EXACT_STRING_LENGTH ? 3 * value.length : Buffer.byteLength(value, 'utf8')) + 4;
    case 'number':
    case 'bigint':
    case 'boolean':
      return 28;
    default:
      break;
  }
  if (value instanceof Uint8Array) return value.byteLength + 4;
  if (value instanceof Date) return 32;
  const text = JSON.stringify(value) ?? String(value);
  return (text.length < EXACT_STRING_LENGTH ? 3 * text.length : Buffer.byteLength(text, 'utf8')) + 4;
}

/** The statement limits of a PostgreSQL or PGlite session. */
export const postgresStatementLimits: StatementLimits = {
  maxStatementBytes: MAX_STATEMENT_BYTES,
  maxParameters: MAX_PARAMETERS,
  maxWritesPerStatement: Infinity,
  maxBufferBytes: MAX_FETCHABLE_BYTES,
  parameterBytes: postgresParameterBytes,
  explainOverflow: () =>
    `PostgreSQL takes at most ${bytesText(MAX_STATEMENT_BYTES)} of parameters in one statement, and DataJoint reads a ` +
    `bytes value back as base64 text, which a JavaScript string (at most ${MAX_STRING_LENGTH.toLocaleString('en-US')} characters) ` +
    `limits to ${bytesText(MAX_FETCHABLE_BYTES)}. Store values this large in an object store instead (attribute types \`<blob@>\`, \`<attach@>\`).`,
};

/**
 * Throws, before anything is sent, when the binary values of a statement exceed what the
 * server reads in one message (it would end the session), or one of them exceeds
 * `maxBufferBytes` (what the driver can pass, when it has such a limit).
 */
export function assertPostgresStatementFits(values: readonly unknown[], sql: string, limits: StatementLimits, maxBufferBytes = Infinity): void {
  let bytes = 0;
  let largest = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value instanceof Uint8Array) {
      bytes += value.byteLength;
      largest = Math.max(largest, value.byteLength);
    }
  }
  if (bytes <= MAX_STATEMENT_BYTES && largest <= maxBufferBytes) return;
  const what = largest > maxBufferBytes ? `A bytes value of the statement takes ${bytesText(largest)}` : `The statement's values take ${bytesText(bytes)}`;
  throw new DataJointError(`${what}, more than can be sent; it was not sent. ${limits.explainOverflow(Math.max(bytes, largest))}`, {
    sql: sql.length > 1000 ? `${sql.slice(0, 1000)}…` : sql,
  });
}
