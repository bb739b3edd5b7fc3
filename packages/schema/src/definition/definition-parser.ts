/**
 * Parsing the DataJoint definition language (spec-core §4.2–§4.8) into a list of items:
 * attributes, foreign-key references and indexes, split into the primary key and the rest
 * at `---`. Parsing needs no database and no other table; resolving references is the
 * next step (see `declare/`).
 */
import { DataJointError } from '@dj/core';
import { parseAttributeType, type AttributeType } from '@dj/core/internal';
import { textProblem, typeProblem } from './type-rules';

/** `name [= default] : type [# comment]` */
export interface AttributeItem {
  readonly kind: 'attribute';
  readonly line: string;
  readonly inKey: boolean;
  readonly name: string;
  /** The default as written (quotes kept), or `null` when none is given. */
  readonly defaultText: string | null;
  readonly type: AttributeType;
  readonly comment: string;
}

/** A reference to another table: `Parent`, `module.Parent`, `Master.Part`, `Parent.proj(new='old')`. */
export interface TableReference {
  /** The dotted name, split: `['module', 'Parent']`. */
  readonly path: readonly string[];
  /** Renames from `.proj(new='old', …)`, as `[new, old]` pairs; `null` without `.proj`. */
  readonly renames: ReadonlyArray<readonly [string, string]> | null;
  /** The reference as written. */
  readonly text: string;
}

/** `-> [nullable, unique] Reference` */
export interface ForeignKeyItem {
  readonly kind: 'foreignKey';
  readonly line: string;
  readonly inKey: boolean;
  readonly nullable: boolean;
  readonly unique: boolean;
  readonly reference: TableReference;
}

/** `index(a, b)` / `unique index(a)` */
export interface IndexItem {
  readonly kind: 'index';
  readonly line: string;
  readonly unique: boolean;
  /** Index arguments: attribute names, or expressions passed through. */
  readonly args: readonly string[];
}

export type DefinitionItem = AttributeItem | ForeignKeyItem | IndexItem;

export interface ParsedDefinition {
  /** The table comment (first line starting with `#`), or `''`. */
  readonly comment: string;
  readonly items: readonly DefinitionItem[];
}

/** Raises a DataJointError about one line of the definition of `table`. */
export function definitionError(table: string, line: string, problem: string): DataJointError {
  return new DataJointError(`${problem} in line "${line}" of the definition of ${table}.`);
}

const INDEX_LINE = /^(unique\s+)?index\s*\((.*)\)\s*(#.*)?$/i;

/** True when `->` appears with no quote or `#` before it. */
function isForeignKeyLine(line: string): boolean {
  const arrow = line.indexOf('->');
  return arrow >= 0 && !/["'#]/.test(line.slice(0, arrow));
}

/** Index of the first occurrence of `stop` outside single or double quotes, or -1. */
function indexOutsideQuotes(text: string, stop: string, from = 0): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === stop) {
      return i;
    }
  }
  return -1;
}

/** Splits at top-level commas (outside parentheses and quotes). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(') {
      depth += 1;
    } else if (ch === ')') {
      depth -= 1;
    } else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts.filter((p) => p.length > 0);
}

function parseAttribute(table: string, line: string, inKey: boolean): AttributeItem {
  if (line.startsWith('_')) {
    throw new DataJointError(
      `Attribute name in line "${line}" of the definition of ${table} starts with an underscore. Names with leading ` +
        'underscore are reserved for platform-managed columns (e.g. _job_start_time, _singleton). Use a regular ' +
        'attribute name; if you need to control visibility at the call site, use proj().',
    );
  }
  const nameMatch = /^([A-Za-z][A-Za-z0-9_]*)\s*/.exec(line);
  if (!nameMatch) throw definitionError(table, line, 'Invalid attribute declaration (expected "name [= default] : type [# comment]")');
  const name = nameMatch[1]!;
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw definitionError(table, line, `Invalid attribute name \`${name}\` (use lower-case letters, digits and underscores)`);
  }
  let rest = line.slice(nameMatch[0].length);
  let defaultText: string | null = null;
  if (rest.startsWith('=')) {
    const colon = indexOutsideQuotes(rest, ':', 1);
    if (colon < 0) throw definitionError(table, line, 'Missing ":" between the default and the type');
    defaultText = rest.slice(1, colon).trim();
    if (defaultText === '') throw definitionError(table, line, 'Empty default value');
    rest = rest.slice(colon);
  }
  if (!rest.startsWith(':')) {
    throw definitionError(table, line, 'Invalid attribute declaration (expected "name [= default] : type [# comment]")');
  }
  rest = rest.slice(1).trim();
  let typeText: string;
  let comment = '';
  if (rest.startsWith('<')) {
    const close = rest.indexOf('>');
    if (close < 0) throw definitionError(table, line, 'Unclosed "<" in the codec type');
    typeText = rest.slice(0, close + 1);
    const after = rest.slice(close + 1).trim();
    if (after && !after.startsWith('#')) throw definitionError(table, line, `Unexpected text "${after}" after the type`);
    comment = after.replace(/^#/, '').trim();
  } else {
    const hash = indexOutsideQuotes(rest, '#');
    typeText = (hash < 0 ? rest : rest.slice(0, hash)).trim();
    comment = hash < 0 ? '' : rest.slice(hash + 1).trim();
  }
  if (!typeText) throw definitionError(table, line, 'Missing attribute type');
  if (comment.startsWith(':')) {
    throw new DataJointError(`An attribute comment must not start with a colon in comment "${comment}" (definition of ${table}).`);
  }
  const commentProblem = textProblem(comment, 'The comment');
  if (commentProblem) throw definitionError(table, line, commentProblem);
  let type: AttributeType;
  try {
    type = parseAttributeType(typeText);
  } catch (err) {
    throw definitionError(table, line, (err as Error).message);
  }
  const problem = typeProblem(type);
  if (problem) throw definitionError(table, line, problem);
  return { kind: 'attribute', line, inKey, name, defaultText, type, comment };
}

