/**
 * Join (spec-query §5): a natural join on every attribute name the operands share (after
 * the semantic check has made sure those are the same attributes), `[LEFT] JOIN … USING`.
 * Operands are read as derived tables whenever an unqualified column name in the combined
 * statement could be ambiguous or a clause of theirs would change meaning.
 */
import { DataJointError } from '../../errors';
import { determines, joinHeadings } from '../../heading/heading-algebra';
import { isComposite, type QueryState } from '../query-state';
import { wrapState } from './subquery';

export interface JoinOptions {
  /** Keep rows of the left operand without a match (their right-side attributes NULL). */
  readonly left: boolean;
  /**
   * Allow a left join whose left operand does not determine the right one (aggregations
   * need it: their grouping resets the primary key).
   */
  readonly allowNullablePrimaryKey?: boolean;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const result = new Set(a);
  for (const item of b) result.add(item);
  return result;
}

function sharesTable(a: QueryState, b: QueryState): boolean {
  return a.sources.some(
    (s) => s.kind === 'table' && b.sources.some((t) => t.kind === 'table' && t.schema === s.schema && t.table === s.table),
  );
}

function isNew(state: QueryState, name: string): boolean {
  return state.heading.get(name).expression !== null;
}

/** The state of `a JOIN b` (the caller has checked that they may be joined). */
export function joinState(a: QueryState, b: QueryState, options: JoinOptions): QueryState {
  let nullablePrimaryKey = false;
  if (options.left && !determines(a.heading, b.heading)) {
    if (!options.allowNullablePrimaryKey) {
      const undetermined = b.heading.primaryKey.filter((name) => !a.heading.has(name));
      throw new DataJointError(
        'Left join requires the left operand to determine the right operand (A → B). ' +
          `The following attributes from the right operand's primary key are not in the left operand: [${undetermined.join(', ')}]. ` +
          'Use an inner join or restructure the query.',
      );
    }
    nullablePrimaryKey = true;
  }
  const using = a.heading.names.filter((name) => b.heading.has(name));
  // A column both FROM clauses have but the join does not match on would be ambiguous.
  let clash = false;
  for (const name of a.originalNames) if (b.originalNames.has(name) && !using.includes(name)) clash = true;
  const wrapA = clash || isComposite(a) || using.some((n) => isNew(a, n)) || (a.sources.length > 1 && using.length > 0);
  const wrapB =
    clash ||
    // a table on both sides needs an alias on one
    sharesTable(a, b) ||
    isComposite(b) ||
    using.some((n) => isNew(b, n)) ||
    (b.sources.length > 1 && (using.length > 0 || options.left)) ||
    // the right side's conditions must apply before the left join, not to its result
    (options.left && b.restriction.length > 0);
  const left = wrapA ? wrapState(a) : a;
  const right = wrapB ? wrapState(b) : b;
  return {
    heading: joinHeadings(left.heading, right.heading, nullablePrimaryKey),
    originalNames: union(left.originalNames, right.originalNames),
    sources: [...left.sources, ...right.sources],
    joins: [...left.joins, { left: options.left, using }, ...right.joins],
    restriction: [...left.restriction, ...right.restriction],
    restrictionAttributes: union(left.restrictionAttributes, right.restrictionAttributes),
    top: null,
    distinct: false,
    grouping: null,
  };
}
