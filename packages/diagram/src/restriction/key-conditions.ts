/**
 * Conditions that carry a restriction from one table to another over a foreign key:
 * the keys of the restricted rows of one table, read in the columns of the other
 * (`(child_a, child_b) IN (SELECT parent_a, parent_b FROM parent WHERE …)`), or a literal
 * list of keys fetched before anything is deleted.
 */
import { compileSelect, encodeValue, SqlCondition, concatSql, wrapState } from '@dj/core/internal';
import { type Heading, type QueryExpression, type Row } from '@dj/core';

function tuple(columns: readonly string[]): string {
  return columns.length === 1 ? columns[0]! : `(${columns.join(', ')})`;
}

/**
 * Rows whose `targetColumns` equal the `sourceColumns` of some row of `source`.
 * `source` must be prepared.
 */
export function mappedKeysCondition(source: QueryExpression, sourceColumns: readonly string[], targetColumns: readonly string[]): SqlCondition {
  const adapter = source.connection.adapter;
  const state = source.state.top ? wrapState(source.state) : source.state; // MySQL refuses LIMIT inside IN (…)
  const target = tuple(targetColumns.map((c) => adapter.quoteIdentifier(c)));
  const fragment = concatSql(`${target} IN (`, compileSelect(adapter, state, sourceColumns), ')');
  return new SqlCondition(fragment, targetColumns);
}

/** Rows whose `columns` (attributes of `heading`) equal one of `keys`; `false` when there are none. */
export function literalKeysCondition(source: QueryExpression, heading: Heading, columns: readonly string[], keys: readonly Row[]): SqlCondition | false {
  if (keys.length === 0) return false;
  const adapter = source.connection.adapter;
  const context = { table: 'the cascade', encodeUuid: (hex: string) => adapter.encodeUuid(hex) };
  const attributes = columns.map((c) => heading.get(c));
  const params: unknown[] = [];
  const rows = keys.map((key) => {
    for (const attribute of attributes) params.push(encodeValue(attribute, key[attribute.name], context));
    return tuple(attributes.map(() => '?'));
  });
  const target = tuple(columns.map((c) => adapter.quoteIdentifier(c)));
  return new SqlCondition({ sql: `${target} IN (${rows.join(', ')})`, params }, columns, false);
}
