/**
 * Graphviz DOT of a prepared diagram in datajoint-python HEAD's modernized style (RD-5..RD-12).
 */
import { dotAttributes, dotString, htmlText } from './dot-syntax';
import type { RenderEdge, RenderModel, RenderNode, TableRenderNode } from './render-model';
import { NODE_STRUCTURE, themeColors, type DiagramTheme, type ThemeName } from './themes';

/**
 * Writes a diagram as Graphviz DOT: one dashed `cluster_<schema>` per schema, inside it a
 * shaded `cluster_entity_<Master>` around each master drawn with parts, nodes shaped and
 * coloured by tier, and arrowless edges whose thickness encodes cardinality (thick for
 * one-to-one) and whose dashes mark secondary foreign keys.
 * @param model The prepared diagram.
 * @param theme Colour theme; `auto` draws light (SVG output adds the dark-mode overrides).
 *   Defaults to the model's theme.
 */
export function toDot(model: RenderModel, theme: ThemeName = model.theme): string {
  const colors = themeColors(theme);
  const graphAttributes: Record<string, string | undefined> = { rankdir: model.direction, bgcolor: colors.background ?? undefined };
  const lines = ['digraph {', `  graph ${dotAttributes(graphAttributes)};`];
  for (const cluster of model.clusters) {
    lines.push(`  subgraph ${dotString(`cluster_${cluster.schema}`)} {`);
    lines.push(
      `    graph ${dotAttributes({
        label: cluster.label,
        labelloc: 't',
        labeljust: 'r', // schema name in the top-right corner
        style: 'rounded,dashed',
        color: colors.schemaCluster.stroke,
        fontcolor: colors.schemaCluster.label,
        fontname: 'Helvetica',
      })};`,
    );
    const members = model.nodes.filter((n) => n.schema === cluster.schema);
    const grouped = new Set<string>();
    for (const master of members) {
      const parts = members.filter((n): n is TableRenderNode => n.kind !== 'collapsed' && n.master === master.id);
      if (parts.length === 0) continue;
      lines.push(...entityCluster(master, parts, model.edges, colors));
      grouped.add(master.id);
      for (const part of parts) grouped.add(part.id);
    }
    for (const node of members) if (!grouped.has(node.id)) lines.push(`    ${nodeStatement(node, colors)}`);
    lines.push('  }');
  }
  for (const edge of model.edges) lines.push(`  ${dotString(edge.parent)} -> ${dotString(edge.child)} ${edgeAttributes(edge, colors)};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * A master and its parts in a quiet shaded box. They share a rank, so across reads as
 * derivation and down as containment, except a part that depends on a sibling part, which
 * is left free so the chain descends.
 */
function entityCluster(master: RenderNode, parts: readonly TableRenderNode[], edges: readonly RenderEdge[], colors: DiagramTheme): string[] {
  const partIds = new Set(parts.map((p) => p.id));
  const dependsOnSibling = new Set(edges.filter((e) => partIds.has(e.parent) && partIds.has(e.child)).map((e) => e.child));
  const sameRank = [master.id, ...parts.filter((p) => !dependsOnSibling.has(p.id)).map((p) => p.id)];
  const lines = [
    `    subgraph ${dotString(`cluster_entity_${master.id.replace(/\./g, '_')}`)} {`,
    `      graph ${dotAttributes({ label: '', style: 'rounded,filled', fillcolor: colors.entityFill, color: colors.entityFill })};`,
    `      ${nodeStatement(master, colors)}`,
    ...parts.map((p) => `      ${nodeStatement(p, colors)}`),
  ];
  if (sameRank.length > 1) lines.push(`      { rank=same; ${sameRank.map((id) => `${dotString(id)};`).join(' ')} }`);
  lines.push('    }');
  return lines;
}

function nodeStatement(node: RenderNode, colors: DiagramTheme): string {
  const structure = NODE_STRUCTURE[node.kind];
  const palette = colors.palette[node.kind];
  const underlined = node.kind !== 'collapsed' && node.introducesDimension;
  return `${dotString(node.id)} ${dotAttributes({
    label: underlined ? { html: `<u>${htmlText(node.label)}</u>` } : node.label,
    tooltip: node.tooltip ?? undefined,
    shape: structure.shape,
    style: structure.rounded ? 'rounded,filled' : 'filled',
    fillcolor: palette.fill,
    color: palette.stroke,
    fontcolor: palette.text,
    fontname: 'Helvetica',
    fontsize: structure.fontsize,
    fixedsize: 'false',
    width: structure.size,
    height: structure.size,
    margin: '0.11,0.06', // generous label padding, inches
  })};`;
}

/**
 * Thickness (and the layout weight, so the two never diverge) encodes cardinality only:
 * thick when the foreign key is the child's whole primary key. Master→part edges are thin
 * under that rule because a part adds a key attribute. A bundle stands for several foreign
 * keys and claims none of their properties, so all bundles look alike.
 */
function edgeAttributes(edge: RenderEdge, colors: DiagramTheme): string {
  if (edge.bundle) {
    return dotAttributes({ color: colors.edge + colors.edgeAlpha, style: 'solid', penwidth: 2, weight: 3, arrowhead: 'none' });
  }
  const renames = Object.entries(edge.attrMap)
    .filter(([child, parent]) => child !== parent)
    .map(([child, parent]) => `${child} ← ${parent}`)
    .join('; ');
  return dotAttributes({
    color: (edge.aliased ? colors.edgeRenamed : colors.edge) + colors.edgeAlpha,
    style: edge.primary ? 'solid' : 'dashed',
    penwidth: edge.multi ? 0.75 : 2,
    weight: edge.multi ? 1 : 3,
    arrowhead: 'none',
    tooltip: edge.aliased && renames !== '' ? renames : undefined,
  });
}
