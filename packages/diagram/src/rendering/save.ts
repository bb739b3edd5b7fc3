/**
 * Writing a rendered diagram to a file, in the format its name implies (RD-17).
 */
import { writeFile } from 'node:fs/promises';
import { DataJointError } from '@dj/core';
import { toDot } from './dot';
import { toMermaid } from './mermaid';
import type { RenderModel } from './render-model';
import { toSvg } from './svg';
import type { ThemeName } from './themes';

/** A file format a diagram can be saved in. */
export type RenderFormat = 'svg' | 'dot' | 'mermaid';

/** Producers of each format; only the one saved is called (SVG needs Graphviz, DOT and Mermaid do not). */
export interface RenderSources {
  dot(): string;
  svg(): Promise<string>;
  mermaid(): string;
}

/**
 * The producers of a prepared diagram's formats.
 * @param model The prepared diagram.
 * @param theme Colour theme of the DOT and SVG, defaulting to the model's.
 */
export function renderSources(model: RenderModel, theme: ThemeName = model.theme): RenderSources {
  return {
    dot: () => toDot(model, theme),
    svg: () => toSvg(model, theme),
    mermaid: () => toMermaid(model),
  };
}

// `.png` is recognised (Python saves PNG) only to be refused as unsupported rather than unknown.
const FORMAT_OF_EXTENSION: ReadonlyArray<readonly [string, RenderFormat | 'png']> = [
  ['.svg', 'svg'],
  ['.dot', 'dot'],
  ['.gv', 'dot'],
  ['.mmd', 'mermaid'],
  ['.mermaid', 'mermaid'],
  ['.png', 'png'],
];

/**
 * The format a file name implies by its extension (case-insensitive).
 * @returns The format, or `null` for other extensions.
 */
export function inferRenderFormat(path: string): RenderFormat | 'png' | null {
  const lower = path.toLowerCase();
  return FORMAT_OF_EXTENSION.find(([extension]) => lower.endsWith(extension))?.[1] ?? null;
}

/** Explicit format names, case-insensitive; `gv` and `mmd` name their formats as extensions do. */
function parseFormat(format: string): RenderFormat | null {
  const lower = format.toLowerCase();
  if (lower === 'svg') return 'svg';
  if (lower === 'dot' || lower === 'gv') return 'dot';
  if (lower === 'mermaid' || lower === 'mmd') return 'mermaid';
  return null;
}

/**
 * Writes a diagram to a file as SVG (`.svg`), Graphviz DOT (`.dot`, `.gv`) or Mermaid
 * (`.mmd`, `.mermaid`), UTF-8.
 * @param path Output file name.
 * @param render The diagram's producers, e.g. from {@link renderSources}.
 * @param format `svg`, `dot` or `mermaid`; inferred from the extension when omitted.
 * @throws DataJointError "Could not infer format from filename. Specify format explicitly."
 *   for an unknown extension without a format; "Unsupported file format" for other formats
 *   (PNG included: there is no raster renderer without a system Graphviz).
 */
export async function saveRendering(path: string, render: RenderSources, format?: string): Promise<void> {
  const name = format ?? inferRenderFormat(path);
  if (name === null) throw new DataJointError('Could not infer format from filename. Specify format explicitly.');
  const chosen = parseFormat(name);
  if (chosen === null) throw new DataJointError('Unsupported file format');
  const text = chosen === 'svg' ? await render.svg() : chosen === 'dot' ? render.dot() : render.mermaid();
  await writeFile(path, text, 'utf8');
}
