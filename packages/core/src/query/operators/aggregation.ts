/**
 * Aggregation (spec-query §7): `A.aggr(B, …)` groups the join of A with B by A's primary
 * key and computes aggregates over each group. By default every row of A is kept (LEFT
 * JOIN), so B is read as a derived table whenever its own conditions or joins would
 * otherwise drop rows of A.
 */
import type { Adapter } from '../../dialects/adapter';
import { DataJointError } from '../../errors';
import { determines, newAttributes, setPrimaryKey } from '../../heading/heading-algebra';
import { isComposite, type QueryState } from '../query-state';
import { joinState } from './join';
import { projectState, type ProjectionSpec } from './projection';
import { wrapState } from './subquery';

/** The state of `a.aggr(b, …)` (the caller has checked that they may be joined). */
export function aggregateState(adapter: Adapter, a: QueryState, b: QueryState, spec: ProjectionSpec, keepAllRows: boolean): QueryState {
  if (!determines(b.heading, a.heading)) {
    const missing = a.heading.primaryKey.filter((name) => !b.heading.has(name));
    throw new DataJointError(
      `Aggregation requires the group expression to contain all primary key attributes of the grouping expression. Missing attributes: [${missing.join(', ')}].`,
    );
  }
  const group =
    isComposite(b) || newAttributes(b.heading).length > 0 || (keepAllRows && (b.sources.length > 1 || b.restriction.length > 0)) ? wrapState(b) : b;
  const grouping = isComposite(a) || newAttributes(a.heading).length > 0 ? wrapState(a) : a;
  const joined = joinState(grouping, group, { left: keepAllRows, allowNullablePrimaryKey: keepAllRows });
  const grouped: QueryState = {
    ...joined,
    heading: setPrimaryKey(joined.heading, grouping.heading.primaryKey),
    grouping: { groupBy: grouping.heading.primaryKey },
  };
  // `...` stands for the grouping expression's own attributes, never the group's
  const names = spec.names.flatMap((name) => (name.trim() === '...' ? grouping.heading.secondaryAttributes : [name]));
  return projectState(adapter, grouped, { names, named: spec.named }, true);
}
