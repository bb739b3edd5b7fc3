/**
 * Hover text of a table node, condensed from its definition as datajoint-python does it.
 */

/**
 * Condenses a table definition (`describe()` output) to a tooltip: comment lines dropped,
 * attribute lines reduced to their names, `---` drawn as 30 dashes, `->` as an arrow entity,
 * lines joined by a carriage-return entity (which SVG viewers show as line breaks).
 * @param definition The table's definition text.
 */
export function definitionTooltip(definition: string): string {
  return definition
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => {
      if (line.startsWith('---')) return '-'.repeat(30);
      if (line.includes('->')) return line.replaceAll('->', '&#8594;');
      return line.split(':')[0]!;
    })
    .join('&#13;');
}
