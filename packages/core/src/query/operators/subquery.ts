/**
 * Reading a query as a derived table (`SELECT … FROM (<query>) AS alias`, spec-query E-06):
 * renamed and computed attributes become plain columns, so later operators can refer to
 * them, and grouping, limits and DISTINCT stay inside.
 */
import { plainHeading } from '../../heading/heading-algebra';
import type { QueryState } from '../query-state';

/** The state of a SELECT over `state` as a derived table. */
export function wrapState(state: QueryState): QueryState {
  const heading = plainHeading(state.heading);
  return {
    heading,
    originalNames: new Set(heading.names),
    sources: [{ kind: 'query', state }],
    joins: [],
    restriction: [],
    restrictionAttributes: new Set(),
    top: null,
    distinct: false,
    grouping: null,
  };
}