function parseReference(table: string, line: string, text: string): TableReference {
  let body = text.trim();
  while (/^\(.*\)$/.test(body)) body = body.slice(1, -1).trim();
  const m = /^([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*?)(?:\s*\.\s*proj\s*\((.*)\))?$/s.exec(body);
  if (!m) throw new DataJointError(`Parsing error in line "${line}" of the definition of ${table}. Expected "-> [options] TableName".`);
  const path = m[1]!.split('.').map((p) => p.trim());
  let renames: Array<readonly [string, string]> | null = null;
  if (m[2] !== undefined) {
    renames = [];
    for (const arg of splitTopLevel(m[2])) {
      const pair = /^([a-z][a-z0-9_]*)\s*=\s*(?:'([^']*)'|"([^"]*)")$/.exec(arg);
      if (!pair) {
        throw new DataJointError(
          `Parsing error in line "${line}" of the definition of ${table}. ` +
            `Foreign-key projections take renames only: new_name='old_name' (got "${arg}").`,
        );
      }
      renames.push([pair[1]!, (pair[2] ?? pair[3])!]);
    }
  }
  return { path, renames, text: body };
}

function parseForeignKey(table: string, line: string, inKey: boolean): ForeignKeyItem {
  // The arrow must start the line: `b -> A` (an old rename syntax) is an error, not `-> A`.
  if (!line.startsWith('->')) {
    throw new DataJointError(`Parsing error in line "${line}" of the definition of ${table}. Expected "->" at the start of the line.`);
  }
  const m = /^->\s*(?:\[([^\]]*)\])?\s*(.*)$/s.exec(line);
  if (!m || !m[2]!.trim()) throw new DataJointError(`Parsing error in line "${line}" of the definition of ${table}. Missing the referenced table.`);
  const options = (m[1] ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const option of options) {
    if (!['NULLABLE', 'UNIQUE'].includes(option.toUpperCase())) {
      throw new DataJointError(`Invalid foreign key option "${option.toUpperCase()}" in line "${line}" of the definition of ${table}.`);
    }
  }
  const nullable = options.some((o) => o.toUpperCase() === 'NULLABLE');
  const unique = options.some((o) => o.toUpperCase() === 'UNIQUE');
  if (nullable && inKey) {
    throw new DataJointError(`Primary dependencies cannot be nullable in line "${line}" of the definition of ${table}.`);
  }
  const text = m[2]!.replace(/#.*$/, '').trim();
  return { kind: 'foreignKey', line, inKey, nullable, unique, reference: parseReference(table, line, text) };
}

function parseIndex(table: string, line: string): IndexItem {
  // The comment goes first: a comment ending in ")" would otherwise be read as part of the arguments.
  const hash = indexOutsideQuotes(line, '#');
  const m = INDEX_LINE.exec(hash < 0 ? line : line.slice(0, hash).trimEnd());
  if (!m) throw new DataJointError(`Table definition syntax error in line "${line}" of the definition of ${table}.`);
  const args = splitTopLevel(m[2]!);
  if (args.length === 0) throw new DataJointError(`Table definition syntax error in line "${line}" of the definition of ${table}: an index needs attributes.`);
  const twice = args.find((arg, i) => args.indexOf(arg) !== i);
  if (twice !== undefined) throw definitionError(table, line, `The index names \`${twice}\` twice`);
  return { kind: 'index', line, unique: Boolean(m[1]), args };
}

/**
 * Parses a definition. `table` names the table in error messages.
 * @throws DataJointError naming the table and the offending line.
 */
export function parseDefinition(definition: string, table: string): ParsedDefinition {
  if (typeof definition !== 'string') {
    throw new DataJointError(`The definition of ${table} must be a string (declare it as \`static definition = \`...\`\`).`);
  }
  const lines = definition.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  let comment = '';
  if (lines[0]?.startsWith('#')) {
    comment = lines.shift()!.slice(1).trim();
    if (comment.startsWith(':')) throw new DataJointError(`Table comment must not start with a colon ":" (definition of ${table}).`);
    const problem = textProblem(comment, 'The table comment');
    if (problem) throw new DataJointError(`${problem} (definition of ${table}).`);
  }
  const items: DefinitionItem[] = [];
  const names = new Set<string>();
  let inKey = true;
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    if (line.startsWith('---')) {
      inKey = false;
    } else if (isForeignKeyLine(line)) {
      items.push(parseForeignKey(table, line, inKey));
    } else if (/^(unique\s+)?index\s*\(/i.test(line)) {
      items.push(parseIndex(table, line));
    } else {
      const attribute = parseAttribute(table, line, inKey);
      if (names.has(attribute.name)) throw definitionError(table, line, `Duplicate attribute \`${attribute.name}\``);
      names.add(attribute.name);
      items.push(attribute);
    }
  }
  return { comment, items };
}
