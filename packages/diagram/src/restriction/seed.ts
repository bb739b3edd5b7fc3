/**
 * The seed of a cascade or a restriction: the table a (restricted) table expression reads,
 * and its conditions, carried over as they are when they are plain conditions on the table,
 * else as "the keys this expression selects".
 */
import { DataJointError, type QueryExpression } from '@dj/core';
import { joinSql, SqlCondition, toQueryExpression } from '@dj/core/internal';
import { mappedKeysCondition } from './key-conditions';

/** A restriction item: a condition (`false` for none) as a restriction list holds it. */
export type RestrictionItem = SqlCondition | false;

export interface Seed {
  readonly schema: string;
  readonly table: string;
  /** The expression itself, prepared. */
  readonly expression: QueryExpression;
  /** The seed's condition (all of its conditions, AND-ed), or none for the whole table. */
  readonly items: readonly RestrictionItem[];
  /** Attributes the condition refers to. */
  readonly attributes: ReadonlySet<string>;
}

/** The seed for `value` (a table class, table, or restricted table). */
export async function seedOf(value: unknown): Promise<Seed> {
  const expression = toQueryExpression(value, 'A diagram can only be restricted by a table or a restricted table expression.');
  await expression.prepare();
  const state = expression.state;
  const source = state.sources[0];
  if (state.sources.length !== 1 || source?.kind !== 'table') {
    throw new DataJointError('A cascade or restriction starts from one table: restrict the table itself rather than a join or another derived query.');
  }
  const plain = !state.top && !state.grouping && !state.distinct && state.heading.attributes.every((a) => a.expression === null);
  if (!plain) {
    // limits, projections and groupings select keys; carry those keys
    const key = state.heading.primaryKey;
    return { schema: source.schema, table: source.table, expression, items: [mappedKeysCondition(expression, key, key)], attributes: new Set(key) };
  }
  if (state.restriction.length === 0) return { schema: source.schema, table: source.table, expression, items: [], attributes: new Set() };
  const fragment = state.restriction.length === 1 ? state.restriction[0]! : joinSql(state.restriction.map((f) => ({ sql: `(${f.sql})`, params: f.params })), ' AND ');
  return {
    schema: source.schema,
    table: source.table,
    expression,
    items: [new SqlCondition(fragment, [...state.restrictionAttributes])],
    attributes: new Set(state.restrictionAttributes),
  };
}
