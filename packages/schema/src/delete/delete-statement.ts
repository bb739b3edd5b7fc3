/**
 * `DELETE` of the rows of a restricted table. A plain restriction becomes the statement's
 * WHERE clause; one that reads the table itself (MySQL refuses that, error 1093) or that
 * the table's own clauses cannot express (a limit, a projection) selects the keys in a
 * derived table first. Where the server can (PostgreSQL, MariaDB), a cascade's DELETEs run
 * as one statement.
 */
import { compileDelete, compileDeletes, compileSelect, keyInSelect, type SqlFragment, type StatementLimits } from '@dj/core/internal';
import { type Connection, type QueryExpression } from '@dj/core';

/** The table a delete removes rows from. */
export interface DeleteTarget {
  readonly schema: string;
  readonly table: string;
  /** Primary-key columns, hidden ones (`_singleton`) included. */
  readonly keyColumns: readonly string[];
}

/** `DELETE FROM <target> WHERE …` for the rows of `rows` (a prepared query over the target). */
export function deleteStatement(connection: Connection, target: DeleteTarget, rows: QueryExpression): SqlFragment {
  const { adapter } = connection;
  const fullName = adapter.fullTableName(target.schema, target.table);
  const state = rows.state;
  const plain =
    state.sources.length === 1 &&
    state.sources[0]!.kind === 'table' &&
    !state.top &&
    !state.grouping &&
    state.heading.attributes.every((a) => a.expression === null) &&
    !state.restriction.some((f) => f.sql.includes(fullName));
  if (plain) return compileDelete(fullName, state.restriction);
  return compileDelete(fullName, [keyInSelect(adapter, target.keyColumns, compileSelect(adapter, state, target.keyColumns))]);
}

/**
 * Runs DELETEs in order (each table's after the tables that reference it) and resolves to
 * the rows each removed. Where the server runs several DELETEs as one statement, they go
 * as one (a round trip, not one per table), or as few as the statement limits allow.
 */
export async function runDeletes(connection: Connection, statements: readonly SqlFragment[]): Promise<number[]> {
  const counts: number[] = [];
  const limits = statements.length < 2 ? undefined : await connection.statementLimits();
  for (const chunk of limits ? chunksWithin(statements, limits) : statements.map((s) => [s])) {
    if (chunk.length === 1) {
      counts.push((await connection.query(chunk[0]!.sql, chunk[0]!.params)).rowCount);
      continue;
    }
    const { sql, params } = compileDeletes(connection.adapter, chunk);
    const { rows } = await connection.query<Record<string, unknown>>(sql, params);
    chunk.forEach((_, i) => counts.push(Number(rows[0]![`n${i}`])));
  }
  return counts;
}

/** Bytes a statement's place in a batch adds besides its own text: the count it keeps and returns. */
const BATCH_BYTES_PER_STATEMENT = 64;

/**
 * Consecutive runs of statements that one statement can carry together: at most
 * `maxDeletesPerStatement` of them, their parameters within `maxParameters` and their text
 * and values within `maxStatementBytes` (a statement over a limit alone goes on its own).
 * Order is kept: a table's dependents are in its run or an earlier one.
 * @internal
 */
export function chunksWithin(
  statements: readonly SqlFragment[],
  limits: Pick<StatementLimits, 'maxDeletesPerStatement' | 'maxParameters' | 'maxStatementBytes' | 'parameterBytes'>,
): SqlFragment[][] {
  const chunks: SqlFragment[][] = [];
  let current: SqlFragment[] = [];
  let parameters = 0;
  let bytes = 0;
  for (const statement of statements) {
    const size = BATCH_BYTES_PER_STATEMENT + Buffer.byteLength(statement.sql, 'utf8') + statement.params.reduce<number>((sum, p) => sum + limits.parameterBytes(p), 0);
    const full =
      current.length >= limits.maxDeletesPerStatement ||
      parameters + statement.params.length > limits.maxParameters ||
      bytes + size > limits.maxStatementBytes;
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      parameters = 0;
      bytes = 0;
    }
    current.push(statement);
    parameters += statement.params.length;
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
