/** Grouping catalog rows that carry their table (`s` schema, `t` table) into one entry per table. */
import type { Row } from './driver';
import type { IndexInfo, TableEntries } from './introspector';

/** Rows (ordered within each table) → one entry per table, first-seen order. */
export function groupByTable<T>(rows: readonly Row[], entry: (row: Row) => T): Array<TableEntries<T>> {
  const byTable = new Map<string, TableEntries<T>>();
  for (const r of rows) {
    const key = `${r.s}\u0000${r.t}`;
    let group = byTable.get(key);
    if (!group) {
      group = { schema: String(r.s), table: String(r.t), entries: [] };
      byTable.set(key, group);
    }
    group.entries.push(entry(r));
  }
  return [...byTable.values()];
}

/**
 * Index rows (`name`, `unique`, `col`; ordered by table, index name and position) → the
 * indexes of each table.
 */
export function groupIndexes(rows: readonly Row[]): Array<TableEntries<IndexInfo>> {
  return groupByTable(rows, (r) => r).map(({ schema, table, entries }) => {
    const byName = new Map<string, { name: string; unique: boolean; columns: Array<string | null> }>();
    for (const r of entries) {
      const name = String(r.name);
      if (!byName.has(name)) byName.set(name, { name, unique: Boolean(r.is_unique), columns: [] });
      byName.get(name)!.columns.push(r.col === null || r.col === undefined ? null : String(r.col));
    }
    return { schema, table, entries: [...byName.values()] };
  });
}
