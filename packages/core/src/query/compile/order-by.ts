/**
 * ORDER BY rendering: `KEY` stands for the primary key (`KEY DESC` for it in reverse), every
 * other item is `attribute [ASC|DESC]`, quoted as an identifier.
 */
import { DataJointError } from '../../errors';
import type { Adapter } from '../../dialects/adapter';

/** Expands `KEY` and validates `attr [ASC|DESC]` items. */
export function expandOrderBy(orderBy: readonly string[], primaryKey: readonly string[]): Array<[string, 'ASC' | 'DESC' | '']> {
  const items: Array<[string, 'ASC' | 'DESC' | '']> = [];
  for (const raw of orderBy) {
    const m = /^\s*(\S+?)\s*(?:\s(asc|desc))?\s*$/i.exec(raw);
    if (!m) throw new DataJointError(`Invalid orderBy item "${raw}": expected "attribute [ASC|DESC]" or "KEY".`);
    const direction = (m[2]?.toUpperCase() ?? '') as 'ASC' | 'DESC' | '';
    if (m[1] === 'KEY') {
      for (const k of primaryKey) items.push([k, direction === 'DESC' ? 'DESC' : '']);
    } else {
      items.push([m[1]!.replace(/^[`"]|[`"]$/g, ''), direction]);
    }
  }
  return items;
}

/** `a, b DESC` with quoted names, or `''` when there is nothing to order by. */
export function renderOrderBy(adapter: Adapter, orderBy: readonly string[], primaryKey: readonly string[]): string {
  return expandOrderBy(orderBy, primaryKey)
    .map(([name, direction]) => adapter.quoteIdentifier(name) + (direction ? ` ${direction}` : ''))
    .join(', ');
}
