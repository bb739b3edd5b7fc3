/**
 * Inlining parameters as MySQL literals. mysql2 formats parameters on the client anyway;
 * doing it here lets the placeholder scanner skip `?` inside quoted text, which mysql2's
 * own formatter does not. Large binary values are the exception: as hex literals they
 * double in size against the server's `max_allowed_packet` and cost the server a slow
 * parse, so a statement carrying them keeps a `?` for each Buffer and sends the Buffers as
 * bytes on the binary protocol (see {@link mysqlStatement}).
 */
import { escape } from 'sql-escaper';
import { checkPlaceholderCount, fillPlaceholders, splitAtPlaceholders } from '../placeholders';
import { formatUtcDateTime, isJsonLike } from '../sql-values';

/** One value as a MySQL literal. */
export function mysqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return 'NULL';
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'string':
      return escape(value);
    default:
      break;
  }
  if (value instanceof Date) return `'${formatUtcDateTime(value)}'`;
  if (Buffer.isBuffer(value)) return value.length === 0 ? "''" : `X'${value.toString('hex')}'`;
  if (value instanceof Uint8Array) return mysqlLiteral(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  if (isJsonLike(value)) return escape(JSON.stringify(value));
  return escape(String(value));
}

/** Replaces each `?` placeholder of `sql` with the matching parameter as a literal. */
export function inlineMysqlParams(sql: string, params: readonly unknown[]): string {
  if (params.length === 0) return sql;
  const pieces = splitAtPlaceholders(sql, 'mysql');
  checkPlaceholderCount(pieces, params);
  return fillPlaceholders(pieces, (i) => mysqlLiteral(params[i]));
}

/**
 * A statement as it goes to MySQL: `text` with every parameter inlined as a literal except
 * the Buffers of `bound`, which keep their `?` and travel as binary parameters. Binding
 * nothing else keeps every other value's SQL meaning exactly as inlined.
 */
export interface MysqlStatement {
  readonly text: string;
  readonly bound: Buffer[];
}

function asBuffer(value: unknown): Buffer | null {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/**
 * Prepares a statement for MySQL: all parameters inlined, unless its Buffers hold at least
 * `bindFromBytes` bytes together, in which case they are bound instead. With `inlineBytes`,
 * the first that many bytes of the largest bound Buffer go into the text instead
 * (`CONCAT(X'…', ?)`): the same value in an execute packet of another size (see
 * mysql-packet-size.ts).
 */
export function mysqlStatement(sql: string, params: readonly unknown[], bindFromBytes: number, inlineBytes = 0): MysqlStatement {
  let bufferBytes = 0;
  let largest = -1;
  for (let i = 0; i < params.length; i += 1) {
    const value = params[i];
    if (value instanceof Uint8Array) {
      bufferBytes += value.byteLength;
      if (largest < 0 || value.byteLength > (params[largest] as Uint8Array).byteLength) largest = i;
    }
  }
  if (bufferBytes < bindFromBytes) return { text: inlineMysqlParams(sql, params), bound: [] };
  const pieces = splitAtPlaceholders(sql, 'mysql');
  checkPlaceholderCount(pieces, params);
  const bound: Buffer[] = [];
  let text = pieces[0]!;
  for (let i = 0; i < params.length; i += 1) {
    const buffer = asBuffer(params[i]);
    if (!buffer) {
      text += mysqlLiteral(params[i]);
    } else if (i === largest && inlineBytes > 0) {
      text += `CONCAT(${mysqlLiteral(buffer.subarray(0, inlineBytes))}, ?)`;
      bound.push(buffer.subarray(inlineBytes));
    } else {
      text += '?';
      bound.push(buffer);
    }
    text += pieces[i + 1]!;
  }
  return { text, bound };
}
