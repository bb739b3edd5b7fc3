/**
 * Dependency order with parts beside their masters (spec-pipeline DG-16, DG-17): a master
 * waits for the parents of its parts, and each part is placed right after its master when
 * that keeps every parent before its children.
 */
import type { DepGraph } from 'dependency-graph';

/** The master of a part table (by the `master__part` naming rule), if it is in the graph. */
export function masterOf(fullName: string, graph: { hasNode(name: string): boolean }): string | null {
  const m = /^([`"])(.+?)\1\.\1(#?[a-z_][a-z0-9_]*?)__[a-z][a-z0-9_]*\1$/.exec(fullName);
  if (!m) return null;
  const q = m[1]!;
  const master = `${q}${m[2]}${q}.${q}${m[3]}${q}`;
  return master !== fullName && graph.hasNode(master) ? master : null;
}

/** Tables in dependency order, parents first, parts right after their masters. */
export function topologicalOrder<T>(graph: DepGraph<T>): string[] {
  const order = orderWithMasters(graph);
  return placePartsAfterMasters(order, (name) => {
    const master = masterOf(name, graph);
    return master !== null && !dependsThroughMaster(graph, name, master) ? master : null;
  });
}

/**
 * Whether a part depends on a table that itself depends on the part's master (other than a
 * sibling part): master → stimulus → master__trial. Such a part must stay after that table,
 * so it cannot be moved up to its master. (DataJoint cannot declare this shape, since a part
 * is declared with its master, but a database made otherwise may have it.)
 */
function dependsThroughMaster<T>(graph: DepGraph<T>, part: string, master: string): boolean {
  return graph
    .dependenciesOf(part)
    .some((ancestor) => ancestor !== master && masterOf(ancestor, graph) !== master && graph.dependenciesOf(ancestor).includes(master));
}

/** Topological order in which a master also waits for the parents of its parts. */
function orderWithMasters<T>(graph: DepGraph<T>): string[] {
  const copy = graph.clone();
  for (const node of copy.overallOrder()) {
    const master = masterOf(node, copy);
    if (!master) continue;
    for (const parent of copy.directDependenciesOf(node)) {
      if (parent !== master && masterOf(parent, copy) !== master && !copy.dependenciesOf(parent).includes(master)) {
        copy.addDependency(master, parent);
      }
    }
  }
  return copy.overallOrder();
}

function placePartsAfterMasters(order: string[], masterOfNode: (name: string) => string | null): string[] {
  const result = [...order];
  const placed = new Set<string>();
  let position = result.length - 1;
  while (position > 0) {
    const part = result[position]!;
    const master = masterOfNode(part);
    if (!master || placed.has(part)) {
      position -= 1;
      continue;
    }
    placed.add(part);
    const insertAt = result.indexOf(master) + 1;
    if (position > insertAt) {
      result.splice(position, 1);
      result.splice(insertAt, 0, part);
    }
  }
  return result;
}
