/**
 * `DELETE` of the rows of a restricted table. A plain restriction becomes the statement's
 * WHERE clause; one that reads the table itself (MySQL refuses that, error 1093) or that
 * the table's own clauses cannot express (a limit, a projection) selects the keys in a
 * derived table first. Where the backend can (PostgreSQL), a cascade's DELETEs run as one
 * statement.
 */
import { compileDelete, compileDeletes, compileSelect, keyInSelect, type SqlFragment } from '@dj/core/internal';
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
 * the rows each removed. Where the backend checks foreign keys at the end of a statement,
 * they go as one statement (a round trip, not one per table), or as few as the
 * statement's parameter limit allows.
 */
export async function runDeletes(connection: Connection, statements: readonly SqlFragment[]): Promise<number[]> {
  const counts: number[] = [];
  if (!connection.adapter.deletesInOneStatement || statements.length < 2) {
    for (const statement of statements) counts.push((await connection.query(statement.sql, statement.params)).rowCount);
    return counts;
  }
  const { maxParameters } = await connection.statementLimits();
  for (const chunk of chunksWithin(statements, maxParameters)) {
    const { sql, params } = compileDeletes(connection.adapter, chunk);
    const { rows } = await connection.query<Record<string, unknown>>(sql, params);
    chunk.forEach((_, i) => counts.push(Number(rows[0]![`n${i}`])));
  }
  return counts;
}

/**
 * Consecutive runs of statements whose parameters together stay within `maxParameters`
 * (a statement over it alone goes on its own). Order is kept: a table's dependents are in
 * its run or an earlier one.
 * @internal
 */
export function chunksWithin(statements: readonly SqlFragment[], maxParameters: number): SqlFragment[][] {
  const chunks: SqlFragment[][] = [];
  let current: SqlFragment[] = [];
  let parameters = 0;
  for (const statement of statements) {
    if (current.length > 0 && parameters + statement.params.length > maxParameters) {
      chunks.push(current);
      current = [];
      parameters = 0;
    }
    current.push(statement);
    parameters += statement.params.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
