/**
 * Restriction (spec-query §2, §4): conditions AND-ed into the WHERE clause, and Top
 * (order, limit, offset). A query that groups, limits or has renamed or computed
 * attributes is read as a derived table first, so conditions always name plain columns.
 */
import type { Adapter } from '../../dialects/adapter';
import { DataJointError } from '../../errors';
import { newAttributes } from '../../heading/heading-algebra';
import { Top } from '../conditions/condition-types';
import { makeCondition, type SemijoinBuilder } from '../conditions/make-condition';
import { isComposite, type QueryState } from '../query-state';
import { sqlText } from '../sql-fragment';
import { wrapState } from './subquery';

/** Whether conditions cannot be added to the state's own WHERE clause. */
function needsDerivedTable(state: QueryState): boolean {
  return isComposite(state) || newAttributes(state.heading).length > 0;
}

/**
 * The state restricted by `condition` (anything `restrict()` takes except Top), or the
 * input itself when the condition is always true.
 */
export function restrictState(adapter: Adapter, input: QueryState, condition: unknown, description: string, semijoin: SemijoinBuilder): QueryState {
  const base = needsDerivedTable(input) ? wrapState(input) : input;
  const used = new Set<string>();
  const result = makeCondition({ heading: base.heading, adapter, description }, condition, false, used, semijoin);
  if (result === true) return input;
  for (const name of used) {
    if (!base.heading.has(name)) throw new DataJointError(`Attribute \`${name}\` is not found in query.`);
  }
  return {
    ...base,
    restriction: [...base.restriction, result === false ? sqlText('FALSE') : result],
    restrictionAttributes: new Set([...base.restrictionAttributes, ...used]),
  };
}

function sameOrder(a: readonly string[] | null, b: readonly string[] | null): boolean {
  const left = a ?? ['KEY'];
  const right = b ?? ['KEY'];
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

/**
 * The state limited by `top` (T-02): a Top that keeps the existing order (or gives none)
 * merges with the existing one; a different order applies to the limited rows, outside.
 */
export function topState(input: QueryState, top: Top): QueryState {
  if (!input.top) return { ...input, top };
  if (top.orderBy === null || sameOrder(top.orderBy, input.top.orderBy)) return { ...input, top: input.top.merge(top) };
  return { ...wrapState(input), top };
}
