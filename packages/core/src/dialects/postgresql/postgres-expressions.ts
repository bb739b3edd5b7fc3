/**
 * Computed attributes and JSON paths in PostgreSQL's SQL. Computed attributes are often
 * written in MySQL's dialect (DataJoint's historical backend); the common MySQL functions
 * are rewritten into their PostgreSQL equivalents. Restriction strings are not translated:
 * they are the user's SQL for the backend at hand.
 */
import type { JsonCast, JsonPathStep } from '../../types/json-path';
import { rewriteCalls } from '../function-calls';

/** Seconds per unit for TIMESTAMPDIFF units below a day. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { SECOND: 1, MINUTE: 60, HOUR: 3600, WEEK: 604800 };

/** Whether an expression compares at its top level (`a = b`, `x > 3`), outside parentheses and quotes. */
function isComparison(expression: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i += 1) {
    const ch = expression[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (depth === 0 && /[=<>]/.test(ch)) return true;
  }
  return false;
}

function groupConcat(args: string[]): string {
  let body = args.join(', ');
  let separator = "','";
  const withSeparator = /^(.*?)\s+SEPARATOR\s+('(?:[^']|'')*'|"[^"]*")\s*$/is.exec(body);
  if (withSeparator) {
    body = withSeparator[1]!;
    separator = withSeparator[2]!.startsWith('"') ? `'${withSeparator[2]!.slice(1, -1).replace(/'/g, "''")}'` : withSeparator[2]!;
  }
  let order = '';
  const ordered = /^(.*?)\s+(ORDER\s+BY\s+.*)$/is.exec(body);
  if (ordered) {
    body = ordered[1]!;
    order = ` ${ordered[2]!}`;
  }
  const distinct = /^DISTINCT\s+/i.exec(body);
  const column = distinct ? body.slice(distinct[0].length) : body;
  return `STRING_AGG(${distinct ? 'DISTINCT ' : ''}(${column})::text, ${separator}${order})`;
}

function timestampDiff([unit, from, to]: string[]): string | null {
  if (!unit || !from || !to) return null;
  const age = `AGE(${to}, ${from})`;
  switch (unit.toUpperCase()) {
    case 'YEAR':
      return `(EXTRACT(YEAR FROM ${age}))::int`;
    case 'MONTH':
      return `(EXTRACT(YEAR FROM ${age}) * 12 + EXTRACT(MONTH FROM ${age}))::int`;
    case 'DAY':
      return `((${to})::date - (${from})::date)`;
    default: {
      const seconds = UNIT_SECONDS[unit.toUpperCase()];
      return seconds ? `(FLOOR(EXTRACT(EPOCH FROM ((${to})::timestamp - (${from})::timestamp)) / ${seconds}))::int` : null;
    }
  }
}

/** Any of the functions rewritten below. */
const TRANSLATED = /\b(GROUP_CONCAT|CURDATE|NOW|YEAR|MONTH|DAY|TIMESTAMPDIFF|SUM)\s*\(/i;

/** Rewrites MySQL-only functions of a computed attribute into PostgreSQL's. */
export function translatePostgresExpression(expression: string): string {
  if (!TRANSLATED.test(expression)) return expression;
  let sql = rewriteCalls(expression, 'GROUP_CONCAT', groupConcat);
  sql = rewriteCalls(sql, 'CURDATE', (args) => (args.length === 0 ? 'CURRENT_DATE' : null));
  sql = rewriteCalls(sql, 'NOW', (args) => (args.length === 0 ? 'CURRENT_TIMESTAMP' : null));
  for (const part of ['YEAR', 'MONTH', 'DAY']) {
    sql = rewriteCalls(sql, part, (args) => (args.length === 1 ? `(EXTRACT(${part} FROM ${args[0]}))::int` : null));
  }
  sql = rewriteCalls(sql, 'TIMESTAMPDIFF', timestampDiff);
  sql = rewriteCalls(sql, 'SUM', (args) => (args.length === 1 && isComparison(args[0]!) ? `SUM((${args[0]})::int)` : null));
  return sql;
}

/** PostgreSQL's type for each JSON cast. */
function postgresCastType(cast: JsonCast): string {
  switch (cast.type) {
    case 'integer':
      return 'bigint';
    case 'unsigned':
      return 'numeric';
    case 'float':
      return 'double precision';
    case 'decimal':
      return cast.precision === null ? 'numeric' : `numeric(${cast.precision},${cast.scale})`;
    case 'char':
      return cast.length === null ? 'text' : `varchar(${cast.length})`;
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamp';
    case 'time':
      return 'time';
  }
}

/** `jsonb_extract_path_text("column", 'a', '0')`, cast when asked. */
export function postgresJsonPath(quotedColumn: string, path: readonly JsonPathStep[], cast: JsonCast | null): string {
  const steps = path.map((step) => `'${'key' in step ? step.key.replace(/'/g, "''") : String(step.index)}'`).join(', ');
  const value = `jsonb_extract_path_text(${quotedColumn}, ${steps})`;
  return cast ? `(${value})::${postgresCastType(cast)}` : value;
}
