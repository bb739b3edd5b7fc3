/**
 * Union (spec-query §9) of two queries with the same primary key and no shared secondary
 * attributes. Keys only: `(A) UNION (B)`. With secondary attributes, the rows of A with
 * B's attributes where B has the key, plus the rows of B that A lacks, with A's
 * attributes NULL.
 */
import type { Adapter } from '../../dialects/adapter';
import { DataJointError } from '../../errors';
import { joinHeadings, plainHeading } from '../../heading/heading-algebra';
import type { SemijoinBuilder } from '../conditions/make-condition';
import { Not } from '../conditions/condition-types';
import type { QueryState } from '../query-state';
import type { Restriction } from '../query-expression';
import { joinState } from './join';
import { projectState } from './projection';
import { restrictState } from './restriction';

/**
 * The state of `a UNION b`. `antijoinB` builds the condition "not in `a`" for `b`
 * (a semijoin builder that knows the operand `a`).
 */
export function unionState(adapter: Adapter, a: QueryState, b: QueryState, notInA: { condition: Restriction; semijoin: SemijoinBuilder }): QueryState {
  const aKey = [...a.heading.primaryKey].sort();
  const bKey = [...b.heading.primaryKey].sort();
  if (aKey.length !== bKey.length || aKey.some((k, i) => k !== bKey[i])) {
    throw new DataJointError('The operands of a union must share the same primary key.');
  }
  if (a.heading.secondaryAttributes.some((name) => b.heading.secondaryAttributes.includes(name))) {
    throw new DataJointError('The operands of a union must not share any secondary attributes.');
  }
  const heading = plainHeading(joinHeadings(a.heading, b.heading));
  let left = a;
  let right = b;
  let fields: readonly string[] = a.heading.primaryKey;
  if (a.heading.secondaryAttributes.length > 0 || b.heading.secondaryAttributes.length > 0) {
    fields = heading.names;
    left = joinState(a, b, { left: true });
    const bOnly = restrictState(adapter, b, new Not(notInA.condition), 'the union', notInA.semijoin);
    const nulls = Object.fromEntries(a.heading.secondaryAttributes.map((name) => [name, 'NULL']));
    right = projectState(adapter, bOnly, { names: ['...'], named: nulls });
  }
  return {
    heading,
    originalNames: new Set(heading.names),
    sources: [{ kind: 'union', left, right, fields }],
    joins: [],
    restriction: [],
    restrictionAttributes: new Set(),
    top: null,
    distinct: false,
    grouping: null,
  };
}
