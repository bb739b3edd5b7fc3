/**
 * A small XML well-formedness check for rendered SVG (the repository has no XML parser, and
 * one check does not justify a dependency): balanced and properly nested tags, quoted and
 * unique attributes, known entities, no stray `<` or `&`.
 */

const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ENTITY = /&(?:#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);/y;
const ATTRIBUTE = new RegExp(`\\s+(${NAME})\\s*=\\s*("[^"<]*"|'[^'<]*')`, 'y');

/** Problems found, empty when the document is well-formed. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  const textUntil = (end: number): void => {
    for (let j = i; j < end; j++) {
      if (xml[j] !== '&') continue;
      ENTITY.lastIndex = j;
      if (!ENTITY.test(xml)) problems.push(`bad entity at ${j}: ${xml.slice(j, j + 12)}`);
    }
    if (open.length === 0 && xml.slice(i, end).trim() !== '') problems.push(`text outside the root at ${i}`);
    i = end;
  };
  while (i < xml.length && problems.length === 0) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      textUntil(xml.length);
      break;
    }
    textUntil(lt);
    const skip = (prefix: string, suffix: string): boolean => {
      if (!xml.startsWith(prefix, i)) return false;
      const end = xml.indexOf(suffix, i + prefix.length);
      if (end === -1) problems.push(`unterminated ${prefix} at ${i}`);
      i = end === -1 ? xml.length : end + suffix.length;
      return true;
    };
    if (skip('<?', '?>') || skip('<!--', '-->') || skip('<![CDATA[', ']]>') || skip('<!DOCTYPE', '>')) continue;
    const close = new RegExp(`</(${NAME})\\s*>`, 'y');
    close.lastIndex = i;
    const closing = close.exec(xml);
    if (closing) {
      const expected = open.pop();
      if (expected !== closing[1]) problems.push(`</${closing[1]}> closes <${expected ?? 'nothing'}> at ${i}`);
      i = close.lastIndex;
      continue;
    }
    const start = new RegExp(`<(${NAME})`, 'y');
    start.lastIndex = i;
    const opening = start.exec(xml);
    if (!opening) {
      problems.push(`stray < at ${i}`);
      break;
    }
    let j = start.lastIndex;
    const names = new Set<string>();
    for (;;) {
      ATTRIBUTE.lastIndex = j;
      const attribute = ATTRIBUTE.exec(xml);
      if (!attribute) break;
      if (names.has(attribute[1]!)) problems.push(`repeated attribute ${attribute[1]} at ${j}`);
      names.add(attribute[1]!);
      const value = attribute[2]!;
      for (let k = 0; k < value.length; k++) {
        if (value[k] !== '&') continue;
        ENTITY.lastIndex = k;
        if (!ENTITY.test(value)) problems.push(`bad entity in attribute ${attribute[1]}`);
      }
      j = ATTRIBUTE.lastIndex;
    }
    const end = /\s*(\/?)>/y;
    end.lastIndex = j;
    const ending = end.exec(xml);
    if (!ending) {
      problems.push(`malformed tag <${opening[1]} at ${i}`);
      break;
    }
    if (open.length === 0) roots += 1;
    if (ending[1] !== '/') open.push(opening[1]!);
    i = end.lastIndex;
  }
  if (open.length > 0) problems.push(`unclosed <${open.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
