/**
 * Computed attributes and JSON paths in MySQL's SQL: PostgreSQL's `STRING_AGG` written in
 * a computed attribute becomes `GROUP_CONCAT`, and JSON paths use `JSON_VALUE`, cast to the
 * requested type (MariaDB's JSON_VALUE has no RETURNING clause).
 */
import { rewriteCalls } from '../function-calls';

/** Rewrites PostgreSQL-only functions of a computed attribute into MySQL's. */
export function translateMysqlExpression(expression: string): string {
  return rewriteCalls(expression, 'STRING_AGG', (args) => {
    const column = (args[0] ?? '').replace(/::text$/i, '');
    const separator = args[1];
    return !separator || separator === "','" ? `GROUP_CONCAT(${column})` : `GROUP_CONCAT(${column} SEPARATOR ${separator})`;
  });
}

/** `JSON_VALUE(`column`, '$.path')`, cast to `type` when one is given. */
export function mysqlJsonPath(quotedColumn: string, path: string, type: string | null): string {
  const value = `JSON_VALUE(${quotedColumn}, '$.${path.replace(/'/g, "''")}')`;
  if (!type) return value;
  const castType = /^(int|integer|bigint)$/i.test(type.trim()) ? 'SIGNED' : type;
  return `CAST(${value} AS ${castType})`;
}
