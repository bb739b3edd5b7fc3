/**
 * Dropping tables with everything that depends on them (spec-pipeline §5): the dependents
 * are found on the dependency graph and dropped first, leaves first, after one question.
 */
import { clearHeadingCache } from '@dj/core/internal';
import { DataJointError, type Connection, type QueryLike } from '@dj/core';
import { Diagram, type DiagramNode, type SchemaLike } from '@dj/diagram';
import { dropTableQuick } from '../declare/drop-table';
import { confirmDestructive } from '../interaction/confirm';
import { forgetTable } from '../tables/table-binding';

/** Options of `drop()`. */
export interface DropOptions {
  /** Ask first: `true`, `false`, or by default the connection's `safemode`. */
  prompt?: boolean;
  /**
   * `'enforce'` (default) refuses to drop a part table without its master; `'ignore'`
   * allows it.
   */
  partIntegrity?: 'enforce' | 'ignore';
}

/** Checks the part-integrity option of a drop. */
export function dropPartIntegrity(value: unknown): 'enforce' | 'ignore' {
  if (value === undefined || value === 'enforce' || value === 'ignore') return value ?? 'enforce';
  throw new DataJointError(`partIntegrity must be 'enforce' or 'ignore' for drop ('cascade' applies to delete only), got '${String(value)}'`);
}

/** Drops `nodes` (in dependency order) leaves first, and forgets what classes knew of them. */
export async function dropTables(connection: Connection, nodes: readonly DiagramNode[]): Promise<void> {
  for (const node of [...nodes].reverse()) {
    await dropTableQuick(connection, node.schema, node.table);
    forgetTable(connection, node.fullName);
  }
  clearHeadingCache(connection);
}

/** The tables of `nodes`, one per line, for questions. */
export function tableList(nodes: readonly DiagramNode[]): string {
  return nodes.map((n) => `  ${n.fullName}`).join('\n');
}

/**
 * Drops `table` and every table that depends on it (dependents first), after asking.
 * Resolves to whether they were dropped.
 * @throws DataJointError for a part table whose master is not dropped (`'enforce'`).
 */
export async function dropTableAndDependents(connection: Connection, table: QueryLike, options: DropOptions): Promise<boolean> {
  const partIntegrity = dropPartIntegrity(options.partIntegrity);
  const nodes = await new Diagram(table).cascade(table, { partIntegrity: 'ignore' }).nodes();
  if (partIntegrity === 'enforce') {
    const names = new Set(nodes.map((n) => n.fullName));
    const orphan = nodes.find((n) => n.master !== null && !names.has(n.master));
    if (orphan) throw new DataJointError(`Attempt to drop part table ${orphan.fullName} before its master ${orphan.master}. Drop the master first.`);
  }
  if (!(await confirmDestructive(connection.config, `Drop these tables (dependents first)?\n${tableList(nodes)}\nProceed?`, options.prompt, 'Drop'))) {
    return false;
  }
  await dropTables(connection, nodes);
  return true;
}

/** Tables of other schemas that depend on tables of `schema`, in dependency order. */
export async function dependentsOutside(connection: Connection, schema: SchemaLike): Promise<DiagramNode[]> {
  if ((await connection.introspector.referencingSchemas(connection, [schema.name])).length === 0) return [];
  const nodes = await new Diagram(schema).downstream(Number.MAX_SAFE_INTEGER).nodes();
  return nodes.filter((n) => n.schema !== schema.name);
}
