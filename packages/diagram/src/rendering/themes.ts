/**
 * Colour themes and node structure of the diagram renderers, datajoint-python HEAD's
 * "modernized" style (#1532). Structure (shape, size) is theme-independent; a theme only
 * supplies colours, so one layout can be recoloured (see `adaptive-style.ts`).
 */
import type { Tier } from '@dj/core/internal';

/** What a node stands for: a table of a tier, a table outside the naming rules, or a collapsed schema. */
export type NodeKind = Tier | 'other' | 'collapsed';

/** Fill, stroke (border) and text colour of one kind of node. */
export interface NodeColors {
  readonly fill: string;
  readonly stroke: string;
  readonly text: string;
}

/** A colour theme. */
export interface DiagramTheme {
  /** Canvas colour, `null` to leave Graphviz's default (white). */
  readonly background: string | null;
  /** Node colours, in the order the adaptive style block lists them. */
  readonly palette: Readonly<Record<NodeKind, NodeColors>>;
  readonly edge: string;
  /** Renamed foreign keys: same alpha as `edge`, only the hue differs. */
  readonly edgeRenamed: string;
  /** Two hex digits appended to both edge colours. */
  readonly edgeAlpha: string;
  readonly schemaCluster: { readonly stroke: string; readonly label: string };
  /** Fill (and borderless stroke) of the box around a master and its parts. */
  readonly entityFill: string;
}

/** Names of the themes; `auto` renders light and adapts to the viewer's dark mode in SVG. */
export type ThemeName = 'light' | 'dark' | 'auto';

const colors = (fill: string, stroke: string, text: string): NodeColors => ({ fill, stroke, text });

/**
 * The two palettes. Every light colour maps to exactly one dark colour per attribute kind
 * (that is what lets the adaptive block override by attribute selector), which is why some
 * near-identical pairs differ by one step: Part text `#55585C` vs Lookup `#5A5C5F`, cluster
 * frame `#171D3A` vs edge `#171C39`.
 */
export const DIAGRAM_THEMES: Readonly<Record<'light' | 'dark', DiagramTheme>> = {
  light: {
    background: null,
    palette: {
      other: colors('#FFFDE7', '#C9BC5B', '#6B6420'),
      manual: colors('#E8F0E9', '#3E7A52', '#28513A'),
      lookup: colors('#F0F0F1', '#808285', '#5A5C5F'),
      computed: colors('#FFEDE5', '#FF5113', '#B23200'),
      imported: colors('#E0F4FC', '#00A0DF', '#00537A'),
      part: colors('#FFFFFF', '#B9BBBE', '#55585C'),
      collapsed: colors('#EDEEF0', '#808890', '#404040'),
    },
    edge: '#171C39',
    edgeRenamed: '#C77D3A',
    edgeAlpha: '9E',
    schemaCluster: { stroke: '#171D3A', label: '#171C39' },
    entityFill: '#F3F5F8',
  },
  dark: {
    background: '#161A21',
    palette: {
      other: colors('#3A3620', '#C9BC5B', '#EBE3A0'),
      manual: colors('#16281F', '#6BBF94', '#BCE6CF'),
      lookup: colors('#242832', '#9DA0A4', '#C9CFD9'),
      computed: colors('#331B12', '#FF7A47', '#FFC7AE'),
      imported: colors('#0F2433', '#33B8E8', '#BEE7F9'),
      part: colors('#1E232C', '#8F959D', '#C8CED8'),
      collapsed: colors('#242730', '#8890A0', '#C7CDD6'),
    },
    edge: '#AEB6C2',
    edgeRenamed: '#D68C4A',
    edgeAlpha: 'C0',
    schemaCluster: { stroke: '#606875', label: '#8A93A1' },
    entityFill: '#2A313D',
  },
};

/** The palette a theme name draws with: `auto` is drawn light (and adapted later, in SVG). */
export function themeColors(theme: ThemeName): DiagramTheme {
  return DIAGRAM_THEMES[theme === 'dark' ? 'dark' : 'light'];
}

/** Graphviz shape and size of one kind of node. */
export interface NodeStructure {
  readonly shape: 'box' | 'ellipse' | 'circle' | 'box3d';
  readonly fontsize: number;
  /** Minimum width and height, inches. */
  readonly size: number;
  readonly rounded: boolean;
}

/**
 * Python scales 8/10-point fonts and 0.1/0.4/0.5-inch boxes by 1.2; the products are
 * written out (12, 10, 0.48, 0.12, 0.6) to avoid float noise such as 0.12000000000000001.
 * Parts keep a small neutral box (not a tier shape) so each stays a clickable target.
 */
export const NODE_STRUCTURE: Readonly<Record<NodeKind, NodeStructure>> = {
  other: { shape: 'circle', fontsize: 10, size: 0.48, rounded: false },
  manual: { shape: 'box', fontsize: 12, size: 0.48, rounded: true },
  lookup: { shape: 'box', fontsize: 12, size: 0.48, rounded: true },
  computed: { shape: 'ellipse', fontsize: 12, size: 0.48, rounded: false },
  imported: { shape: 'ellipse', fontsize: 12, size: 0.48, rounded: false },
  part: { shape: 'box', fontsize: 10, size: 0.12, rounded: true },
  collapsed: { shape: 'box3d', fontsize: 12, size: 0.6, rounded: false },
};
