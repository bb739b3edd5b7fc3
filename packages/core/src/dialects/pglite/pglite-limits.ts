/**
 * What one statement may carry on PGlite: PostgreSQL's limits, and one more. PGlite's API
 * takes every parameter as text from its serializers, `bytes` as `\x` and hex: twice the
 * value's size, in one JavaScript string of at most 2^29 − 24 characters. (Splitting a value
 * into pieces the server concatenates was tried: at 256 MB it exhausts PGlite's 2 GB of
 * WebAssembly memory.)
 */
import type { StatementLimits } from '../driver';
import { MAX_STRING_LENGTH, postgresStatementLimits } from '../postgresql/postgres-limits';

/** The largest `bytes` parameter PGlite can take: 268,435,443 bytes (256 MiB less 13 bytes). */
export const PGLITE_MAX_BUFFER_BYTES = Math.floor((MAX_STRING_LENGTH - 2) / 2);

const bytesText = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/** The statement limits of a PGlite session. */
export const pgliteStatementLimits: StatementLimits = {
  ...postgresStatementLimits,
  maxBufferBytes: PGLITE_MAX_BUFFER_BYTES,
  explainOverflow: (bytes: number) =>
    `PGlite takes a bytes value as hex text, and a JavaScript string (at most ${MAX_STRING_LENGTH.toLocaleString('en-US')} characters) ` +
    `limits it to ${bytesText(PGLITE_MAX_BUFFER_BYTES)}. ${postgresStatementLimits.explainOverflow(bytes)}`,
};
