/**
 * UPDATE, DELETE, INSERT … SELECT and locking SELECT statements over one table, beside the
 * SELECT compiler: pure functions of the dialect (quoting, placeholders, the clauses that
 * differ by backend come from the adapter). Conditions are fragments (see `keyCondition`,
 * `keyInSelect`, `whereClause`); values are `?` parameters, expressions are SQL text the
 * caller wrote.
 */
import type { Adapter, OnDuplicate } from '../../dialects/adapter';
import { DataJointError } from '../../errors';
import { concatSql, joinSql, type SqlFragment } from '../sql-fragment';
import { whereClause } from './select-compiler';

/** A column and its new value: a parameter (`sqlValue`) or an SQL expression (`sqlText`). */
export type Assignment = readonly [column: string, value: SqlFragment];

/** A value as a `?` parameter. */
export function sqlValue(value: unknown): SqlFragment {
  return { sql: '?', params: [value] };
}

/** What an UPDATE changes, where, and which columns of the changed rows it returns. */
export interface UpdateSpec {
  /** Full table name, quoted. */
  readonly table: string;
  readonly set: readonly Assignment[];
  /** Conditions, all of which a row must meet; none: every row. */
  readonly where: readonly SqlFragment[];
  /** The select list returned for the changed rows (only where `adapter.updateReturning`). */
  readonly returning?: SqlFragment;
}

function returningClause(adapter: Adapter, list: SqlFragment | undefined): SqlFragment | string {
  if (list === undefined) return '';
  if (!adapter.updateReturning) throw new DataJointError(`The ${adapter.family} backend cannot return the rows an UPDATE changed.`);
  return concatSql(' RETURNING ', list);
}

/** `UPDATE <table> SET a = …, b = … WHERE (…) AND (…) [RETURNING …]`. */
export function compileUpdate(adapter: Adapter, spec: UpdateSpec): SqlFragment {
  if (spec.set.length === 0) throw new DataJointError(`An UPDATE of ${spec.table} must set at least one column.`);
  const set = joinSql(
    spec.set.map(([column, value]) => concatSql(`${adapter.quoteIdentifier(column)} = `, value)),
    ', ',
  );
  return concatSql(`UPDATE ${spec.table} SET `, set, whereClause(spec.where), returningClause(adapter, spec.returning));
}

/** `DELETE FROM <table> WHERE (…) AND (…)`; no conditions: every row. */
export function compileDelete(table: string, where: readonly SqlFragment[]): SqlFragment {
  return concatSql(`DELETE FROM ${table}`, whereClause(where));
}

/**
 * DELETEs or UPDATEs as one statement answering one row whose column `n<i>` counts the rows
 * the i-th statement changed, in the adapter's `writeBatch` form (run it only where the
 * session's `maxWritesPerStatement` allows; see `runWriteBatch`):
 * - `'with'`: `WITH w0 AS (DELETE … RETURNING 1), w1 AS (…) SELECT (SELECT count(*) FROM
 *   w0) AS n0, …`. Every statement sees the rows as they were before the statement.
 * - `'compound'`: `BEGIN NOT ATOMIC DECLARE n0, … BIGINT; DELETE …; SET n0 = ROW_COUNT();
 *   … SELECT n0, …; END`. The statements run in order; the counts are local variables, so
 *   nothing is left in the session.
 */
export function compileWriteBatch(adapter: Adapter, writes: readonly SqlFragment[]): SqlFragment {
  if (writes.length === 0) throw new DataJointError('compileWriteBatch needs at least one statement.');
  const names = writes.map((_, i) => `n${i}`);
  if (adapter.writeBatch === 'compound') {
    const steps = joinSql(
      writes.map((statement, i) => concatSql(statement, `; SET n${i} = ROW_COUNT();`)),
      ' ',
    );
    return concatSql(`BEGIN NOT ATOMIC DECLARE ${names.join(', ')} BIGINT; `, steps, ` SELECT ${names.join(', ')}; END`);
  }
  const steps = joinSql(
    writes.map((statement, i) => concatSql(`w${i} AS (`, statement, ' RETURNING 1)')),
    ', ',
  );
  const counts = names.map((n, i) => `(SELECT count(*) FROM w${i}) AS ${n}`).join(', ');
  return concatSql('WITH ', steps, ` SELECT ${counts}`);
}

/** What an INSERT … SELECT adds. */
export interface InsertSelectSpec {
  /** Full table name, quoted. */
  readonly table: string;
  /** The columns filled, in the order of the SELECT's list. */
  readonly columns: readonly string[];
  /** The table's primary key (rows with a key present are skipped or replaced). */
  readonly primaryKey: readonly string[];
  /** A SELECT listing the values of `columns`, in that order. */
  readonly select: SqlFragment;
  readonly onDuplicate: OnDuplicate;
}

/** `INSERT INTO <table> (…) SELECT … <conflict clause>`. */
export function compileInsertSelect(adapter: Adapter, spec: InsertSelectSpec): SqlFragment {
  const { verb, suffix } = adapter.insertParts(spec.table, spec.columns, spec.primaryKey, spec.onDuplicate);
  const columns = spec.columns.map((c) => adapter.quoteIdentifier(c)).join(', ');
  return concatSql(`${verb} INTO ${spec.table} (${columns}) `, spec.select, suffix);
}

/** `SELECT <list> FROM <table> WHERE (…) AND (…)`: a plain read of one table's rows, locking nothing. */
export function compileTableSelect(table: string, list: SqlFragment, where: readonly SqlFragment[]): SqlFragment {
  return concatSql('SELECT ', list, ` FROM ${table}`, whereClause(where));
}

/**
 * `SELECT <list> FROM <table> WHERE (…) FOR UPDATE [SKIP LOCKED]`: the rows it returns are
 * locked for update until the transaction ends; where the backend can tell (see
 * `adapter.claimRowsSql`), rows another transaction holds are skipped, so that concurrent
 * callers claim different rows instead of waiting for each other.
 */
export function compileLockingSelect(adapter: Adapter, table: string, list: SqlFragment, where: readonly SqlFragment[]): SqlFragment {
  return concatSql(compileTableSelect(table, list, where), ` ${adapter.claimRowsSql}`);
}
