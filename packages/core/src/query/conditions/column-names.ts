/**
 * Finding the attribute names an SQL condition refers to, so that a restriction naming an
 * unknown attribute fails when it is written rather than when the database rejects it.
 * Quoted literals are skipped; quoted identifiers and bare lower-case words that are not
 * SQL keywords and not function names count as attribute names.
 */
import type { SqlFamily } from '../../dialects/adapter';
import { sqlSpans } from '../../dialects/sql-lexer';

const KEYWORDS = new Set([
  'and', 'or', 'not', 'is', 'in', 'between', 'like', 'ilike', 'regexp', 'rlike', 'escape', 'null', 'true', 'false',
  'unknown', 'interval', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'microsecond',
  'case', 'when', 'then', 'else', 'end', 'exists', 'distinct', 'select', 'from', 'where', 'as', 'asc', 'desc',
  'any', 'all', 'some', 'div', 'mod', 'xor', 'binary', 'collate', 'similar', 'to', 'current_date', 'current_time',
  'current_timestamp', 'localtime', 'localtimestamp', 'date', 'time', 'timestamp', 'with', 'without', 'zone', 'at',
  'unsigned', 'signed', 'integer', 'int', 'char', 'varchar', 'text', 'numeric', 'decimal', 'double', 'precision',
  'real', 'float', 'boolean', 'returning', 'sounds', 'using', 'on', 'over', 'partition', 'by', 'order', 'nulls',
  'first', 'last', 'isnull', 'notnull', 'symmetric', 'asymmetric', 'uuid', 'json', 'jsonb', 'bigint', 'smallint',
  'days', 'hours', 'minutes', 'seconds', 'months', 'years', 'weeks',
]);

/**
 * Attribute names referenced by an SQL condition. `e'…'`, `x'…'` and other prefixed
 * literals, `::type` casts and names followed by `(` (functions) are not attribute names.
 */
export function extractColumnNames(sql: string, family: SqlFamily): Set<string> {
  const names = new Set<string>();
  let afterCast = false;
  for (const span of sqlSpans(sql, family)) {
    if (span.kind === 'code') {
      afterCast = wordsOfCode(sql, span.start, span.end, afterCast, names);
    } else {
      if (span.kind === 'identifier') {
        const quote = sql[span.start]!;
        names.add(sql.slice(span.start + 1, span.closed ? span.end - 1 : span.end).split(quote + quote).join(quote));
      }
      afterCast = false;
    }
  }
  return names;
}

/**
 * Adds the attribute names of the code `sql.slice(start, end)` to `names`; returns whether
 * the code ends just after a `::` cast (the next word is a type).
 */
function wordsOfCode(sql: string, start: number, end: number, afterCast: boolean, names: Set<string>): boolean {
  let i = start;
  while (i < end) {
    const ch = sql[i]!;
    if (ch === ':' && sql[i + 1] === ':') {
      afterCast = true;
      i += 2;
    } else if (/[A-Za-z_]/.test(ch)) {
      let wordEnd = i;
      while (wordEnd < end && /[\w$]/.test(sql[wordEnd]!)) wordEnd += 1;
      const word = sql.slice(i, wordEnd);
      let next = wordEnd;
      while (next < end && /\s/.test(sql[next]!)) next += 1;
      const isFunction = sql[next] === '(';
      const isPrefixedLiteral = sql[wordEnd] === "'";
      const isQualified = sql[wordEnd] === '.';
      if (!afterCast && !isFunction && !isPrefixedLiteral && !isQualified && word === word.toLowerCase() && !KEYWORDS.has(word)) {
        names.add(word);
      }
      afterCast = false;
      i = wordEnd;
    } else if (/\d/.test(ch)) {
      while (i < end && /[\w.]/.test(sql[i]!)) i += 1;
      afterCast = false;
    } else {
      if (!/\s/.test(ch)) afterCast = false;
      i += 1;
    }
  }
  return afterCast;
}
