/**
 * The condition matching rows by primary key: one key or several (`(a = ? AND b = ?) OR …`),
 * made by the restriction compiler (`make-condition.ts`) so that values are encoded as every
 * other restriction encodes them. Unlike a restriction by a dict, a key must name every
 * primary-key attribute: a partial key would match other rows too.
 */
import { DataJointError } from '../../errors';
import type { Row } from '../../dialects/driver';
import { makeCondition, type ConditionTarget } from '../conditions/make-condition';
import { concatSql, sqlText, type SqlFragment } from '../sql-fragment';

/** The primary-key attributes of `key`, or an error naming the one it lacks. */
function primaryKeyOf(target: ConditionTarget, key: Row): Row {
  const projected: Row = {};
  for (const name of target.heading.primaryKey) {
    if (!(name in key) || key[name] === undefined) throw new DataJointError(`The key lacks attribute \`${name}\` of ${target.description}.`);
    projected[name] = key[name];
  }
  return projected;
}

/**
 * `WHERE` condition matching exactly the rows of `keys` (each with every primary-key
 * attribute of `target`; other attributes are ignored); matches nothing for no keys.
 * @throws DataJointError when a key lacks a primary-key attribute.
 */
export function keyCondition(target: ConditionTarget, keys: readonly Row[]): SqlFragment {
  if (target.heading.primaryKey.length === 0) throw new DataJointError(`${target.description} has no primary key to match keys by.`);
  const condition = makeCondition(target, keys.map((key) => primaryKeyOf(target, key)), false, new Set());
  if (typeof condition === 'boolean') return sqlText(condition ? '1 = 1' : '1 = 0');
  return { sql: condition.sql, params: condition.params };
}

/**
 * `CASE WHEN <key 0> THEN 0 WHEN <key 1> THEN 1 … END`: which of `keys` a row is, as its
 * position in the list. Selected (or returned) beside a key condition, it tells which keys
 * a statement matched without decoding the key columns the server returns.
 */
export function keyPosition(target: ConditionTarget, keys: readonly Row[]): SqlFragment {
  if (keys.length === 0) return sqlText('NULL');
  return concatSql('CASE', ...keys.flatMap((key, i) => [' WHEN ', keyCondition(target, [key]), ` THEN ${i}`]), ' END');
}
