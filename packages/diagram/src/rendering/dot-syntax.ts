/**
 * Literals of the Graphviz DOT language. Every identifier is written quoted, because node
 * names include dots (`Session.Trial`) and PostgreSQL's quoted table names.
 */

/** A DOT value (identifier or attribute) as a quoted string. */
export function dotString(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Text escaped for the inside of a DOT HTML-like label (`<…>`), which Graphviz parses as XML. */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute list: `[name="value", …]`; entries whose value is undefined are left out. */
export function dotAttributes(attributes: Readonly<Record<string, string | number | { html: string } | undefined>>): string {
  const entries = Object.entries(attributes)
    .filter((entry): entry is [string, string | number | { html: string }] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${typeof value === 'object' ? `<${value.html}>` : dotString(value)}`);
  return `[${entries.join(', ')}]`;
}
