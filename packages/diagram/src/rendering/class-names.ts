/**
 * Node names of shown tables. datajoint-python names nodes by the classes it finds in a
 * context; TypeScript has no such namespace, so the class name is derived from the table
 * name, which DataJoint formed from that very class name.
 */
import { DataJointError } from '@dj/core';
import { splitPartTableName, tierOfTableName, toCamelCase } from '@dj/core/internal';

/**
 * The class name a table name stands for: `#species` → `Species`, `__session_summary` →
 * `SessionSummary`, `session__trial` → `Session.Trial`.
 * @param table Table name with its tier prefix.
 * @returns The class name, or `null` for names outside DataJoint's naming rules.
 */
export function classNameOfTable(table: string): string | null {
  const tier = tierOfTableName(table);
  if (tier === null) return null;
  if (tier === 'part') {
    const { master, part } = splitPartTableName(table)!;
    return `${toCamelCase(master)}.${toCamelCase(part)}`;
  }
  return toCamelCase(table);
}

/** What {@link nodeNames} needs of a table. */
export interface NamedTable {
  readonly fullName: string;
  readonly schema: string;
  readonly table: string;
}

/**
 * Unique node names for tables: the class name; `schema.Class` where one class name occurs in
 * several schemas (Python's `module.Class` form, whose prefix the drawn label drops); the full
 * table name where even that does not separate them (`#session` and `session` in one schema)
 * or no class name fits, as Python falls back to the table name for unresolved classes.
 * @returns Full table name → node name.
 * @throws DataJointError "Some classes have identical names…" if names still collide.
 */
export function nodeNames(tables: readonly NamedTable[]): Map<string, string> {
  const base = new Map(tables.map((t) => [t.fullName, classNameOfTable(t.table)]));
  const schemasOf = new Map<string, Set<string>>();
  for (const t of tables) {
    const name = base.get(t.fullName);
    if (name == null) continue;
    const schemas = schemasOf.get(name) ?? new Set<string>();
    schemas.add(t.schema);
    schemasOf.set(name, schemas);
  }
  const qualified = new Map<string, string | null>();
  for (const t of tables) {
    const name = base.get(t.fullName) ?? null;
    qualified.set(t.fullName, name !== null && schemasOf.get(name)!.size > 1 ? `${t.schema}.${name}` : name);
  }
  const count = new Map<string, number>();
  for (const name of qualified.values()) if (name !== null) count.set(name, (count.get(name) ?? 0) + 1);
  const result = new Map<string, string>();
  for (const t of tables) {
    const name = qualified.get(t.fullName) ?? null;
    result.set(t.fullName, name !== null && count.get(name) === 1 ? name : t.fullName);
  }
  if (new Set(result.values()).size < result.size) {
    throw new DataJointError('Some classes have identical names. The Diagram cannot be plotted.');
  }
  return result;
}
