/**
 * Finding the `?` placeholders of a statement. A `?` inside a string literal, a quoted
 * identifier or a comment is text, not a placeholder, so the scanner follows the quoting
 * rules of the statement's dialect. Results are cached per statement text, since the same
 * statements (inserts, catalog queries) run over and over.
 */
import { DataJointError } from '../errors';
import type { SqlFamily } from './adapter';

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

function scan(sql: string, family: SqlFamily): string[] {
  const pieces: string[] = [];
  let current = '';
  let from = 0; // start of the text not yet copied into `current`
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql.charCodeAt(i);
    if (ch === 63 /* ? */) {
      pieces.push(current + sql.slice(from, i));
      current = '';
      from = i + 1;
      i += 1;
    } else if (ch === 92 /* \ */ && sql.charCodeAt(i + 1) === 63) {
      current += sql.slice(from, i) + '?';
      from = i + 2;
      i += 2;
    } else if (ch === 39 /* ' */ || ch === 34 /* " */ || (ch === 96 /* ` */ && family === 'mysql')) {
      const backslashEscapes = family === 'mysql' ? ch !== 96 : ch === 39 && isEscapeString(sql, i);
      i = quotedEnd(sql, i, sql[i]!, backslashEscapes);
    } else if ((ch === 45 /* - */ && sql.charCodeAt(i + 1) === 45) || (ch === 35 /* # */ && family === 'mysql')) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (ch === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === 36 /* $ */ && family === 'postgresql' && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else {
        i += 1;
      }
    } else {
      i += 1;
    }
  }
  pieces.push(current + sql.slice(from));
  return pieces;
}

/** PostgreSQL `E'…'` strings honour backslash escapes; standard strings do not. */
function isEscapeString(sql: string, quoteAt: number): boolean {
  const before = sql[quoteAt - 1];
  return (before === 'E' || before === 'e') && !/[A-Za-z0-9_]/.test(sql[quoteAt - 2] ?? '');
}

/** Index just past the quoted run starting at `start`; a doubled quote is part of the text. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
