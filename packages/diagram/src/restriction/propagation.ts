/**
 * Restriction propagation along foreign keys (spec-pipeline §3). Downward, from a parent
 * to a child: the parent's conditions are copied when the child's primary key holds every
 * attribute they use (and no column is renamed), otherwise the child is restricted to rows
 * referencing the parent's restricted keys. Upward, from a part to its master (for
 * `partIntegrity: 'cascade'`) and from a table to all its ancestors (traces), the same
 * rules in reverse.
 */
import { DataJointError, type Row } from '@dj/core';
import { preloadHeadings, restrictedTable, type DiagramState } from '../diagram-state';
import type { DependencyGraph, ForeignKeyEdge } from '../dependencies';
import { literalKeysCondition, mappedKeysCondition } from './key-conditions';
import type { RestrictionItem, Seed } from './seed';

/** What deletes do with part tables reached without their masters. */
export type PartIntegrity = 'enforce' | 'ignore' | 'cascade';

/** Checks a part-integrity option. */
export function checkPartIntegrity(value: unknown): PartIntegrity {
  if (value === 'enforce' || value === 'ignore' || value === 'cascade') return value;
  throw new DataJointError(`partIntegrity must be 'enforce', 'ignore', or 'cascade', got '${String(value)}'`);
}

/** Restrictions under construction. */
class Restrictions {
  readonly items = new Map<string, RestrictionItem[]>();
  readonly attributes = new Map<string, Set<string>>();

  constructor(from?: DiagramState) {
    if (!from) return;
    for (const [node, list] of from.restrictions) this.items.set(node, [...list]);
    for (const [node, set] of from.attributes) this.attributes.set(node, new Set(set));
  }

  has(node: string): boolean {
    return this.items.has(node);
  }

  add(node: string, items: readonly RestrictionItem[], attributes: Iterable<string>): void {
    const list = this.items.get(node);
    if (list) list.push(...items);
    else this.items.set(node, [...items]);
    const set = this.attributes.get(node) ?? new Set<string>();
    for (const a of attributes) set.add(a);
    this.attributes.set(node, set);
  }

  attributesOf(node: string): ReadonlySet<string> {
    return this.attributes.get(node) ?? new Set();
  }
}

function subset(items: ReadonlySet<string>, of: readonly string[]): boolean {
  if (items.size === 0) return false;
  for (const item of items) if (!of.includes(item)) return false;
  return true;
}

/** The restricted table of `node` under the restrictions so far, with its heading loaded. */
async function tableUnder(state: DiagramState, restrictions: Restrictions, node: string) {
  const table = restrictedTable({ ...state, restrictions: restrictions.items, attributes: restrictions.attributes }, node);
  await table.prepare();
  return table;
}

/**
 * Carries the parent's restriction over `edge` to its child (rules F1–F3). Copying the
 * conditions is synchronous (no promise per edge: most edges of a large cascade copy);
 * only a subquery on the parent needs its heading, awaited.
 */
function propagateDown(state: DiagramState, restrictions: Restrictions, edge: ForeignKeyEdge): Promise<void> | undefined {
  const childKey = state.graph.node(edge.child).primaryKey;
  const parentAttributes = restrictions.attributesOf(edge.parent);
  if (!edge.aliased && subset(parentAttributes, childKey)) {
    restrictions.add(edge.child, restrictions.items.get(edge.parent) ?? [], parentAttributes);
    return undefined;
  }
  return tableUnder(state, restrictions, edge.parent).then((parent) => {
    const childColumns = Object.keys(edge.attrMap);
    restrictions.add(edge.child, [mappedKeysCondition(parent, Object.values(edge.attrMap), childColumns)], childColumns);
  });
}

/** Carries the child's restriction over `edge` to its parent (rules U1–U3). */
async function propagateUp(state: DiagramState, restrictions: Restrictions, edge: ForeignKeyEdge): Promise<void> {
  const parentKey = state.graph.node(edge.parent).primaryKey;
  const childAttributes = restrictions.attributesOf(edge.child);
  if (!edge.aliased && subset(childAttributes, parentKey)) {
    restrictions.add(edge.parent, restrictions.items.get(edge.child) ?? [], childAttributes);
    return;
  }
  const child = await tableUnder(state, restrictions, edge.child);
  const parentColumns = Object.values(edge.attrMap);
  restrictions.add(edge.parent, [mappedKeysCondition(child, Object.keys(edge.attrMap), parentColumns)], parentColumns);
}

