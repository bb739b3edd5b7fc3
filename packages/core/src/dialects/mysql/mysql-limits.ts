/**
 * What one statement may carry on MySQL / MariaDB: the server refuses any packet larger
 * than its session's `max_allowed_packet`, and then closes the connection. The session's
 * value is fixed when it connects (from the global one).
 */
import type { StatementLimits } from '../driver';

/** Buffers totalling at least this many bytes in one statement travel as binary parameters (measured: below it, hex literals are as fast). */
export const BIND_BUFFERS_FROM_BYTES = 32 * 1024;

/** The largest `max_allowed_packet` a MySQL or MariaDB server accepts. */
const PACKET_CEILING = 1024 * 1024 * 1024;

/** Parameters of one prepared statement: the binary protocol counts them in 16 bits. */
const MAX_PARAMETERS = 65_535;

/** Strings shorter than this are counted by an upper bound (three bytes a character) instead of exactly. */
const EXACT_STRING_LENGTH = 2048;

const bytesText = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/** Bytes of `text` inlined as an escaped MySQL string literal (mysql2 escapes NUL, \b, \t, \n, \r, \x1a, quotes and backslash). */
function stringLiteralBytes(text: string): number {
  if (text.length < EXACT_STRING_LENGTH) return 3 * text.length + 2;
  let escapes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0 || c === 8 || c === 9 || c === 10 || c === 13 || c === 26 || c === 34 || c === 39 || c === 92) escapes += 1;
  }
  return Buffer.byteLength(text, 'utf8') + escapes + 2;
}

/**
 * Bytes a parameter adds to a MySQL statement. A Buffer counts its length plus a length
 * prefix, as bound on the binary protocol; a statement whose Buffers are inlined as hex holds
 * fewer than {@link BIND_BUFFERS_FROM_BYTES} of them, which the margin below covers.
 */
export function mysqlParameterBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return stringLiteralBytes(value);
    case 'number':
    case 'bigint':
    case 'boolean':
      return 24;
    default:
      break;
  }
  if (value instanceof Uint8Array) return value.byteLength + 9;
  if (value instanceof Date) return 28;
  return stringLiteralBytes(JSON.stringify(value) ?? String(value));
}

/**
 * Bytes kept below `max_allowed_packet` for protocol headers, for Buffers inlined as hex
 * (statements binding none carry fewer than {@link BIND_BUFFERS_FROM_BYTES} of them) and for
 * the upper-bound counting of short values.
 */
export function packetMargin(maxAllowedPacket: number): number {
  return Math.min(64 * 1024, Math.floor(maxAllowedPacket / 4));
}

/**
 * The statement limits of a session whose `max_allowed_packet` is `maxAllowedPacket`, on
 * a server that runs compound statements (`BEGIN NOT ATOMIC`) outside stored programs
 * (MariaDB) or not (MySQL).
 */
export function mysqlStatementLimits(maxAllowedPacket: number, compoundStatements: boolean): StatementLimits {
  const maxStatementBytes = maxAllowedPacket - packetMargin(maxAllowedPacket);
  return {
    maxStatementBytes,
    maxParameters: MAX_PARAMETERS,
    maxWritesPerStatement: compoundStatements ? Infinity : 1,
    maxBufferBytes: maxStatementBytes,
    parameterBytes: mysqlParameterBytes,
    explainOverflow: (bytes: number) => explainPacketOverflow(maxAllowedPacket, bytes),
  };
}

/** The message part that says which server setting limits a statement of `bytes` bytes, and how to raise it. */
export function explainPacketOverflow(maxAllowedPacket: number, bytes: number): string {
  const current = `The server accepts at most max_allowed_packet = ${bytesText(maxAllowedPacket)} in one statement`;
  const needed = bytes + packetMargin(PACKET_CEILING);
  if (needed > PACKET_CEILING) {
    return (
      `${current}, and no server accepts more than ${bytesText(PACKET_CEILING)}. ` +
      'Store values this large in an object store instead (attribute types `<blob@>`, `<attach@>`).'
    );
  }
  let megabytes = 16;
  while (megabytes * 1024 * 1024 < needed) megabytes *= 2;
  const suggested = megabytes * 1024 * 1024;
  return (
    `${current} (DataJoint keeps ${bytesText(packetMargin(maxAllowedPacket))} of it for the statement and protocol). ` +
    `Raise the server setting max_allowed_packet to at least ${bytesText(needed)}: as an administrator run ` +
    `\`SET GLOBAL max_allowed_packet = ${suggested};\` (sessions opened afterwards use it), ` +
    `or set \`max_allowed_packet = ${megabytes}M\` under [mysqld] in the server's configuration and restart it.`
  );
}
