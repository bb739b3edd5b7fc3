/**
 * SQL text with its `?` parameters, kept together so that parameters always follow the
 * order of their placeholders however fragments are combined.
 */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A fragment without parameters. */
export function sqlText(sql: string): SqlFragment {
  return { sql, params: [] };
}

/** Concatenates fragments (and plain strings) in order. */
export function concatSql(...parts: ReadonlyArray<SqlFragment | string>): SqlFragment {
  let sql = '';
  const params: unknown[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      sql += part;
    } else {
      sql += part.sql;
      if (part.params.length > 0) params.push(...part.params);
    }
  }
  return { sql, params };
}

/** Joins fragments with a separator. */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  const pieces: Array<SqlFragment | string> = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(separator);
    pieces.push(part);
  });
  return concatSql(...pieces);
}
