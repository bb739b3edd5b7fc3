/**
 * Turning a restriction into an SQL condition (spec-query §2). The result is `true` (no
 * restriction), `false` (nothing matches) or an SQL fragment; the attribute names the
 * fragment refers to are collected so that later operators know what the WHERE clause uses.
 */
import type { Adapter } from '../../dialects/adapter';
import { DataJointError } from '../../errors';
import type { Heading } from '../../heading/heading';
import { SQL_DEFAULT, encodeValue } from '../../types/value-encoding';
import { concatSql, joinSql, sqlText, type SqlFragment } from '../sql-fragment';
import { AndList, Not, SqlCondition, Top } from './condition-types';
import { extractColumnNames } from './column-names';
import { resolveAttributeKey } from './attribute-key';
import { userSqlExpression } from '../user-sql';

/** What a condition is made against. */
export interface ConditionTarget {
  readonly heading: Heading;
  readonly adapter: Adapter;
  /** The query, as shown in error messages. */
  readonly description: string;
}

/**
 * Builds conditions from other query expressions (semijoins), adding the attributes it
 * matches on to `used`; `undefined` when `condition` is not a query. Provided by the query
 * layer so that conditions need not know how expressions compile.
 */
export type SemijoinBuilder = (condition: object, negate: boolean, used: Set<string>, target: ConditionTarget) => ConditionResult | undefined;

/**
 * An SQL condition. `maybeNull`: it can be unknown (NULL) for some rows, because it compares
 * attributes that can be NULL (nullable columns, secondary attributes of joins and unions,
 * computed attributes).
 */
export interface Condition extends SqlFragment {
  readonly maybeNull?: boolean;
}

export type ConditionResult = boolean | Condition;

/** Whether an attribute of a query's heading can hold NULL. */
export function mayBeNull(attribute: { readonly nullable: boolean; readonly inKey: boolean }): boolean {
  return attribute.nullable || !attribute.inKey;
}

/**
 * The condition, or its negation. `NOT` of an unknown is unknown, which would drop a row
 * from both `q.restrict(c)` and `q.minus(c)`; the negation of a condition that can be
 * unknown is `IS NOT TRUE`, so that `q - c` keeps every row `q & c` does not.
 */
function negated(fragment: Condition, negate: boolean): Condition {
  if (!negate) return fragment;
  return fragment.maybeNull ? concatSql('(', fragment, ') IS NOT TRUE') : concatSql('NOT (', fragment, ')');
}

/** The conjunction or disjunction of conditions; unknown when any part can be. */
function combined(parts: readonly Condition[], operator: 'AND' | 'OR'): Condition {
  const fragment = parts.length === 1 ? parts[0]! : concatSql('(', joinSql(parts, `) ${operator} (`), ')');
  return { ...fragment, maybeNull: parts.some((p) => p.maybeNull) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function objectCondition(target: ConditionTarget, condition: Record<string, unknown>, negate: boolean, used: Set<string>): ConditionResult {
  const { heading, adapter } = target;
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(condition)) {
    const resolved = resolveAttributeKey(heading, key, target.description);
    if (!resolved) continue; // keys that are not attributes are ignored, as DataJoint does
    const { name, path, cast } = resolved;
    const attribute = heading.get(name);
    const quoted = attribute.expression ?? adapter.quoteIdentifier(name);
    used.add(name);
    if (path !== null) {
      const column = adapter.jsonPathExpression(quoted, path, cast);
      if (value === null || value === undefined) parts.push(sqlText(`${column} IS NULL`));
      else {
        const param = typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value;
        parts.push({ sql: `${column} = ?`, params: [param], maybeNull: true });
      }
      continue;
    }
    const column = quoted;
    if (value === null || value === undefined) {
      parts.push(sqlText(`${column} IS NULL`));
      continue;
    }
    const param = encodeValue(attribute, value, { table: target.description, encodeUuid: (hex) => adapter.encodeUuid(hex) });
    const maybeNull = mayBeNull(attribute);
    if (param === SQL_DEFAULT) parts.push(sqlText(`${column} IS NULL`));
    else if (attribute.kind === 'json') parts.push({ sql: adapter.jsonEqualsSql(column), params: [param], maybeNull });
    else parts.push({ sql: `${column} = ?`, params: [param], maybeNull });
  }
  if (parts.length === 0) return !negate;
  return negated(combined(parts, 'AND'), negate);
}

function stringCondition(target: ConditionTarget, condition: string, negate: boolean, used: Set<string>): ConditionResult {
  const sql = condition.trim();
  const family = target.adapter.family;
  const expression = userSqlExpression(sql, family, 'restriction');
  for (const name of extractColumnNames(sql, family)) {
    if (!target.heading.has(name)) throw new DataJointError(`Attribute \`${name}\` is not found in query.`);
    used.add(name);
  }
  return negated(sqlText(`(${expression})`), negate);
}

/**
 * The condition for `restriction` on `target`, negated when `negate`. Attribute names the
 * condition refers to are added to `used`.
 */
export function makeCondition(
  target: ConditionTarget,
  restriction: unknown,
  negate: boolean,
  used: Set<string>,
  semijoin?: SemijoinBuilder,
): ConditionResult {
  let condition = restriction;
  while (condition instanceof Not) {
    negate = !negate;
    condition = condition.condition;
  }
  if (typeof condition === 'boolean') return condition !== negate;
  if (typeof condition === 'string') return stringCondition(target, condition, negate, used);
  if (condition instanceof SqlCondition) {
    for (const name of condition.attributes) used.add(name);
    return negated({ ...condition.fragment, maybeNull: condition.maybeNull }, negate);
  }
  if (condition instanceof Top) throw new DataJointError(`Invalid restriction type ${condition}`);
  if (condition instanceof AndList) {
    const parts: Condition[] = [];
    for (const item of condition.conditions) {
      const result = makeCondition(target, item, false, used, semijoin);
      if (result === false) return negate;
      if (result !== true) parts.push(result);
    }
    if (parts.length === 0) return !negate;
    // the whole conjunction is negated: NOT ((a) AND (b)), never (NOT a) AND (b)
    return negated(combined(parts, 'AND'), negate);
  }
  if (Array.isArray(condition) || condition instanceof Set) {
    const parts: Condition[] = [];
    for (const item of condition) {
      const result = makeCondition(target, item, false, used, semijoin);
      if (result === true) return !negate;
      if (result !== false) parts.push(result);
    }
    if (parts.length === 0) return negate;
    return negated(combined(parts, 'OR'), negate);
  }
  if (isPlainObject(condition)) return objectCondition(target, condition, negate, used);
  if ((typeof condition === 'object' || typeof condition === 'function') && condition !== null && semijoin) {
    const result = semijoin(condition, negate, used, target);
    if (result !== undefined) return result;
  }
  throw new DataJointError(`Invalid restriction type ${describeRestriction(condition)}`);
}

function describeRestriction(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
