/**
 * Turns a diagram's tables and foreign keys into the graph that is drawn (RD-1..RD-4 of the
 * pipeline spec, datajoint-python's `_make_graph` and `_apply_collapse`).
 */
import { splitPartTableName } from '@dj/core/internal';
import { nodeNames } from './class-names';
import { definitionTooltip } from './definition-tooltip';
import type { RenderForeignKey, RenderInput, RenderTable } from './render-input';
import type { CollapsedRenderNode, RenderCluster, RenderEdge, RenderModel, RenderNode } from './render-model';

/**
 * Prepares a diagram for drawing: names nodes by class, marks tables that introduce a
 * dimension, collapses the tables that are shown but not expanded into one node per schema,
 * and merges the edges touching collapsed nodes (one per node pair; an edge between two
 * collapsed nodes becomes a uniform bundle). Self-loops are dropped.
 * @param input Shown tables, their foreign keys and the display settings. Foreign keys from
 *   tables that are not shown are not drawn but still count for "introduces a dimension".
 * @throws DataJointError "Some classes have identical names…" if node names collide.
 */
export function prepareRenderModel(input: RenderInput): RenderModel {
  const tables = uniqueTables(input.tables);
  const byFullName = new Map(tables.map((t) => [t.fullName, t]));
  const names = nodeNames(tables);
  const inherited = primaryForeignColumns(input.foreignKeys);

  // Which node each shown table is drawn in: its own, or its schema's collapsed node.
  const nodeOf = new Map<string, string>();
  const collapsedCount = new Map<string, number>();
  for (const t of tables) if (!t.expanded) collapsedCount.set(t.schema, (collapsedCount.get(t.schema) ?? 0) + 1);
  const tableIds = new Set(tables.filter((t) => t.expanded).map((t) => names.get(t.fullName)!));
  const collapsedIds = new Map<string, string>();
  for (const t of tables) {
    if (t.expanded) {
      nodeOf.set(t.fullName, names.get(t.fullName)!);
    } else {
      // A schema name equal to a class name would merge two nodes in DOT; keep them apart.
      const id = collapsedIds.get(t.schema) ?? (tableIds.has(t.schema) ? `${t.schema} (schema)` : t.schema);
      collapsedIds.set(t.schema, id);
      nodeOf.set(t.fullName, id);
    }
  }

  // Nodes in input order, a collapsed node where its schema's first table was.
  const nodes: RenderNode[] = [];
  const placed = new Set<string>();
  for (const t of tables) {
    const id = nodeOf.get(t.fullName)!;
    if (placed.has(id)) continue;
    placed.add(id);
    if (!t.expanded) {
      nodes.push(collapsedNode(id, t.schema, collapsedCount.get(t.schema)!));
      continue;
    }
    const masterFullName = masterOf(t, tables);
    const master = masterFullName !== null && byFullName.get(masterFullName)?.expanded ? names.get(masterFullName)! : null;
    nodes.push({
      id,
      kind: t.tier ?? 'other',
      schema: t.schema,
      fullName: t.fullName,
      label: displayName(id, t.schema, master !== null),
      introducesDimension: introducesDimension(t, inherited.get(t.fullName)),
      master,
      tooltip: t.definition === undefined ? null : definitionTooltip(t.definition),
    });
  }

  const edges = mergeEdges(input.foreignKeys, tables, nodeOf, new Set(collapsedIds.values()));
  return {
    nodes,
    edges: adjacencyOrder(edges, nodes.map((n) => n.id)),
    clusters: clustersOf(nodes),
    direction: input.direction,
    theme: input.theme,
  };
}

/**
 * Drops repeated tables (a node may come twice when diagrams are added); a table listed both
 * expanded and collapsed is expanded, the diagram's "expanded wins" rule (DI-5).
 */
function uniqueTables(tables: readonly RenderTable[]): RenderTable[] {
  const seen = new Map<string, RenderTable>();
  for (const t of tables) {
    const earlier = seen.get(t.fullName);
    if (earlier === undefined || (t.expanded && !earlier.expanded)) seen.set(t.fullName, earlier === undefined ? t : { ...earlier, expanded: true });
  }
  return [...seen.values()];
}

/** Child full name → columns it inherits through primary foreign keys. */
function primaryForeignColumns(foreignKeys: readonly RenderForeignKey[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const fk of foreignKeys) {
    if (!fk.primary) continue;
    const columns = result.get(fk.child) ?? new Set<string>();
    for (const column of Object.keys(fk.attrMap)) columns.add(column);
    result.set(fk.child, columns);
  }
  return result;
}

