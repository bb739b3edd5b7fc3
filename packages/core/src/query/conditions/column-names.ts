/**
 * Finding the attribute names an SQL condition refers to, so that a restriction naming an
 * unknown attribute fails when it is written rather than when the database rejects it.
 * Quoted literals are skipped; quoted identifiers and bare lower-case words that are not
 * SQL keywords and not function names count as attribute names.
 */

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
export function extractColumnNames(sql: string, family: 'mysql' | 'postgresql'): Set<string> {
  const names = new Set<string>();
  let i = 0;
  const n = sql.length;
  let afterCast = false;
  while (i < n) {
    const ch = sql[i]!;
    if (ch === "'" || (ch === '"' && family === 'mysql')) {
      i = skipQuoted(sql, i, ch, family === 'mysql');
      afterCast = false;
    } else if (ch === '`' || ch === '"') {
      const end = skipQuoted(sql, i, ch, false);
      names.add(sql.slice(i + 1, end - 1).replace(new RegExp(ch + ch, 'g'), ch));
      i = end;
      afterCast = false;
    } else if (ch === ':' && sql[i + 1] === ':') {
      afterCast = true;
      i += 2;
    } else if (/[A-Za-z_]/.test(ch)) {
      let end = i;
      while (end < n && /[\w$]/.test(sql[end]!)) end += 1;
      const word = sql.slice(i, end);
      let next = end;
      while (next < n && /\s/.test(sql[next]!)) next += 1;
      const isFunction = sql[next] === '(';
      const isPrefixedLiteral = sql[end] === "'";
      const isQualified = sql[end] === '.';
      if (
        !afterCast &&
        !isFunction &&
        !isPrefixedLiteral &&
        !isQualified &&
        word === word.toLowerCase() &&
        !KEYWORDS.has(word) &&
        !/^\d/.test(word)
      ) {
        names.add(word);
      }
      afterCast = false;
      i = end;
    } else if (/\d/.test(ch)) {
      while (i < n && /[\w.]/.test(sql[i]!)) i += 1;
      afterCast = false;
    } else {
      if (!/\s/.test(ch)) afterCast = false;
      i += 1;
    }
  }
  return names;
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') i += 2;
    else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}
