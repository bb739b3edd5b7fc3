/**
 * Sizes of the packets mysql2 sends for a statement, to keep statements within the
 * server's `max_allowed_packet` and away from a flaw of mysql2's large-packet writer.
 *
 * The protocol splits a payload into packets of at most 16,777,215 bytes. mysql2 (3.x)
 * counts its 4-byte header into the payload when it splits, so a payload 1 to 3 bytes short
 * of a multiple of that size is followed by a stray empty packet: the server then reports
 * packets out of order and the session is lost (measured on MariaDB 10.11 with payloads of
 * 16,777,212–16,777,214 bytes). Statements of those sizes are changed by a few bytes: text
 * gets trailing spaces, bound values move a few bytes into the text.
 */

/** The largest payload of one protocol packet. */
const MAX_PAYLOAD = 0xffffff;

/** Residues (modulo {@link MAX_PAYLOAD}) at or above this are mishandled. */
const UNSAFE_FROM = MAX_PAYLOAD - 3;

function lengthCodedBytes(n: number): number {
  if (n < 0xfb) return 1;
  if (n < 0xffff) return 3;
  if (n < 0xffffff) return 4;
  return 9;
}

function unsafe(bytes: number): boolean {
  return bytes % MAX_PAYLOAD >= UNSAFE_FROM;
}

/** Whether any of the candidate payloads would be mishandled. */
export function atRisk(payloads: readonly number[]): boolean {
  return payloads.some(unsafe);
}

/**
 * Payload bytes of COM_QUERY / COM_STMT_PREPARE for statement text of `textBytes` UTF-8
 * bytes: without, and with the two bytes of MySQL 8's query attributes (which the server
 * may or may not have negotiated).
 */
export function textPayloads(textBytes: number): readonly [number, number] {
  return [1 + textBytes, 3 + textBytes];
}

/**
 * Payload bytes of COM_STMT_EXECUTE binding `bound`: without, and with MySQL 8's query
 * attributes (a parameter count and an empty name per parameter).
 */
export function executePayloads(bound: readonly Buffer[]): readonly [number, number] {
  const n = bound.length;
  let bytes = 10 + Math.ceil(n / 8) + 1 + 2 * n;
  for (const buffer of bound) bytes += lengthCodedBytes(buffer.length) + buffer.length;
  return [bytes, bytes + lengthCodedBytes(n) + n];
}

/** Spaces to append to statement text of `textBytes` bytes so that no candidate payload is mishandled (0 to 5). */
export function textPadding(textBytes: number): number {
  const payloads = textPayloads(textBytes);
  let padding = 0;
  while (atRisk(payloads.map((p) => p + padding))) padding += 1;
  return padding;
}
