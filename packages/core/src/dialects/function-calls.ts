/**
 * Rewriting function calls in SQL expressions, for the dialects' translation of computed
 * attributes: finds `name(…)` (any case, not inside quotes), splits its arguments at
 * top-level commas and replaces the call with what `rewrite` returns.
 */

/** Index just past the quoted text starting at `start`. */
function skipQuoted(sql: string, start: number): number {
  const quote = sql[start]!;
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '"') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

/** The arguments of the call whose `(` is at `open`, and the index just past its `)`; null when unbalanced. */
function callArguments(sql: string, open: number): { args: string[]; end: number } | null {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < sql.length; ) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(sql, i);
      continue;
    }
    if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth === 0) {
        args.push(sql.slice(start, i).trim());
        return { args: args.length === 1 && args[0] === '' ? [] : args, end: i + 1 };
      }
    } else if (ch === ',' && depth === 1) {
      args.push(sql.slice(start, i).trim());
      start = i + 1;
    }
    i += 1;
  }
  return null;
}

const PATTERNS = new Map<string, { anywhere: RegExp; here: RegExp }>();

/**
 * Replaces every call of function `name` in `sql`. `rewrite` gets the arguments as text
 * (already rewritten inside) and returns the replacement, or `null` to keep the call.
 */
export function rewriteCalls(sql: string, name: string, rewrite: (args: string[]) => string | null): string {
  let patterns = PATTERNS.get(name);
  if (!patterns) {
    patterns = { anywhere: new RegExp(`\\b${name}\\s*\\(`, 'i'), here: new RegExp(`\\b${name}\\s*\\(`, 'iy') };
    PATTERNS.set(name, patterns);
  }
  if (!patterns.anywhere.test(sql)) return sql;
  const pattern = patterns.here;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = skipQuoted(sql, i);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    pattern.lastIndex = i;
    const previous = sql[i - 1];
    if ((previous === undefined || !/[\w.]/.test(previous)) && pattern.test(sql)) {
      const open = pattern.lastIndex - 1;
      const call = callArguments(sql, open);
      if (call) {
        const args = call.args.map((arg) => rewriteCalls(arg, name, rewrite));
        const replacement = rewrite(args);
        out += replacement ?? `${sql.slice(i, open)}(${args.join(', ')})`;
        i = call.end;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  return out;
}
