/**
 * SVG of a prepared diagram, laid out by Graphviz compiled to WebAssembly (`@viz-js/viz`), so
 * no system `dot` binary is needed.
 */
import type { Viz } from '@viz-js/viz';
import { DataJointError } from '@dj/core';
import { adaptiveStyleBlock } from './adaptive-style';
import { toDot } from './dot';
import type { RenderModel } from './render-model';
import type { ThemeName } from './themes';

// Loaded on first use: the WebAssembly module is large, and diagrams that are only
// cascaded or counted (RD-18) should never pay for it, nor fail if it is missing.
let graphviz: Promise<Viz> | undefined;

function loadGraphviz(): Promise<Viz> {
  graphviz ??= import('@viz-js/viz')
    .then((viz) => viz.instance())
    .catch((error: unknown) => {
      graphviz = undefined;
      throw new DataJointError('Install @viz-js/viz to enable diagram visualization.', { cause: error });
    });
  return graphviz;
}

/**
 * Renders a diagram as an SVG document starting at `<svg` (no XML prologue, so it can be
 * inlined in HTML). Theme `auto` renders light and adds a `prefers-color-scheme: dark` style
 * block right after the opening tag, so the image follows the viewer's colour scheme.
 * @param model The prepared diagram.
 * @param theme Colour theme, defaulting to the model's.
 * @throws DataJointError if Graphviz is unavailable or rejects the graph.
 */
export async function toSvg(model: RenderModel, theme: ThemeName = model.theme): Promise<string> {
  const viz = await loadGraphviz();
  let svg: string;
  try {
    svg = viz.renderString(toDot(model, theme === 'auto' ? 'light' : theme), { format: 'svg' });
  } catch (error) {
    throw new DataJointError(`Graphviz could not render the diagram: ${(error as Error).message}`, { cause: error });
  }
  svg = svg.slice(svg.indexOf('<svg')).trimEnd();
  if (theme !== 'auto') return svg;
  const openingTagEnd = svg.indexOf('>') + 1;
  return `${svg.slice(0, openingTagEnd)}\n${adaptiveStyleBlock()}${svg.slice(openingTagEnd)}`;
}
