/**
 * The keys an auto-populated table is computed for (spec-pipeline §7.2): by default the
 * join of the parents its primary key references, each projected to its primary key
 * (renamed foreign keys renamed back into the child's names); a class may override it
 * with `static get keySource()`.
 */
import { DataJointError, type Connection, type QueryExpression } from '@dj/core';
import { toQueryExpression } from '@dj/core/internal';
import { FreeTable } from '../tables/free-table';

/** The default key source of `schema`.`table`. */
export async function defaultKeySource(connection: Connection, schema: string, table: string): Promise<QueryExpression> {
  const { introspector, adapter } = connection;
  const [primaryKey, foreignKeys] = await Promise.all([
    introspector.primaryKey(connection, schema, table),
    introspector.tableForeignKeys(connection, schema, table),
  ]);
  const position = (fk: (typeof foreignKeys)[number]) => Math.min(...fk.columns.map((c) => primaryKey.indexOf(c.child)));
  const parents = foreignKeys.filter((fk) => fk.columns.every((c) => primaryKey.includes(c.child))).sort((a, b) => position(a) - position(b));
  if (parents.length === 0) {
    throw new DataJointError('A table must have dependencies from its primary key for auto-populate to work');
  }
  let keySource: QueryExpression | null = null;
  for (const fk of parents) {
    const parent = new FreeTable(connection, adapter.fullTableName(fk.parentSchema, fk.parentTable));
    const renames = Object.fromEntries(fk.columns.filter((c) => c.child !== c.parent).map((c) => [c.child, c.parent]));
    const projected = Object.keys(renames).length > 0 ? parent.proj(renames) : parent.proj();
    keySource = keySource === null ? projected : keySource.join(projected, { semanticCheck: false });
  }
  return keySource!;
}

/**
 * A key source given by a class (an expression or a table class), checked against the
 * target's heading.
 */
export async function checkedKeySource(value: unknown, targetHasAttribute: (name: string) => boolean): Promise<QueryExpression> {
  let keySource: QueryExpression;
  try {
    keySource = toQueryExpression(value, 'Invalid keySource value');
  } catch {
    throw new DataJointError('Invalid keySource value');
  }
  await keySource.prepare();
  const missing = keySource.primaryKey.find((name) => !targetHasAttribute(name));
  if (missing) throw new DataJointError(`The populate target lacks attribute ${missing} from the primary key of keySource`);
  return keySource;
}
