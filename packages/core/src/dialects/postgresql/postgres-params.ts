/**
 * Preparing a statement for PostgreSQL: `?` placeholders become `$1, $2, …` and values
 * are normalised (dates as UTC text, bigints as text).
 */
import { checkPlaceholderCount, fillPlaceholders, splitAtPlaceholders } from '../placeholders';
import { formatUtcDateTime } from '../sql-values';

export interface PreparedStatement {
  text: string;
  values: unknown[];
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return formatUtcDateTime(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? null : String(value);
  return value === undefined ? null : value;
}

/** Numbers the placeholders of `sql` and normalises the parameters. */
export function preparePostgres(sql: string, params: readonly unknown[]): PreparedStatement {
  if (params.length === 0) return { text: sql, values: [] };
  const pieces = splitAtPlaceholders(sql, 'postgresql');
  checkPlaceholderCount(pieces, params);
  return { text: fillPlaceholders(pieces, (i) => `$${i + 1}`), values: params.map(normalise) };
}
