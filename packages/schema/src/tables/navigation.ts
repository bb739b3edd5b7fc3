/**
 * A table's neighbours in the foreign-key graph (datajoint-python's `parents`, `children`,
 * `ancestors`, `descendants`, `parts`), read from the catalog of the schemas activated on
 * the connection and of every schema related to the table's, upstream and downstream.
 */
import { splitPartTableName } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import { DependencyGraph, type ForeignKeyEdge } from '@dj/diagram/internal';

/** Options of `parents()` and `children()`. */
export interface NeighbourOptions {
  /**
   * `true`: only foreign keys made of primary-key attributes of the child; `false`: only
   * those with at least one secondary attribute; unset: all.
   */
  primary?: boolean;
  /** Give tables (`FreeTable`s) instead of full table names. */
  asObjects?: boolean;
  /** Give `[table, foreignKey]` pairs: the constraint, its attribute map and kind. */
  foreignKeyInfo?: boolean;
}

/** Options of `ancestors()`, `descendants()` and `parts()`. */
export interface RelativesOptions {
  /** Give tables (`FreeTable`s) instead of full table names. */
  asObjects?: boolean;
}

/** A table, or its full name, by options. */
type TableOrName<O extends RelativesOptions, T> = O extends { asObjects: true } ? T : string;

/** What a neighbour list holds, by options. */
export type Neighbours<O extends NeighbourOptions, T> = O extends { foreignKeyInfo: true } ? Array<[TableOrName<O, T>, ForeignKeyEdge]> : Array<TableOrName<O, T>>;

/** What a relatives list holds, by options. */
export type Relatives<O extends RelativesOptions, T> = Array<TableOrName<O, T>>;

/** The table whose neighbours are asked for. */
export interface NavigationTarget<T> {
  readonly connection: Connection;
  readonly schemaName: string;
  readonly tableName: string;
  readonly fullTableName: string;
  /** The table object of a full table name (for `asObjects`). */
  tableNamed(fullName: string): T;
}

async function graphAround(target: NavigationTarget<unknown>): Promise<DependencyGraph> {
  const schemas = [...new Set([...target.connection.schemas, target.schemaName])].sort();
  return DependencyGraph.load(target.connection, schemas, { downstream: true, upstream: true, foreignSchemas: 'ignore' });
}

function tableOrName<T>(target: NavigationTarget<T>, fullName: string, asObjects: boolean | undefined): T | string {
  return asObjects ? target.tableNamed(fullName) : fullName;
}

/**
 * Parents (`direction: 'parents'`) or children of the table: one entry per foreign key,
 * so a table referenced twice (under two renames) appears twice.
 */
export async function neighbours<O extends NeighbourOptions, T>(target: NavigationTarget<T>, direction: 'parents' | 'children', options: O): Promise<Neighbours<O, T>> {
  const graph = await graphAround(target);
  const edges = direction === 'parents' ? graph.parentEdges(target.fullTableName) : graph.childEdges(target.fullTableName);
  const result = edges
    .filter((edge) => options.primary === undefined || edge.primary === options.primary)
    .map((edge) => {
      const table = tableOrName(target, direction === 'parents' ? edge.parent : edge.child, options.asObjects);
      return options.foreignKeyInfo ? [table, edge] : table;
    });
  return result as Neighbours<O, T>;
}

/**
 * The table and everything that depends on it (`descendants`: the table first, then
 * dependents in topological order) or that it depends on (`ancestors`: the table first,
 * then its ancestors, children before their parents), as datajoint-python orders them.
 */
export async function relatives<O extends RelativesOptions, T>(target: NavigationTarget<T>, direction: 'ancestors' | 'descendants', options: O): Promise<Relatives<O, T>> {
  const graph = await graphAround(target);
  const self = target.fullTableName;
  if (!graph.has(self)) return [tableOrName(target, self, options.asObjects)] as Relatives<O, T>;
  const members = new Set(direction === 'descendants' ? graph.descendants(self) : graph.ancestors(self));
  const ordered = graph.topologicalOrder().filter((name) => members.has(name));
  const names = direction === 'descendants' ? [self, ...ordered] : [self, ...ordered.reverse()];
  return names.map((name) => tableOrName(target, name, options.asObjects)) as Relatives<O, T>;
}

/** The part tables of a master, in dependency order. */
export async function partsOf<O extends RelativesOptions, T>(target: NavigationTarget<T>, options: O): Promise<Relatives<O, T>> {
  const graph = await graphAround(target);
  const names = graph.topologicalOrder().filter((name) => {
    const node = graph.node(name);
    return node.schema === target.schemaName && splitPartTableName(node.table)?.master === target.tableName;
  });
  return names.map((name) => tableOrName(target, name, options.asObjects)) as Relatives<O, T>;
}
