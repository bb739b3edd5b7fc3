/**
 * `update1(row)`: corrects secondary attributes of one existing row in one `UPDATE`, the
 * row named by its primary key. Values are encoded as insert encodes them (codecs
 * included); `null` sets the column's default (NULL for a nullable attribute).
 */
import { DataJointError, type Heading, type QueryExpression } from '@dj/core';
import { SQL_DEFAULT, concatSql, joinSql, type SqlFragment } from '@dj/core/internal';
import { encodeField, type RowTarget } from '../insert/insert-rows';
import { isRowObject } from '../insert/row-reader';

/** The table an update writes to. */
export interface UpdateTarget extends RowTarget {
  readonly fullTableName: string;
  /** The table restricted to a key (for counting the row and for the WHERE clause). */
  rowsOf(key: Readonly<Record<string, unknown>>): QueryExpression;
}

/**
 * Checks `row` as datajoint-python's `update1` does, in its order.
 * @returns the primary-key values and the names of the attributes to set.
 */
function checkedUpdate(heading: Heading, row: unknown): { key: Record<string, unknown>; changes: string[] } {
  if (!isRowObject(row)) throw new DataJointError('The argument of update1 must be an object of attribute values.');
  if (!heading.primaryKey.every((name) => row[name] !== undefined)) {
    throw new DataJointError('The argument of update1 must supply all primary key values.');
  }
  const unknown = Object.keys(row).find((name) => row[name] !== undefined && !heading.has(name));
  if (unknown !== undefined) throw new DataJointError(`Attribute \`${unknown}\` not found.`);
  const key = Object.fromEntries(heading.primaryKey.map((name) => [name, row[name]]));
  const changes = heading.secondaryAttributes.filter((name) => row[name] !== undefined);
  return { key, changes };
}

/**
 * Updates one existing row.
 * @throws DataJointError when the row is not an object, lacks a primary-key value, names
 *   an unknown attribute, matches no row, sets no secondary attribute, or a value does not
 *   fit its type.
 */
export async function updateRow(target: UpdateTarget, row: Readonly<Record<string, unknown>>): Promise<void> {
  const { heading } = target;
  const { key, changes } = checkedUpdate(heading, row);
  const rows = target.rowsOf(key);
  await rows.prepare();
  if ((await rows.count()) !== 1) throw new DataJointError('Update can only be applied to one existing entry.');
  if (changes.length === 0) {
    throw new DataJointError(
      `update1 on ${target.label} sets no secondary attribute: give at least one besides the primary key (${heading.primaryKey.join(', ')}), whose values name the row and cannot be changed.`,
    );
  }
  const assignments: SqlFragment[] = [];
  for (const name of changes) {
    const value = await encodeField(target, heading.get(name), row[name], row);
    const column = rows.connection.adapter.quoteIdentifier(name);
    assignments.push(value === SQL_DEFAULT ? { sql: `${column}=DEFAULT`, params: [] } : { sql: `${column}=?`, params: [value] });
  }
  const { restriction } = rows.state;
  // a singleton table's key is empty: its one row is the whole table
  const where = restriction.length ? concatSql(' WHERE (', joinSql(restriction, ') AND ('), ')') : '';
  const statement = concatSql(`UPDATE ${target.fullTableName} SET `, joinSql(assignments, ', '), where);
  await rows.connection.query(statement.sql, statement.params);
}
