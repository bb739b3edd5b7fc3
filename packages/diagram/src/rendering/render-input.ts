/**
 * What rendering needs from a diagram: the tables shown (with whether each is expanded or
 * collapsed into its schema), the foreign keys between them, and the display settings.
 */
import type { Tier } from '@dj/core/internal';

/** A table shown in a diagram. */
export interface RenderTable {
  /** Backend-quoted full name: `` `lab`.`session` `` or `"lab"."session"`. */
  readonly fullName: string;
  readonly schema: string;
  /** Table name with its tier prefix (`#species`, `session__trial`). */
  readonly table: string;
  /** Tier by the table-name rules, `null` for names outside them. */
  readonly tier: Tier | null;
  /** Full name of the master, for part tables whose master is in the graph. */
  readonly master: string | null;
  readonly primaryKey: readonly string[];
  /** Shown on its own (true), or drawn as part of its collapsed schema (false). */
  readonly expanded: boolean;
  /** The table's definition (`describe()`), for tooltips, when known. */
  readonly definition?: string;
}

/**
 * A foreign key into a shown table. Only those between two shown tables are drawn; one from
 * a table that is not shown still counts for whether its child introduces a dimension (RD-1),
 * so passing every foreign key into the shown tables draws underlines as Python does.
 */
export interface RenderForeignKey {
  readonly parent: string;
  readonly child: string;
  /** Referencing column → referenced column. */
  readonly attrMap: Readonly<Record<string, string>>;
  /** The referencing columns are all in the child's primary key. */
  readonly primary: boolean;
  /** The referencing columns are not exactly the child's primary key (not one-to-one). */
  readonly multi: boolean;
  /** Some referencing column is renamed. */
  readonly aliased: boolean;
}

/** Input of the renderers. */
export interface RenderInput {
  readonly tables: readonly RenderTable[];
  readonly foreignKeys: readonly RenderForeignKey[];
  /** `display.diagram_direction`. */
  readonly direction: 'TB' | 'LR';
  /** `display.diagram_theme`. */
  readonly theme: 'light' | 'dark' | 'auto';
}
