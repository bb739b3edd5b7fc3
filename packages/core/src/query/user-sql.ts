/**
 * SQL written by users: restriction strings and the expressions of computed attributes.
 * It is trusted to be SQL, but it must stay one expression inside the statement it is
 * placed in: parentheses balanced, quotes closed, no statement separator and no comment
 * that would swallow the text DataJoint writes after it. Otherwise `T.restrict({ id: 1 })
 * .restrict('x) OR (1=1')` could undo the conditions around it.
 */
import type { SqlFamily } from '../dialects/adapter';
import { splitAtPlaceholders } from '../dialects/placeholders';
import { sqlSpans } from '../dialects/sql-lexer';
import { DataJointError } from '../errors';

/** Why `sql` is not a self-contained expression, or `null` when it is. */
function containmentProblem(sql: string, family: SqlFamily): string | null {
  let depth = 0;
  for (const span of sqlSpans(sql, family)) {
    if (span.kind === 'comment') return 'comments are not allowed';
    if (!span.closed) return `an unclosed ${span.kind === 'identifier' ? 'quoted name' : 'string'}`;
    if (span.kind !== 'code') continue;
    for (let i = span.start; i < span.end; i += 1) {
      const ch = sql[i];
      if (ch === '(') depth += 1;
      else if (ch === ')') {
        depth -= 1;
        if (depth < 0) return 'a closing parenthesis without its opening one';
      } else if (ch === ';') return 'a statement separator (;)';
    }
  }
  return depth > 0 ? 'an opening parenthesis without its closing one' : null;
}

/**
 * `sql` ready to be placed inside a statement with bound parameters: checked to be one
 * self-contained expression, with every bare `?` kept as a question mark.
 * @param what what the SQL is, for the message (`'restriction'`, `'computed attribute x'`).
 * @throws DataJointError when the SQL is not self-contained.
 */
export function userSqlExpression(sql: string, family: SqlFamily, what: string): string {
  const problem = containmentProblem(sql, family);
  if (problem) {
    const shown = JSON.stringify(sql.length > 80 ? `${sql.slice(0, 77)}...` : sql);
    throw new DataJointError(`Invalid SQL in ${what} ${shown}: ${problem}.`);
  }
  return splitAtPlaceholders(sql, family).join('\\?');
}
