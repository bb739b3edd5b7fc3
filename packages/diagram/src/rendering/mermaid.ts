/**
 * Mermaid flowchart of a prepared diagram (RD-15), for Markdown hosts such as GitHub. It
 * speaks the Graphviz renderer's notation: light palette, thickness for cardinality, amber
 * for renamed foreign keys, masters nested with their parts. Mermaid cannot place the schema
 * label top-right, set the font or underline, so those are left out; dark mode is the host's.
 */
import type { RenderModel, RenderNode } from './render-model';
import { DIAGRAM_THEMES, type NodeKind } from './themes';

/** Mermaid class per node kind, in the order the class definitions are written. */
const CLASS_OF: ReadonlyArray<readonly [NodeKind, string]> = [
  ['manual', 'manual'],
  ['lookup', 'lookup'],
  ['computed', 'computed'],
  ['imported', 'imported'],
  ['part', 'part'],
  ['other', 'other'],
  ['collapsed', 'collapsed'],
];

/** Node brackets: boxes for Manual, Lookup and Part, stadiums for computed data, circles otherwise. */
const SHAPE_OF: Readonly<Record<Exclude<NodeKind, 'collapsed'>, readonly [string, string]>> = {
  manual: ['[', ']'],
  lookup: ['[', ']'],
  part: ['[', ']'],
  computed: ['([', '])'],
  imported: ['([', '])'],
  other: ['((', '))'],
};

/**
 * Writes a diagram as a Mermaid flowchart: class definitions, one subgraph per schema with an
 * `entity_` subgraph per master drawn with parts, then `-->` edges styled by `linkStyle`.
 * @param model The prepared diagram (its theme is ignored: Mermaid always gets the light palette).
 */
export function toMermaid(model: RenderModel): string {
  const light = DIAGRAM_THEMES.light;
  const lines = [`flowchart ${model.direction}`, ''];
  for (const [kind, name] of CLASS_OF) {
    const { fill, stroke, text } = light.palette[kind];
    lines.push(`    classDef ${name} fill:${fill},stroke:${stroke},color:${text}`);
  }
  lines.push('');

  for (const cluster of model.clusters) {
    const members = model.nodes.filter((n) => n.schema === cluster.schema);
    lines.push(`    subgraph ${safeId(cluster.schema)}["${quotedText(cluster.label)}"]`);
    const written = new Set<string>();
    for (const master of members) {
      const parts = model.nodes.filter((n) => n.kind !== 'collapsed' && n.master === master.id);
      if (parts.length === 0) continue;
      lines.push(`        subgraph entity_${safeId(master.id)}[" "]`);
      for (const node of [master, ...parts]) {
        lines.push(nodeLine(node, '            '));
        written.add(node.id);
      }
      lines.push('        end');
    }
    for (const node of members) if (!written.has(node.id)) lines.push(nodeLine(node, '        '));
    lines.push('    end');
  }
  lines.push('');

  // Mermaid styles links by their position, so styles follow the edges in the same order.
  const linkStyles: string[] = [];
  model.edges.forEach((edge, index) => {
    lines.push(`    ${safeId(edge.parent)} --> ${safeId(edge.child)}`);
    const color = !edge.bundle && edge.aliased ? light.edgeRenamed : light.edge;
    const width = !edge.bundle && edge.multi ? '1px' : '2px';
    linkStyles.push(`    linkStyle ${index} stroke:${color},stroke-width:${width}`);
  });
  lines.push(...linkStyles);
  return lines.join('\n');
}

function nodeLine(node: RenderNode, indent: string): string {
  if (node.kind === 'collapsed') return `${indent}${safeId(node.id)}[["${node.label}"]]:::collapsed`;
  const [left, right] = SHAPE_OF[node.kind];
  return `${indent}${safeId(node.id)}${left}${nodeText(node.label)}${right}:::${node.kind}`;
}

/**
 * Node id: dots and spaces to `_` as datajoint-python does; other characters that Mermaid
 * reads as syntax (the quotes of PostgreSQL table names, backticks, brackets) likewise.
 */
function safeId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Class names go in bare, as Python writes them; anything else is quoted so it stays text. */
function nodeText(text: string): string {
  return /^[A-Za-z0-9_. -]*$/.test(text) ? text : `"${quotedText(text)}"`;
}

/** Text for inside a quoted Mermaid string, where `"` must be an entity. */
function quotedText(text: string): string {
  return text.replace(/"/g, '#quot;');
}
