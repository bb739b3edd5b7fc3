/**
 * The drawing-ready graph shared by the DOT, SVG and Mermaid writers: nodes already named,
 * labelled and collapsed, edges already merged, so the writers only decide appearance.
 */
import type { Tier } from '@dj/core/internal';
import type { ThemeName } from './themes';

/** A table drawn as its own node. */
export interface TableRenderNode {
  /**
   * Unique node name: the class name (`Session`, `Session.Trial`), qualified by its schema
   * (`lab.Session`) when that class name occurs in several schemas, or the quoted full table
   * name for tables outside the naming rules.
   */
  readonly id: string;
  readonly kind: Tier | 'other';
  readonly schema: string;
  /** Backend-quoted full table name. */
  readonly fullName: string;
  /** Text drawn in the node (a part whose master is drawn shows only its own name). */
  readonly label: string;
  /** The table adds a primary-key attribute of its own (drawn underlined). */
  readonly introducesDimension: boolean;
  /** Node id of the master, for a part whose master is drawn as its own node. */
  readonly master: string | null;
  /** Hover text, from the table definition when known. */
  readonly tooltip: string | null;
}

/** The tables of one schema that are shown but not expanded, drawn as one node. */
export interface CollapsedRenderNode {
  /** The schema name (suffixed ` (schema)` only if a table node already has that name). */
  readonly id: string;
  readonly kind: 'collapsed';
  readonly schema: string;
  /** `(N tables)` or `(1 table)`. */
  readonly label: string;
  readonly tableCount: number;
  readonly tooltip: string;
}

export type RenderNode = TableRenderNode | CollapsedRenderNode;

/** An edge between two nodes, pointing from parent to child. */
export interface RenderEdge {
  readonly parent: string;
  readonly child: string;
  /**
   * Both ends are collapsed nodes: the edge stands for every foreign key between two sets of
   * tables, so it claims none of the per-key properties below (they are all false).
   */
  readonly bundle: boolean;
  readonly primary: boolean;
  readonly multi: boolean;
  readonly aliased: boolean;
  /** Referencing column → referenced column (of the first foreign key, for merged edges). */
  readonly attrMap: Readonly<Record<string, string>>;
}

/** A schema's box. */
export interface RenderCluster {
  readonly schema: string;
  readonly label: string;
}

/** Input of the writers, made by `prepareRenderModel`. */
export interface RenderModel {
  /** In drawing order (the order of the input tables, a collapsed node at its first table). */
  readonly nodes: readonly RenderNode[];
  /** Grouped by parent in node order, as networkx lists a graph's edges. */
  readonly edges: readonly RenderEdge[];
  /** Schemas with at least one node, in node order. */
  readonly clusters: readonly RenderCluster[];
  readonly direction: 'TB' | 'LR';
  readonly theme: ThemeName;
}
