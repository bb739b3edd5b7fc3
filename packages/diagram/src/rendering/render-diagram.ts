/** Rendering a resolved diagram: its shown tables and their foreign keys, in the chosen format. */
import type { DiagramState } from '../diagram-state';
import { shownInOrder } from '../diagram-state';
import { tierOfTableName } from '@dj/core/internal';
import type { RenderInput } from './render-input';
import { prepareRenderModel } from './prepare-render-model';
import { toDot } from './dot';
import { toMermaid } from './mermaid';
import { toSvg } from './svg';
import { renderSources, saveRendering } from './save';

/** Output formats of a diagram. */
export type DiagramFormat = 'svg' | 'dot' | 'mermaid';

/** The render input of a diagram state: shown tables, foreign keys among them, display settings. */
export function renderInputOf(state: DiagramState): RenderInput {
  const order = shownInOrder(state);
  const shown = new Set(order);
  const display = state.connection.config.display;
  return {
    tables: order.map((fullName) => {
      const node = state.graph.node(fullName);
      return {
        fullName,
        schema: node.schema,
        table: node.table,
        tier: tierOfTableName(node.table),
        master: state.graph.masterOf(fullName),
        primaryKey: node.primaryKey,
        expanded: state.expanded.has(fullName),
      };
    }),
    // every key into a shown table: those from hidden parents decide whether it adds a dimension
    foreignKeys: state.graph.edges.filter((e) => shown.has(e.child)),
    direction: display.diagram_direction,
    theme: display.diagram_theme,
  };
}

/** The diagram state drawn in `format`. */
export async function renderDiagram(state: DiagramState, format: DiagramFormat): Promise<string> {
  const model = prepareRenderModel(renderInputOf(state));
  switch (format) {
    case 'dot':
      return toDot(model);
    case 'mermaid':
      return toMermaid(model);
    case 'svg':
      return toSvg(model);
  }
}

/** Writes the diagram state to `path` in `format`, or the format its extension names. */
export async function saveDiagram(state: DiagramState, path: string, format?: DiagramFormat): Promise<void> {
  await saveRendering(path, renderSources(prepareRenderModel(renderInputOf(state))), format);
}
