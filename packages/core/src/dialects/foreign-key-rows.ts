import type { Row } from './driver';
import type { ForeignKeyInfo } from './introspector';

/**
 * Groups catalog rows (one per constrained column, in constraint order) into one
 * record per foreign-key constraint.
 */
export function groupForeignKeys(rows: readonly Row[]): ForeignKeyInfo[] {
  const byConstraint = new Map<string, ForeignKeyInfo & { columns: Array<{ child: string; parent: string }> }>();
  for (const r of rows) {
    const key = `${r.child_schema}\u0000${r.child_table}\u0000${r.name}`;
    let fk = byConstraint.get(key);
    if (!fk) {
      fk = {
        name: String(r.name),
        childSchema: String(r.child_schema),
        childTable: String(r.child_table),
        parentSchema: String(r.parent_schema),
        parentTable: String(r.parent_table),
        columns: [],
      };
      byConstraint.set(key, fk);
    }
    fk.columns.push({ child: String(r.child_column), parent: String(r.parent_column) });
  }
  return [...byConstraint.values()];
}

/** Groups `(s, t, c)` rows, ordered by key position, into one entry per table. */
export function groupKeyColumns(rows: readonly Row[]): Array<{ schema: string; table: string; columns: string[] }> {
  const byTable = new Map<string, { schema: string; table: string; columns: string[] }>();
  for (const r of rows) {
    const key = `${r.s}\u0000${r.t}`;
    if (!byTable.has(key)) byTable.set(key, { schema: String(r.s), table: String(r.t), columns: [] });
    byTable.get(key)!.columns.push(String(r.c));
  }
  return [...byTable.values()];
}
