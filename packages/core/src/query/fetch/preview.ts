/**
 * The text preview of a query (spec-query §13): a header with primary-key attributes
 * marked `*`, a separator line, one line per row, `...` when more rows exist, and the total
 * count. Blob, JSON and byte attributes are shown by placeholders, not fetched.
 */
import type { Row } from '../../dialects/driver';
import type { Attribute } from '../../heading/attribute';
import type { Heading } from '../../heading/heading';

/** Options of `preview()`; both default to the connection's `display.*` settings. */
export interface PreviewOptions {
  /** Rows shown (`display.limit`). */
  limit?: number;
  /** Largest column width in characters (`display.width`). */
  width?: number;
}

/** The placeholder shown for an attribute whose values are not previewed, or null. */
function placeholder(attribute: Attribute): string | null {
  if (attribute.codec !== null) return attribute.codec.replace(/@.*>$/, '>');
  if (attribute.kind === 'json') return 'json';
  if (attribute.kind === 'bytes') return 'bytes';
  return null;
}

/** The attributes whose values a preview fetches. */
export function previewFields(heading: Heading): string[] {
  return heading.attributes.filter((a) => placeholder(a) === null).map((a) => a.name);
}

function display(attribute: Attribute, value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof Date) {
    const text = value.toISOString();
    return attribute.kind === 'date' ? text.slice(0, 10) : text.replace('T', ' ').replace(/(\.000)?Z$/, '');
  }
  return String(value);
}

/** Left-justified in exactly `width` characters: padded, or cut. */
function cell(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text.padEnd(width);
}

/**
 * The preview text of `rows` (up to `limit + 1` fetched, so that more rows can be told
 * apart), with the total row count when given.
 */
export function formatPreview(heading: Heading, fetched: readonly Row[], options: { limit: number; width: number; total: number | null }): string {
  const rows = fetched.slice(0, options.limit);
  const columns = heading.attributes.map((attribute) => {
    const shown = placeholder(attribute);
    const values = rows.map((row) => shown ?? display(attribute, row[attribute.name]));
    const longest = Math.max(attribute.name.length, shown?.length ?? 0, ...values.map((v) => v.length));
    return { attribute, values, width: Math.min(longest + 4, options.width) };
  });
  const header = columns.map((c) => cell(c.attribute.inKey ? `*${c.attribute.name}` : c.attribute.name, c.width)).join(' ');
  const separator = columns.map((c) => `+${'-'.repeat(Math.max(c.width - 2, 0))}+`).join(' ');
  const lines = rows.map((_row, i) => columns.map((c) => cell(c.values[i]!, c.width)).join(' '));
  let text = `${header}\n${separator}\n${lines.join('\n')}`;
  text += fetched.length > options.limit ? '\n   ...\n' : '\n';
  if (options.total !== null) text += ` (Total: ${options.total})\n`;
  return text;
}
