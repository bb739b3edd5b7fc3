/**
 * `(k1, k2) IN (SELECT k1, k2 FROM (<select>) AS $keys)`: rows of a table whose key is among
 * those a SELECT returns. The SELECT is wrapped in a derived table because MySQL refuses a
 * subquery that reads the table being updated or deleted from (error 1093), and rejects
 * `LIMIT` directly inside `IN`.
 */
import type { Adapter } from '../../dialects/adapter';
import { concatSql, type SqlFragment } from '../sql-fragment';

/** The condition that a row's `keyColumns` are among those `select` returns (it lists them by these names). */
export function keyInSelect(adapter: Adapter, keyColumns: readonly string[], select: SqlFragment): SqlFragment {
  const key = keyColumns.map((k) => adapter.quoteIdentifier(k)).join(', ');
  return concatSql(`(${key}) IN (SELECT ${key} FROM (`, select, `) AS ${adapter.quoteIdentifier('$keys')})`);
}
