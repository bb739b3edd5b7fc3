/**
 * PostgreSQL reports column defaults as expressions (`'mouse'::character varying`,
 * `'0'::smallint`, `CURRENT_TIMESTAMP`). These are reduced to the bare value MySQL's
 * catalog shows (`mouse`, `0`, `CURRENT_TIMESTAMP`), so headings read the same everywhere.
 */
export function normalisePostgresDefault(expression: string | null): string | null {
  if (expression === null) return null;
  let text = expression.trim();
  // Drop a trailing cast chain: 'x'::text, 0::smallint, 'a'::"s".enum_1234abcd
  for (;;) {
    const cast = /::(?:"[^"]*"|[\w ]+)(?:\.(?:"[^"]*"|\w+))?(?:\(\d+(?:,\d+)?\))?(?:\[\])?$/.exec(text);
    if (!cast) break;
    text = text.slice(0, cast.index).trim();
  }
  if (/^\(.*\)$/s.test(text) && !/^\(.*\)\s*\(/.test(text)) text = text.slice(1, -1).trim();
  if (/^null$/i.test(text)) return null;
  const literal = /^E?'((?:[^']|'')*)'$/s.exec(text);
  if (literal) return literal[1]!.replace(/''/g, "'");
  return text;
}
