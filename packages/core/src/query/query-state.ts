/**
 * The resolved form of a query expression: what its SELECT statement is made of. Every
 * operator derives a new state from its inputs' states; states are never changed.
 */
import type { Heading } from '../heading/heading';
import type { Top } from './conditions/condition-types';
import type { SqlFragment } from './sql-fragment';

/**
 * One item of the FROM clause: a base table, another query as a derived table, or the
 * union of two queries (each selecting `fields`, in that order) as a derived table.
 */
export type Source =
  | { readonly kind: 'table'; readonly schema: string; readonly table: string }
  | { readonly kind: 'query'; readonly state: QueryState }
  | { readonly kind: 'union'; readonly left: QueryState; readonly right: QueryState; readonly fields: readonly string[] };

/** How a FROM item after the first is joined: `[LEFT] JOIN … USING (…)`. */
export interface JoinSpec {
  readonly left: boolean;
  readonly using: readonly string[];
}

/**
 * Grouping of an aggregation: the rows are grouped by these attributes (the grouping
 * expression's primary key); the state's restriction applies before grouping.
 */
export interface Grouping {
  readonly groupBy: readonly string[];
}

export interface QueryState {
  /** Attributes of the result, with SQL expressions for renamed and computed ones. */
  readonly heading: Heading;
  /** Names of the (visible) columns of the FROM clause, before projection. */
  readonly originalNames: ReadonlySet<string>;
  readonly sources: readonly Source[];
  /** One per source after the first. */
  readonly joins: readonly JoinSpec[];
  /** Conditions AND-ed in the WHERE clause (before grouping, for aggregations). */
  readonly restriction: readonly SqlFragment[];
  /** Attribute names the WHERE clause refers to. */
  readonly restrictionAttributes: ReadonlySet<string>;
  readonly top: Top | null;
  readonly distinct: boolean;
  /** Set for aggregations. */
  readonly grouping: Grouping | null;
}

/**
 * Whether other clauses cannot simply be added to the state's SELECT: it groups, limits or
 * removes duplicates, so an operator building on it must read it as a derived table.
 */
export function isComposite(state: QueryState): boolean {
  return state.grouping !== null || state.top !== null || state.distinct;
}
