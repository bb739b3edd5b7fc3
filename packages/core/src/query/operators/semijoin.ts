/**
 * Restricting by another query (spec-query ): rows whose shared attributes
 * match some row of the other query, `(a, b) IN (SELECT a, b FROM …)`. Without shared
 * attributes every row matches when the other query has any row (`EXISTS`).
 */
import type { Connection } from '../../connection/connection';
import { AS_QUERY, isQuerySource, isUniversalSet } from '../as-query';
import { compileSelect } from '../compile/select-compiler';
import { mayBeNull, type ConditionTarget, type SemijoinBuilder } from '../conditions/make-condition';
import { QueryExpression } from '../query-expression';
import { concatSql } from '../sql-fragment';
import { assertJoinCompatibility } from './join-compatibility';
import { wrapState } from './subquery';

/** The query a restriction stands for, if it is one (a query expression or a table class). */
export function queryOfCondition(condition: unknown): QueryExpression | undefined {
  if (condition instanceof QueryExpression) return condition;
  if (isQuerySource(condition)) return condition[AS_QUERY]();
  return undefined;
}

/** A semijoin builder for restrictions of a query on `connection`. */
export function semijoinBuilder(connection: Connection, semanticCheck: boolean): SemijoinBuilder {
  return (condition: object, negate: boolean, used: Set<string>, target: ConditionTarget) => {
    if (isUniversalSet(condition)) return !negate;
    const query = queryOfCondition(condition);
    if (!query) return undefined;
    const other = query.state;
    assertJoinCompatibility(connection, target.heading, query.connection, other.heading, semanticCheck);
    const common = other.heading.names.filter((name) => target.heading.has(name));
    for (const name of common) used.add(name);
    const adapter = connection.adapter;
    if (common.length === 0) return concatSql(negate ? 'NOT EXISTS (' : 'EXISTS (', compileSelect(adapter, other, []), ')');
    // MySQL refuses LIMIT directly inside IN (…)
    const source = other.top ? wrapState(other) : other;
    const columns = common.map((name) => adapter.quoteIdentifier(name)).join(', ');
    const tuple = common.length === 1 ? columns : `(${columns})`;
    const subquery = compileSelect(adapter, source, common);
    // `x NOT IN (…)` is unknown, not true, when x is NULL or the subquery yields a NULL: such
    // a row matches no row of the other query, so the antijoin keeps it (`IS NOT TRUE`).
    // Primary-key attributes are never NULL and keep the plain form the servers optimise.
    const maybeNull = common.some((name) => mayBeNull(target.heading.get(name)) || mayBeNull(other.heading.get(name)));
    if (negate && maybeNull) return concatSql(`(${tuple} IN (`, subquery, ')) IS NOT TRUE');
    return { ...concatSql(`${tuple} ${negate ? 'NOT IN' : 'IN'} (`, subquery, ')'), maybeNull: maybeNull && !negate };
  };
}
