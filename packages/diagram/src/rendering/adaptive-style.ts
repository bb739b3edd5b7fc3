/**
 * The `<style>` block that turns a light-rendered SVG dark when the viewer prefers dark mode
 * (RD-9), so one image serves both. It overrides colours by attribute selector, which works
 * because the light→dark mapping is one-to-one per attribute kind.
 */
import { DIAGRAM_THEMES } from './themes';

/** One colour override: SVG elements whose `fill` or `stroke` is `light` get `dark`. */
export interface ColorOverride {
  readonly attribute: 'fill' | 'stroke';
  readonly light: string;
  readonly dark: string;
  /** `stroke-opacity` to set with the colour (edges carry the theme's alpha). */
  readonly opacity?: number;
}

/**
 * Every light colour the renderer emits with its dark counterpart: node fills, strokes and
 * texts (SVG draws text with `fill`), edges, entity box, schema frame and label.
 */
export function colorOverrides(): ColorOverride[] {
  const { light, dark } = DIAGRAM_THEMES;
  const opacity = Math.round((parseInt(dark.edgeAlpha, 16) / 255) * 1000) / 1000;
  const result: ColorOverride[] = [];
  for (const kind of Object.keys(light.palette) as (keyof typeof light.palette)[]) {
    const l = light.palette[kind];
    const d = dark.palette[kind];
    result.push({ attribute: 'fill', light: l.fill, dark: d.fill });
    result.push({ attribute: 'stroke', light: l.stroke, dark: d.stroke });
    result.push({ attribute: 'fill', light: l.text, dark: d.text });
  }
  result.push({ attribute: 'stroke', light: light.edge, dark: dark.edge, opacity });
  result.push({ attribute: 'stroke', light: light.edgeRenamed, dark: dark.edgeRenamed, opacity });
  result.push({ attribute: 'fill', light: light.entityFill, dark: dark.entityFill });
  result.push({ attribute: 'stroke', light: light.entityFill, dark: dark.entityFill });
  result.push({ attribute: 'stroke', light: light.schemaCluster.stroke, dark: dark.schemaCluster.stroke });
  result.push({ attribute: 'fill', light: light.schemaCluster.label, dark: dark.schemaCluster.label });
  return result;
}

/**
 * The adaptive `<style>` block, as datajoint-python writes it. Selectors use lowercase hex
 * because that is how Graphviz writes colours into SVG.
 */
export function adaptiveStyleBlock(): string {
  const background = DIAGRAM_THEMES.dark.background!;
  const rules = [
    `svg { background-color: ${background}; }`,
    `polygon[fill="white"] { fill: ${background}; }`, // the graph canvas
    ...colorOverrides().map(({ attribute, light, dark, opacity }) => {
      const extra = opacity === undefined ? '' : ` stroke-opacity: ${opacity};`;
      return `[${attribute}="${light.toLowerCase()}"] { ${attribute}: ${dark};${extra} }`;
    }),
  ];
  return `<style>\n@media (prefers-color-scheme: dark) {\n${rules.map((r) => `  ${r}`).join('\n')}\n}\n</style>`;
}
