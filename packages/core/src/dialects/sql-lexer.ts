/**
 * Splitting SQL text into code, quoted text and comments, by the quoting rules of its
 * dialect. Everything that reads SQL written by users or built from parts (placeholders,
 * attribute names in conditions, the checks on user SQL) looks at the same spans, so that
 * a quote or comment is never read one way by one part and another way by the next.
 *
 * - MySQL: `'…'` and `"…"` are strings with backslash escapes, `` `…` `` an identifier;
 *   comments are `-- …`, `# …` and `/* … *\/`.
 * - PostgreSQL: `'…'` is a string (backslash escapes only in `E'…'`), `$tag$…$tag$` a string,
 *   `"…"` an identifier; comments are `-- …` and `/* … *\/`, which nest.
 *
 * A doubled quote inside a quoted span is part of its text.
 */
import type { SqlFamily } from './adapter';

/** What a span of SQL text is. */
export type SqlSpanKind = 'code' | 'string' | 'identifier' | 'comment';

/** A run of SQL text of one kind: `sql.slice(start, end)`. */
export interface SqlSpan {
  readonly kind: SqlSpanKind;
  readonly start: number;
  readonly end: number;
  /** For quoted spans and block comments: whether the closing delimiter was found. */
  readonly closed: boolean;
}

const QUOTE = 39; // '
const DOUBLE_QUOTE = 34; // "
const BACKTICK = 96; // `
const BACKSLASH = 92; // \
const DASH = 45; // -
const HASH = 35; // #
const SLASH = 47; // /
const STAR = 42; // *
const DOLLAR = 36; // $

const WORD_CHAR = /[A-Za-z0-9_]/;

/** Splits `sql` into consecutive spans covering all of it. */
export function sqlSpans(sql: string, family: SqlFamily): SqlSpan[] {
  const spans: SqlSpan[] = [];
  const n = sql.length;
  let codeStart = 0;
  let i = 0;
  const push = (kind: SqlSpanKind, start: number, end: number, closed: boolean) => {
    if (start > codeStart) spans.push({ kind: 'code', start: codeStart, end: start, closed: true });
    spans.push({ kind, start, end, closed });
    codeStart = end;
    i = end;
  };
  while (i < n) {
    const ch = sql.charCodeAt(i);
    if (ch === QUOTE || ch === DOUBLE_QUOTE || (ch === BACKTICK && family === 'mysql')) {
      const isString = ch === QUOTE || (ch === DOUBLE_QUOTE && family === 'mysql');
      const backslashEscapes = family === 'mysql' ? ch !== BACKTICK : ch === QUOTE && isEscapeString(sql, i);
      const [end, closed] = quotedEnd(sql, i, ch, backslashEscapes);
      push(isString ? 'string' : 'identifier', i, end, closed);
    } else if ((ch === DASH && sql.charCodeAt(i + 1) === DASH) || (ch === HASH && family === 'mysql')) {
      const newline = sql.indexOf('\n', i);
      push('comment', i, newline < 0 ? n : newline, true);
    } else if (ch === SLASH && sql.charCodeAt(i + 1) === STAR) {
      const [end, closed] = blockCommentEnd(sql, i, family === 'postgresql');
      push('comment', i, end, closed);
    } else if (ch === DOLLAR && family === 'postgresql' && !WORD_CHAR.test(sql[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        push('string', i, close < 0 ? n : close + tag[0].length, close >= 0);
      } else {
        i += 1;
      }
    } else {
      i += 1;
    }
  }
  if (codeStart < n) spans.push({ kind: 'code', start: codeStart, end: n, closed: true });
  return spans;
}

/** PostgreSQL `E'…'` strings honour backslash escapes; standard strings do not. */
function isEscapeString(sql: string, quoteAt: number): boolean {
  const before = sql[quoteAt - 1];
  return (before === 'E' || before === 'e') && !WORD_CHAR.test(sql[quoteAt - 2] ?? '');
}

/** Index just past the quoted run starting at `start`, and whether it was closed. */
function quotedEnd(sql: string, start: number, quote: number, backslashEscapes: boolean): [number, boolean] {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql.charCodeAt(i);
    if (backslashEscapes && ch === BACKSLASH) {
      i += 2;
    } else if (ch === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return [i + 1, true];
    } else {
      i += 1;
    }
  }
  return [sql.length, false];
}

/** Index just past the block comment starting at `start`; PostgreSQL's nest. */
function blockCommentEnd(sql: string, start: number, nested: boolean): [number, boolean] {
  let depth = 1;
  let i = start + 2;
  while (i < sql.length) {
    if (sql.charCodeAt(i) === STAR && sql.charCodeAt(i + 1) === SLASH) {
      depth -= 1;
      i += 2;
      if (depth === 0) return [i, true];
    } else if (nested && sql.charCodeAt(i) === SLASH && sql.charCodeAt(i + 1) === STAR) {
      depth += 1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return [sql.length, false];
}
