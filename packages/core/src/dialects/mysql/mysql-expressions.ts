/**
 * Computed attributes and JSON paths in MySQL's SQL: PostgreSQL's `STRING_AGG` written in
 * a computed attribute becomes `GROUP_CONCAT`, and JSON paths use `JSON_VALUE`, cast to the
 * requested type (MariaDB's JSON_VALUE has no RETURNING clause).
 */
import { escape } from 'sql-escaper';
import type { JsonCast, JsonPathStep } from '../../types/json-path';
import { rewriteCalls } from '../function-calls';

/** Rewrites PostgreSQL-only functions of a computed attribute into MySQL's. */
export function translateMysqlExpression(expression: string): string {
  return rewriteCalls(expression, 'STRING_AGG', (args) => {
    const column = (args[0] ?? '').replace(/::text$/i, '');
    const separator = args[1];
    return !separator || separator === "','" ? `GROUP_CONCAT(${column})` : `GROUP_CONCAT(${column} SEPARATOR ${separator})`;
  });
}

/** MySQL's CAST target for each JSON cast. */
function mysqlCastType(cast: JsonCast): string {
  switch (cast.type) {
    case 'integer':
      return 'SIGNED';
    case 'unsigned':
      return 'UNSIGNED';
    case 'float':
      return 'DOUBLE';
    case 'decimal':
      return cast.precision === null ? 'DECIMAL' : `DECIMAL(${cast.precision},${cast.scale})`;
    case 'char':
      return cast.length === null ? 'CHAR' : `CHAR(${cast.length})`;
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'DATETIME(6)';
    case 'time':
      return 'TIME(6)';
  }
}

/** `JSON_VALUE(`column`, '$."key"[0]')`, cast when asked (MariaDB's JSON_VALUE has no RETURNING clause). */
export function mysqlJsonPath(quotedColumn: string, path: readonly JsonPathStep[], cast: JsonCast | null): string {
  const steps = path.map((step) => ('key' in step ? `."${step.key}"` : `[${step.index}]`)).join('');
  const value = `JSON_VALUE(${quotedColumn}, ${escape('$' + steps)})`;
  return cast ? `CAST(${value} AS ${mysqlCastType(cast)})` : value;
}
