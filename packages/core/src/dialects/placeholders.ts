/**
 * Finding the `?` placeholders of a statement. A `?` inside a string literal, a quoted
 * identifier or a comment is text, not a placeholder (see sql-lexer.ts). Results are cached
 * per statement text, since the same statements (inserts, catalog queries) run over and over.
 */
import { DataJointError } from '../errors';
import type { SqlFamily } from './adapter';
import { sqlSpans } from './sql-lexer';

const CACHE_LIMIT = 500;
const caches: Record<SqlFamily, Map<string, readonly string[]>> = { mysql: new Map(), postgresql: new Map() };

/**
 * Splits `sql` at its placeholders: the result has one more piece than there are
 * placeholders. `\?` outside quotes stands for a literal `?` (for PostgreSQL's JSON operators).
 */
export function splitAtPlaceholders(sql: string, family: SqlFamily): readonly string[] {
  if (!sql.includes('?')) return [sql];
  const cache = caches[family];
  const cached = cache.get(sql);
  if (cached) return cached;
  const pieces = scan(sql, family);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(sql, pieces);
  return pieces;
}

/** Throws unless the statement has exactly as many placeholders as there are parameters. */
export function checkPlaceholderCount(pieces: readonly string[], params: readonly unknown[]): void {
  if (pieces.length - 1 !== params.length) {
    throw new DataJointError(
      `The statement has ${pieces.length - 1} placeholder(s) but ${params.length} parameter(s) were given.`,
    );
  }
}

/**
 * The statement with placeholder `i` (0-based) replaced by `fill(i)`, joined once
 * (appending piece by piece would make two intermediate strings per placeholder).
 */
export function fillPlaceholders(pieces: readonly string[], fill: (index: number) => string): string {
  const parts: string[] = new Array(2 * pieces.length - 1);
  parts[0] = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 1) {
    parts[2 * i - 1] = fill(i - 1);
    parts[2 * i] = pieces[i]!;
  }
  return parts.join('');
}

function scan(sql: string, family: SqlFamily): string[] {
  const pieces: string[] = [];
  let current = '';
  let from = 0; // start of the text not yet copied into `current`
  for (const span of sqlSpans(sql, family)) {
    if (span.kind !== 'code') continue;
    for (let i = span.start; i < span.end; i += 1) {
      const ch = sql.charCodeAt(i);
      if (ch === 63 /* ? */) {
        pieces.push(current + sql.slice(from, i));
        current = '';
        from = i + 1;
      } else if (ch === 92 /* \ */ && sql.charCodeAt(i + 1) === 63 && i + 1 < span.end) {
        current += sql.slice(from, i) + '?';
        from = i + 2;
        i += 1;
      }
    }
  }
  pieces.push(current + sql.slice(from));
  return pieces;
}
