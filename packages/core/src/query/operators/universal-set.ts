/**
 * `dj.U(...attributes)`: the universal set over some attributes (spec-query §8). It cannot
 * be fetched; restricting it by a query lists the distinct values of its attributes in
 * that query, and aggregating over it groups the query by them.
 */
import { DataJointError } from '../../errors';
import { UNIVERSAL_SET } from '../as-query';
import { isComposite, type QueryState } from '../query-state';
import { QueryExpression, resolveEagerly, toQueryExpression, type ComputedAttributes } from '../query-expression';
import type { KeyOfRow, RowOf } from '../../typing/query-rows';
import { wrapState } from './subquery';
import { newAttributes, setPrimaryKey } from '../../heading/heading-algebra';
import { projectState } from './projection';

/** Options of {@link UniversalSet.aggr}. */
export interface UniversalAggregationOptions {
  /** Must stay true: a universal set has no rows of its own to keep. */
  excludeNonmatching?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}


/**
 * The universal set `dj.U(...)` over some attributes: restrict it by a query to list their
 * distinct values there, aggregate over it to group a query by them. It cannot be fetched.
 */
export class UniversalSet<N extends string = string> {
  readonly [UNIVERSAL_SET] = true;
  /** The attributes of the set, which form the primary key of every result. */
  readonly primaryKey: readonly string[];

  constructor(attributes: readonly string[]) {
    for (const a of attributes) {
      if (typeof a !== 'string') throw new DataJointError(`dj.U takes attribute names; got ${String(a)}.`);
    }
    this.primaryKey = [...attributes];
  }

  /**
   * The distinct values of the set's attributes in `query`: `dj.U('a', 'b').restrict(T)`
   * is `SELECT DISTINCT a, b FROM T`.
   */
  restrict<Q>(query: Q): QueryExpression<KeyOfRow<RowOf<Q>, N>, N & keyof RowOf<Q> & string> {
    const expression = toQueryExpression(query, 'Set U can only be restricted with a QueryExpression.');
    if (this.primaryKey.length === 0) {
      throw new DataJointError('dj.U() without attributes cannot be restricted; use dj.U().aggr(query, { n: "count(*)" }) to summarise a query.');
    }
    const key = this.primaryKey;
    return resolveEagerly(
      QueryExpression.derive<KeyOfRow<RowOf<Q>, N>, N & keyof RowOf<Q> & string>(expression.connection, [expression], () => {
        const state = expression.state;
        const missing = key.filter((name) => !state.heading.has(name));
        if (missing.length > 0) throw new DataJointError(`Attributes [${missing.join(', ')}] not found in the restricting expression.`);
        const input = isComposite(state) ? wrapState(state) : state;
        const keyed: QueryState = { ...input, distinct: true, heading: setPrimaryKey(input.heading, key) };
        return projectState(expression.connection.adapter, keyed, { names: [], named: {} });
      }),
    );
  }

  /**
   * Groups `query` by the set's attributes and computes `computed` over each group
   * (`dj.U('sex').aggr(Student, { n: 'count(*)' })`); `dj.U()` gives one row for the whole query.
   */
  aggr<Q, const A extends ComputedAttributes = Record<never, string>>(
    query: Q,
    computed: A = {} as A,
    options: UniversalAggregationOptions = {},
    ...extra: unknown[]
  ): QueryExpression<KeyOfRow<RowOf<Q>, N> & { -readonly [C in keyof A]: unknown }, N & keyof RowOf<Q> & string> {
    if (extra.length > 0 || !isPlainObject(computed) || !isPlainObject(options)) {
      throw new DataJointError(
        'dj.U(...).aggr takes the group, one object of computed attributes and one of options: ' +
          "attribute names cannot be kept, e.g. dj.U('a').aggr(T, { n: 'count(*)' }).",
      );
    }
    if (options.excludeNonmatching === false) {
      throw new DataJointError('Cannot set excludeNonmatching: false when aggregating on a universal set.');
    }
    const group = toQueryExpression(query, 'dj.U.aggr requires a QueryExpression as the group argument.');
    const key = this.primaryKey;
    return resolveEagerly(
      QueryExpression.derive<KeyOfRow<RowOf<Q>, N> & { -readonly [C in keyof A]: unknown }, N & keyof RowOf<Q> & string>(group.connection, [group], () => {
        const state = group.state;
        const missing = key.filter((name) => !state.heading.has(name));
        if (missing.length > 0) throw new DataJointError(`Attributes [${missing.join(', ')}] not found in the group expression.`);
        const input = isComposite(state) || newAttributes(state.heading).length > 0 ? wrapState(state) : state;
        const grouped: QueryState = { ...input, heading: setPrimaryKey(input.heading, key), grouping: { groupBy: key } };
        return projectState(group.connection.adapter, grouped, { names: [], named: computed }, true);
      }),
    );
  }

  /** Not supported: joining with a universal set is no longer needed with semantic matching. */
  join(_other?: unknown): never {
    throw new DataJointError(
      'dj.U(...) * table is no longer supported in DataJoint 2.0. This pattern is no longer necessary with the new semantic matching system.',
    );
  }

  /** Not supported: the complement of a query in a universal set is infinite. */
  minus(_other?: unknown): never {
    throw new DataJointError('dj.U(...) - table produces an infinite set and is not supported. Consider using a different approach for your query.');
  }

  /** `U(a, b)`. */
  toString(): string {
    return `U(${this.primaryKey.join(', ')})`;
  }
}

/** `dj.U('a', 'b')`: the universal set over the named attributes. */
export function universalSet<const N extends string>(...attributes: N[]): UniversalSet<N> {
  return new UniversalSet<N>(attributes);
}
