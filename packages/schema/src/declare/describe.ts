/**
 * `describe()`: a definition rebuilt from the catalog that declares the same table again:
 * comment, primary key, foreign keys (with renames and `[nullable, unique]`), attributes
 * with defaults and comments, and the remaining indexes.
 */
import { splitPartTableName, toCamelCase, type ForeignKeyInfo, type IndexInfo } from '@dj/core/internal';
import { type Connection, type Heading } from '@dj/core';
import { ddlFor } from '../ddl/ddl-dialect';

/** The class name a table is referred to by in a definition (`Session`, `Session.Trial`). */
export function referenceName(table: string): string {
  const part = splitPartTableName(table);
  return part ? `${toCamelCase(part.master)}.${toCamelCase(part.part)}` : toCamelCase(table);
}

function sameColumns(index: IndexInfo, columns: readonly string[]): boolean {
  return index.columns.length === columns.length && index.columns.every((c, i) => c === columns[i]);
}

export async function describeTable(connection: Connection, schema: string, table: string, heading: Heading): Promise<string> {
  const foreignKeys = await connection.introspector.tableForeignKeys(connection, schema, table);
  const indexes: IndexInfo[] = [...(heading.info.indexes ?? (await connection.introspector.indexes(connection, schema, table)))];
  const lines: string[] = [];
  if (heading.tableComment) lines.push(`# ${heading.tableComment}`);
  const seen = new Set<string>();
  const written = new Set<ForeignKeyInfo>();
  // Columns some written line declares: a foreign key sharing them adds only its other columns.
  const declared = new Set<string>();
  const position = new Map(heading.allAttributes.map((a, i) => [a.name, i]));
  /** Heading position of the first column `fk` would add, so that shared columns come from the key that added them. */
  const firstNew = (fk: ForeignKeyInfo) => Math.min(...fk.columns.filter((c) => !declared.has(c.child)).map((c) => position.get(c.child) ?? Infinity), Infinity);
  let inKey = true;
  const hidden = new Set(heading.allAttributes.filter((a) => a.hidden).map((a) => a.name));
  for (const attribute of heading.attributes) {
    if (inKey && !attribute.inKey) {
      lines.push('---');
      inKey = false;
    }
    seen.add(attribute.name);
    const owning = foreignKeys.filter((fk) => fk.columns.some((c) => c.child === attribute.name));
    if (owning.length > 0) {
      const complete = owning.filter((fk) => !written.has(fk) && fk.columns.every((c) => seen.has(c.child) || hidden.has(c.child)));
      while (complete.length > 0) {
        complete.sort((a, b) => firstNew(a) - firstNew(b));
        const fk = complete.shift()!;
        written.add(fk);
        const added = fk.columns.map((c) => c.child).filter((c) => !declared.has(c));
        lines.push(foreignKeyLine(fk, schema, heading, indexes, added));
        for (const c of added) declared.add(c);
      }
      continue;
    }
    declared.add(attribute.name);
    const name = attribute.default === null ? attribute.name : `${attribute.name}=${attribute.default}`;
    const declarable = ddlFor(connection).describeType(attribute.type);
    const type = declarable + (attribute.autoIncrement && !/auto_increment/i.test(declarable) ? ' auto_increment' : '');
    lines.push(`${name.padEnd(20)} : ${type.padEnd(28)} ${attribute.comment ? `# ${attribute.comment}` : ''}`.trimEnd());
  }
  for (const index of indexes) {
    if (index.columns.some((c) => c === null)) continue;
    lines.push(`${index.unique ? 'UNIQUE ' : ''}INDEX (${index.columns.join(', ')})`);
  }
  return lines.join('\n') + '\n';
}

/** The line of a foreign key; `added` are the columns it declares (not shared with an earlier line), which decide `nullable`. */
function foreignKeyLine(fk: ForeignKeyInfo, schema: string, heading: Heading, indexes: IndexInfo[], added: readonly string[]): string {
  const columns = fk.columns.map((c) => c.child);
  const options: string[] = [];
  if (added.some((c) => heading.find(c)?.nullable)) options.push('nullable');
  const covering = indexes.findIndex((i) => sameColumns(i, columns) && i.unique);
  const implicit = covering >= 0 ? covering : indexes.findIndex((i) => sameColumns(i, columns));
  if (implicit >= 0) {
    if (indexes[implicit]!.unique) options.push('unique');
    indexes.splice(implicit, 1);
  }
  const target = (fk.parentSchema === schema ? '' : `${fk.parentSchema}.`) + referenceName(fk.parentTable);
  const renames = fk.columns.filter((c) => c.child !== c.parent).map((c) => `${c.child}="${c.parent}"`);
  const reference = renames.length > 0 ? `${target}.proj(${renames.join(', ')})` : target;
  return `->${options.length ? ` [${options.join(', ')}]` : ''} ${reference}`;
}