/** The shortest chain of foreign keys from `master` down to `part`, or null. */
function pathDown(graph: DependencyGraph, master: string, part: string): ForeignKeyEdge[] | null {
  const previous = new Map<string, ForeignKeyEdge>();
  const queue = [master];
  const seen = new Set([master]);
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === part) break;
    for (const edge of graph.childEdges(node)) {
      if (seen.has(edge.child)) continue;
      seen.add(edge.child);
      previous.set(edge.child, edge);
      queue.push(edge.child);
    }
  }
  if (!previous.has(part)) return null;
  const path: ForeignKeyEdge[] = [];
  for (let node = part; node !== master; node = previous.get(node)!.parent) path.unshift(previous.get(node)!);
  return path;
}

/**
 * Restricts a master by the restricted rows of its part, walking the foreign keys up from
 * the part (PI-3), then fixes the master's keys as literal values (PI-4): parts are deleted
 * before their master, so a live subquery on the part would find nothing by then.
 */
async function restrictMasterByPart(state: DiagramState, restrictions: Restrictions, part: string, master: string): Promise<boolean> {
  const path = pathDown(state.graph, master, part);
  if (!path) return false;
  for (const edge of [...path].reverse()) await propagateUp(state, restrictions, edge);
  const masterTable = await tableUnder(state, restrictions, master);
  const key = state.graph.node(master).primaryKey;
  const keys = await masterTable.keys();
  const base = await tableUnder(state, new Restrictions(), master);
  restrictions.items.set(master, [literalKeysCondition(base, base.heading, key, keys)]);
  return true;
}

function descendantsOf(graph: DependencyGraph, node: string): Set<string> {
  return new Set([node, ...graph.descendants(node)]);
}

/**
 * Propagates the seed's restriction to every descendant (CA-3, RS-2): tables in dependency
 * order, each foreign key once; with `partIntegrity: 'cascade'`, a restricted part
 * restricts its master too, which then restricts the master's other parts.
 */
async function propagate(state: DiagramState, restrictions: Restrictions, seed: string, partIntegrity: PartIntegrity): Promise<void> {
  const { graph } = state;
  const order = graph.topologicalOrder();
  const allowed = descendantsOf(graph, seed);
  const done = new Set<ForeignKeyEdge>();
  const walked = new Set<string>();
  const upward = state.mode === 'cascade' && partIntegrity === 'cascade';
  const walkToMaster = async (part: string): Promise<boolean> => {
    const master = graph.masterOf(part);
    if (!master || walked.has(`${part}\u0000${master}`)) return false;
    walked.add(`${part}\u0000${master}`);
    if (!(await restrictMasterByPart(state, restrictions, part, master))) return false;
    for (const n of descendantsOf(graph, master)) allowed.add(n);
    return true;
  };
  if (upward) await walkToMaster(seed);
  let again = true;
  while (again) {
    again = false;
    for (const node of order) {
      if (!restrictions.has(node) || !allowed.has(node)) continue;
      for (const edge of graph.childEdges(node)) {
        if (done.has(edge)) continue;
        done.add(edge);
        const isNew = !restrictions.has(edge.child);
        const pending = propagateDown(state, restrictions, edge);
        if (pending) await pending;
        if (isNew) again = true;
        if (upward && (await walkToMaster(edge.child))) again = true;
      }
    }
  }
}

/**
 * The cascade of `seed` (CA-2..CA-5): the seed and every table its restriction reaches,
 * OR-ing the paths, trimmed to those tables.
 */
export async function cascadeState(state: DiagramState, seed: Seed, partIntegrity: PartIntegrity): Promise<DiagramState> {
  const node = state.connection.adapter.fullTableName(seed.schema, seed.table);
  if (!state.graph.has(node)) throw new DataJointError(`Table ${node} is not in the diagram.`);
  const working: DiagramState = { ...state, mode: 'cascade' };
  await preloadHeadings(working, [node, ...descendantsOf(state.graph, node)]);
  const restrictions = new Restrictions();
  restrictions.add(node, await freezeIfSelfReferencing(working, seed, node), seed.attributes);
  await propagate(working, restrictions, node, partIntegrity);
  const kept = new Set(restrictions.items.keys());
  return {
    ...working,
    nodes: kept,
    shown: kept,
    expanded: new Set(kept),
    restrictions: restrictions.items,
    attributes: restrictions.attributes,
  };
}

/**
 * A seed condition that reads tables the cascade deletes from would see them half-deleted
 * (children go first): its keys are fetched before anything is deleted.
 */
