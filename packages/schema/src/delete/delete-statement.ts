/**
 * `DELETE` of the rows of a restricted table. A plain restriction becomes the statement's
 * WHERE clause; one that reads the table itself (MySQL refuses that, error 1093) or that
 * the table's own clauses cannot express (a limit, a projection) selects the keys in a
 * derived table first. A cascade sends its DELETEs with `runWriteBatch`: as one statement
 * where the server can (PostgreSQL, MariaDB).
 */
import { compileDelete, compileSelect, keyInSelect, type SqlFragment } from '@dj/core/internal';
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