/** RD-1: the inherited primary-key columns are a proper subset of the primary key. */
function introducesDimension(table: RenderTable, inherited: ReadonlySet<string> | undefined): boolean {
  const key = new Set(table.primaryKey);
  const columns = inherited ?? new Set<string>();
  return [...columns].every((c) => key.has(c)) && columns.size < key.size;
}

/** The master's full name of a part table: as given, else its master-named table in the same schema. */
function masterOf(table: RenderTable, tables: readonly RenderTable[]): string | null {
  if (table.tier !== 'part') return null;
  if (table.master !== null) return table.master;
  const split = splitPartTableName(table.table);
  return tables.find((t) => t.schema === table.schema && t.table === split?.master)?.fullName ?? null;
}

/**
 * RD-11 labels: a part inside its master's entity box shows only its own name (the box says
 * whose part it is); other names lose the schema qualifier the cluster already shows.
 */
function displayName(id: string, schema: string, inEntity: boolean): string {
  if (inEntity) return id.slice(id.lastIndexOf('.') + 1);
  return id.startsWith(`${schema}.`) ? id.slice(schema.length + 1) : id;
}

function collapsedNode(id: string, schema: string, tableCount: number): CollapsedRenderNode {
  return {
    id,
    kind: 'collapsed',
    schema,
    label: tableCount === 1 ? '(1 table)' : `(${tableCount} tables)`,
    tableCount,
    // Python says "tables" even for one; kept so tooltips match across the two ports.
    tooltip: `Collapsed schema: ${tableCount} tables`,
  };
}

/**
 * RD-4 edges: foreign keys between shown tables, mapped onto nodes. Edges touching a collapsed
 * node are merged to one per node pair; between two collapsed nodes the edge is a bundle.
 */
function mergeEdges(
  foreignKeys: readonly RenderForeignKey[],
  tables: readonly RenderTable[],
  nodeOf: ReadonlyMap<string, string>,
  collapsed: ReadonlySet<string>,
): RenderEdge[] {
  const drawn = foreignKeys.filter((fk) => nodeOf.has(fk.parent) && nodeOf.has(fk.child));
  // Python keeps the first foreign key it meets per merged pair, walking edges parent by parent.
  const ordered = adjacencyOrder(drawn, tables.map((t) => t.fullName));
  const result: RenderEdge[] = [];
  const mergedPairs = new Set<string>();
  for (const fk of ordered) {
    const parent = nodeOf.get(fk.parent)!;
    const child = nodeOf.get(fk.child)!;
    if (parent === child) continue;
    const parentCollapsed = collapsed.has(parent);
    const childCollapsed = collapsed.has(child);
    if (!parentCollapsed && !childCollapsed) {
      result.push({ parent, child, bundle: false, primary: fk.primary, multi: fk.multi, aliased: fk.aliased, attrMap: fk.attrMap });
      continue;
    }
    const pair = JSON.stringify([parent, child]);
    if (mergedPairs.has(pair)) continue;
    mergedPairs.add(pair);
    if (parentCollapsed && childCollapsed) {
      result.push({ parent, child, bundle: true, primary: false, multi: false, aliased: false, attrMap: fk.attrMap });
    } else {
      result.push({ parent, child, bundle: false, primary: fk.primary, multi: fk.multi, aliased: fk.aliased, attrMap: fk.attrMap });
    }
  }
  return result;
}

/**
 * Orders edges as networkx iterates a multigraph: by parent in node order, then by child in
 * the order that pair first appeared, keeping parallel edges in input order.
 */
function adjacencyOrder<E extends { readonly parent: string; readonly child: string }>(edges: readonly E[], nodeOrder: readonly string[]): E[] {
  const byParent = new Map<string, Map<string, E[]>>();
  for (const edge of edges) {
    const children = byParent.get(edge.parent) ?? new Map<string, E[]>();
    byParent.set(edge.parent, children);
    const list = children.get(edge.child) ?? [];
    children.set(edge.child, list);
    list.push(edge);
  }
  const result: E[] = [];
  for (const node of new Set(nodeOrder)) {
    for (const list of byParent.get(node)?.values() ?? []) result.push(...list);
  }
  return result;
}

/** One cluster per schema with nodes, labelled by the schema name (TS has no module names). */
function clustersOf(nodes: readonly RenderNode[]): RenderCluster[] {
  const schemas = [...new Set(nodes.map((n) => n.schema))];
  return schemas.map((schema) => ({ schema, label: schema }));
}
