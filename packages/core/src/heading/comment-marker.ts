/**
 * The type marker DataJoint writes at the start of column comments: `:<type>:<comment>`
 * (`:int32:lab id`, `:enum('a','b'):`, `:<blob@store>:`). Foreign-key columns and native
 * types carry no marker.
 */

/** The declared type and the user's comment of a column comment. */
export interface ParsedComment {
  /** The type in the marker, or `null` when there is no marker. */
  readonly type: string | null;
  /** The user's comment. */
  readonly comment: string;
}

/**
 * Splits a column comment into its type marker and user comment. The marker ends at the
 * first `:` outside quotes and angle brackets, so enum values may contain colons. A
 * backslash before a double quote (as datajoint-python stores them on PostgreSQL) is dropped.
 */
export function parseColumnComment(raw: string | null | undefined): ParsedComment {
  const text = (raw ?? '').replace(/\\"/g, '"');
  if (!text.startsWith(':')) return { type: null, comment: text };
  let quote: string | null = null;
  let depth = 0;
  for (let i = 1; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch !== quote) continue;
      if (text[i + 1] === quote) i += 1; // a doubled quote inside a value
      else quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '<') {
      depth += 1;
    } else if (ch === '>') {
      depth = Math.max(0, depth - 1);
    } else if (ch === ':' && depth === 0) {
      const type = text.slice(1, i);
      return type.length > 0 ? { type, comment: text.slice(i + 1) } : { type: null, comment: text };
    }
  }
  return { type: null, comment: text };
}

/** Builds the stored comment: `:<type>:<comment>` for core and codec types, the comment alone otherwise. */
export function formatColumnComment(type: string | null, comment: string): string {
  return type === null ? comment : `:${type}:${comment}`;
}