async function freezeIfSelfReferencing(state: DiagramState, seed: Seed, node: string): Promise<readonly RestrictionItem[]> {
  const affected = descendantsOf(state.graph, node);
  const reads = seed.items.some((item) => item !== false && [...affected].some((name) => item.fragment.sql.includes(name)));
  if (!reads) return seed.items;
  const key = state.graph.node(node).primaryKey;
  const table = await tableUnder(state, new Restrictions(), node);
  const keys = await table.restrict(seed.items.length === 1 ? seed.items[0]! : [...seed.items], { semanticCheck: false }).keys();
  return [literalKeysCondition(table, table.heading, key, keys)];
}

/**
 * Restricts the parent of `edge` by the literal `rows` of its child: rows that are not in
 * the table yet (the key a `make()` computes), so that no query of the child could find
 * them. Only when every row gives every column of the foreign key.
 */
async function restrictParentByRows(state: DiagramState, restrictions: Restrictions, edge: ForeignKeyEdge, rows: readonly Row[]): Promise<boolean> {
  const parentKey = state.graph.node(edge.parent).primaryKey;
  const childAttributes = restrictions.attributesOf(edge.child);
  if (!edge.aliased && subset(childAttributes, parentKey)) return false; // the conditions carry over as they are
  const childColumns = Object.keys(edge.attrMap);
  if (!rows.every((row) => childColumns.every((c) => row[c] !== undefined && row[c] !== null))) return false;
  const parent = await tableUnder(state, new Restrictions(), edge.parent);
  const parentColumns = childColumns.map((c) => edge.attrMap[c]!);
  const keys = rows.map((row) => Object.fromEntries(childColumns.map((c, i) => [parentColumns[i]!, row[c]])));
  restrictions.add(edge.parent, [literalKeysCondition(parent, parent.heading, parentColumns, keys)], parentColumns);
  return true;
}

/**
 * The trace of `seed` (TR-1, Python `Diagram.trace`): the upstream mirror of a cascade.
 * Walking the tables from the seed up (children before parents), each foreign key once,
 * every ancestor is restricted to the rows the seed's rows reference through any path
 * (OR); the diagram is trimmed to the seed and its restricted ancestors. `pendingRows`
 * stand for the seed's rows when they are not in the table yet (inside `make()`).
 */
export async function traceState(state: DiagramState, seed: Seed, pendingRows?: readonly Row[]): Promise<DiagramState> {
  const { graph } = state;
  const node = state.connection.adapter.fullTableName(seed.schema, seed.table);
  if (!graph.has(node)) throw new DataJointError(`Table ${node} is not in the diagram.`);
  const working: DiagramState = { ...state, mode: 'trace' };
  const allowed = new Set([node, ...graph.ancestors(node)]);
  await preloadHeadings(working, allowed);
  const restrictions = new Restrictions();
  restrictions.add(node, seed.items, seed.attributes);
  const order = [...graph.topologicalOrder()].reverse();
  const done = new Set<ForeignKeyEdge>();
  let again = true;
  while (again) {
    again = false;
    for (const child of order) {
      if (!restrictions.has(child) || !allowed.has(child)) continue;
      for (const edge of graph.parentEdges(child)) {
        if (done.has(edge) || !allowed.has(edge.parent)) continue;
        done.add(edge);
        const isNew = !restrictions.has(edge.parent);
        if (child !== node || !pendingRows || !(await restrictParentByRows(working, restrictions, edge, pendingRows))) {
          await propagateUp(working, restrictions, edge);
        }
        if (isNew) again = true;
      }
    }
  }
  const kept = new Set(restrictions.items.keys());
  return { ...working, nodes: kept, shown: kept, expanded: new Set(kept), restrictions: restrictions.items, attributes: restrictions.attributes };
}

/** The state restricted by `seed` as well (RS-2): AND-ed with earlier restrictions, the whole graph kept. */
export async function restrictState(state: DiagramState, seed: Seed): Promise<DiagramState> {
  const node = state.connection.adapter.fullTableName(seed.schema, seed.table);
  if (!state.nodes.has(node)) throw new DataJointError(`Table ${node} is not in the diagram.`);
  const working: DiagramState = { ...state, mode: 'restrict' };
  await preloadHeadings(working, state.nodes);
  const restrictions = new Restrictions(state);
  restrictions.add(node, seed.items, seed.attributes);
  await propagate(working, restrictions, node, 'ignore');
  return { ...working, restrictions: restrictions.items, attributes: restrictions.attributes };
}
