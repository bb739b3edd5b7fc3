/**
 * What a diagram resolves to: the dependency graph, the tables shown (and which are
 * expanded), and, after `cascade` or `restrict`, the restriction of every affected table.
 */
import type { Connection } from '@dj/core';
import { AndList, preloadTableHeadings, TableExpression } from '@dj/core/internal';
import { type QueryExpression } from '@dj/core';
import type { DependencyGraph } from './dependencies';
import type { RestrictionItem } from './restriction/seed';

/**
 * `none` before any restriction; `cascade` (OR of paths, for deletes); `restrict` (AND, for
 * subsets); `trace` (OR of paths, upstream: the ancestors' rows a restricted table depends on).
 */
export type DiagramMode = 'none' | 'cascade' | 'restrict' | 'trace';

export interface DiagramState {
  readonly connection: Connection;
  readonly graph: DependencyGraph;
  /** Tables the diagram holds (a cascade keeps only the affected ones). */
  readonly nodes: ReadonlySet<string>;
  /** Tables shown. */
  readonly shown: ReadonlySet<string>;
  /** Shown tables drawn on their own rather than inside their collapsed schema. */
  readonly expanded: ReadonlySet<string>;
  readonly mode: DiagramMode;
  /**
   * Restriction items per table: alternatives (OR) in a cascade, conditions that must all
   * hold (AND) in a restriction. A table with an empty list is restricted to all its rows.
   */
  readonly restrictions: ReadonlyMap<string, readonly RestrictionItem[]>;
  /** Attributes each table's restriction refers to. */
  readonly attributes: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A state showing `shown` of the whole graph, without restrictions. */
export function initialState(connection: Connection, graph: DependencyGraph, shown: Iterable<string>): DiagramState {
  const nodes = new Set(graph.nodes);
  const visible = new Set([...shown].filter((n) => nodes.has(n)));
  return { connection, graph, nodes, shown: visible, expanded: new Set(visible), mode: 'none', restrictions: new Map(), attributes: new Map() };
}

/** The table `node`, restricted as the state says. Its heading is loaded on first use. */
export function restrictedTable(state: DiagramState, node: string): QueryExpression {
  const { schema, table } = state.graph.node(node);
  const base = new TableExpression(state.connection, schema, table);
  const items = state.restrictions.get(node);
  if (!items || items.length === 0) return base;
  // conditions come from foreign keys, which say exactly which columns match
  const options = { semanticCheck: false };
  return state.mode === 'restrict' ? base.restrict(new AndList(items), options) : base.restrict([...items], options);
}

/** Shown tables in dependency order (parents first, parts after their masters). */
export function shownInOrder(state: DiagramState): string[] {
  return state.graph.topologicalOrder().filter((n) => state.shown.has(n));
}

/** How many statements a diagram runs at once: as many as the connection has sessions. */
export function poolSize(state: DiagramState): number {
  return state.connection.config.connection.pool_size;
}

/**
 * Loads the headings of `nodes` into the connection's cache: one catalog read per view for
 * all of them, as a cascade over many tables would otherwise wait for several catalog
 * queries per table.
 */
export async function preloadHeadings(state: DiagramState, nodes: Iterable<string>): Promise<void> {
  await preloadTableHeadings(state.connection, [...nodes].map((node) => state.graph.node(node)));
}
