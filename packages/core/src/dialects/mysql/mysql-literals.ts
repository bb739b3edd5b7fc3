/**
 * Inlining parameters as MySQL literals. mysql2 formats parameters on the client anyway;
 * doing it here lets the placeholder scanner skip `?` inside quoted text, which mysql2's
 * own formatter does not.
 */
import { escape } from 'mysql2';
import { checkPlaceholderCount, splitAtPlaceholders } from '../placeholders';
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
  let text = pieces[0]!;
  for (let i = 0; i < params.length; i += 1) text += mysqlLiteral(params[i]) + pieces[i + 1]!;
  return text;
}
