/**
 * What `alter()` changes: the table as its class's definition now declares it, compared
 * with the table in the database. As datajoint-python's `alter`, it changes secondary
 * attributes (add, drop, rename, retype, new default or comment, new position) and the
 * table comment, and refuses changes of the primary key, foreign keys and indexes. A
 * rename is written as a comment starting with the old name in braces:
 * `mass : float64  # {weight} body mass` renames `weight` to `mass`.
 */
import { DataJointError, type Heading } from '@dj/core';
import { kindOfType, type ForeignKeyInfo, type IndexInfo } from '@dj/core/internal';
import { CURRENT_TIMESTAMP_DEFAULT, unquoteDefault } from '../definition/default-rules';
import type { AttributeItem } from '../definition/definition-parser';
import type { ColumnLayout, TableLayout } from '../ddl/table-layout';
import type { DeclaredColumn, TableDeclaration } from '../declare/table-declaration';

/** One column to add, change or rename, in the order of the new definition. */
export interface ColumnChange {
  readonly kind: 'add' | 'modify' | 'rename';
  /** The column as declared now. */
  readonly column: ColumnLayout;
  /** Its name in the database (the old name of a renamed column). */
  readonly from: string;
  /** Whether only its position changed (its definition did not). */
  readonly moveOnly: boolean;
  /** The column it follows in the new definition (`null`: first). */
  readonly after: string | null;
}

/** The changes of one `alter()`. */
export interface AlterPlan {
  readonly schema: string;
  readonly table: string;
  readonly drops: readonly string[];
  readonly changes: readonly ColumnChange[];
  /** The new table comment, or `null` when it is unchanged. */
  readonly comment: string | null;
}

/** What the database holds for the table. */
export interface CurrentTable {
  readonly heading: Heading;
  readonly foreignKeys: readonly ForeignKeyInfo[];
  readonly indexes: readonly IndexInfo[];
}

const RENAME = /^\{\s*(\w+)\s*\}\s*/;

/** The old name of a renamed attribute (`# {old} comment`), or `null`. */
function renamedFrom(item: AttributeItem): string | null {
  return RENAME.exec(item.comment)?.[1] ?? null;
}

/** The declaration with rename markers taken out of the comments (they are not stored). */
export function withoutRenameMarkers(declaration: TableDeclaration): TableDeclaration {
  const columns = declaration.columns.map((column): DeclaredColumn => {
    if (column.origin !== 'attribute' || renamedFrom(column.item) === null) return column;
    return { ...column, item: { ...column.item, comment: column.item.comment.replace(RENAME, '') } };
  });
  return { ...declaration, columns };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function foreignKeyText(parent: string, columns: ReadonlyArray<{ child: string; parent: string }>): string {
  return `${parent}(${columns.map((c) => `${c.child}=${c.parent}`).join(',')})`;
}

/**
 * The indexes a definition declares, as the catalog shows them: each foreign key takes its
 * own index (the one InnoDB or DataJoint made for it, unique for `-> [unique]`), the rest
 * are declared ones. Expression indexes are left out on both sides (the catalog does not
 * show their expressions).
 */
function declaredIndexesInCatalog(current: CurrentTable): string[] {
  const remaining = current.indexes.filter((i) => i.columns.every((c) => c !== null));
  const result: string[] = [];
  for (const fk of current.foreignKeys) {
    const columns = fk.columns.map((c) => c.child);
    const same = (i: IndexInfo) => sameList(i.columns as string[], columns);
    const at = remaining.findIndex((i) => same(i) && i.unique) >= 0 ? remaining.findIndex((i) => same(i) && i.unique) : remaining.findIndex(same);
    if (at < 0) continue;
    if (remaining[at]!.unique) result.push(`unique(${columns.join(',')})`);
    remaining.splice(at, 1);
  }
  for (const index of remaining) result.push(`${index.unique ? 'unique' : 'index'}(${index.columns.join(',')})`);
  return result.sort();
}

function declaredIndexes(layout: TableLayout): string[] {
  const plain = /^\w+$/;
  return layout.indexes.filter((i) => i.args.every((a) => plain.test(a))).map((i) => `${i.unique ? 'unique' : 'index'}(${i.args.join(',')})`).sort();
}

/** A default as comparable text: `none`, `null`, or the unquoted value in a canonical spelling. */
function defaultKey(text: string | null, kind: string): string {
  if (text === null) return 'none';
  if (/^null$/i.test(text)) return 'null';
  if (CURRENT_TIMESTAMP_DEFAULT.test(text)) return text.toUpperCase().replace(/\s+/g, '').replace('()', '');
  const value = unquoteDefault(text);
  if (kind === 'bool') return /^(true|1)$/i.test(value) ? '1' : '0';
  if (/^(int|bigint|float|float32|decimal)$/.test(kind) && value.trim() !== '' && Number.isFinite(Number(value))) return String(Number(value));
  return value;
}

const typeKey = (type: string) => type.toLowerCase().replace(/\s+/g, '');

/** Whether a declared attribute differs from the column the database holds for it. */
function attributeChanged(item: AttributeItem, heading: Heading, from: string): boolean {
  const old = heading.find(from)!;
  const kind = kindOfType(item.type);
  const comment = item.comment.replace(RENAME, '');
  return (
    typeKey(item.type.text) !== typeKey(old.type) ||
    defaultKey(item.defaultText, kind) !== defaultKey(old.default, old.kind) ||
    comment !== old.comment
  );
}

/**
 * Compares the declaration with the table in the database.
 * @throws DataJointError for changes of the primary key, foreign keys or indexes, and
 *   for renames of unknown attributes or of one attribute twice.
 */
export function planAlter(declaration: TableDeclaration, layout: TableLayout, current: CurrentTable): AlterPlan {
  const { heading } = current;
  const oldKey = heading.allAttributes.filter((a) => a.inKey).map((a) => a.name);
  if (!sameList(layout.primaryKey, oldKey)) throw new DataJointError('table.alter cannot alter the primary key (yet).');
  const newForeignKeys = layout.foreignKeys.map((fk) => foreignKeyText(`${fk.parentSchema}.${fk.parentTable}`, fk.columns.map((child, i) => ({ child, parent: fk.parentColumns[i]! })))).sort();
  const oldForeignKeys = current.foreignKeys.map((fk) => foreignKeyText(`${fk.parentSchema}.${fk.parentTable}`, fk.columns)).sort();
  if (!sameList(newForeignKeys, oldForeignKeys)) throw new DataJointError('table.alter cannot alter foreign keys (yet).');
  if (!sameList(declaredIndexes(layout), declaredIndexesInCatalog(current))) throw new DataJointError('table.alter cannot alter indexes (yet).');

  const oldNames = heading.allAttributes.filter((a) => !a.hidden).map((a) => a.name);
  const renames = new Map<string, string>(); // new name → old name
  for (const column of declaration.columns) {
    if (column.origin !== 'attribute') continue;
    const from = renamedFrom(column.item);
    // a rename already made (the marker left in the definition) is no rename any more
    if (from === null || from === column.name || (!oldNames.includes(from) && oldNames.includes(column.name))) continue;
    if ([...renames.values()].includes(from)) throw new DataJointError(`Alter attempted to rename attribute {${from}} twice.`);
    if (!oldNames.includes(from)) throw new DataJointError(`Attribute ${from} does not exist in the original definition`);
    renames.set(column.name, from);
  }
  const newNames = new Set(declaration.columns.map((c) => c.name));
  const renamedOld = new Set(renames.values());
  const drops = oldNames.filter((name) => !newNames.has(name) && !renamedOld.has(name));

  // the old order, after drops and renames, decides which columns move
  const kept = oldNames.filter((name) => !drops.includes(name)).map((name) => [...renames].find(([, from]) => from === name)?.[0] ?? name);
  const visible = layout.columns.filter((c) => !c.name.startsWith('_'));
  const changes: ColumnChange[] = [];
  visible.forEach((column, i) => {
    if (layout.primaryKey.includes(column.name)) return;
    const declared = declaration.columns.find((c) => c.name === column.name)!;
    const from = renames.get(column.name) ?? column.name;
    const after = i > 0 ? visible[i - 1]!.name : null;
    const oldAt = kept.indexOf(column.name);
    const moved = oldAt >= 0 && (oldAt > 0 ? kept[oldAt - 1]! : null) !== after;
    if (!oldNames.includes(from)) {
      changes.push({ kind: 'add', column, from, moveOnly: false, after });
      return;
    }
    const changed =
      declared.origin === 'attribute' ? attributeChanged(declared.item, heading, from) : declared.nullable !== heading.find(from)!.nullable;
    if (!changed && !moved && !renames.has(column.name)) return;
    changes.push({ kind: renames.has(column.name) ? 'rename' : 'modify', column, from, moveOnly: !changed && !renames.has(column.name), after });
  });
  return {
    schema: layout.schema,
    table: layout.table,
    drops,
    changes,
    comment: layout.comment === heading.tableComment ? null : layout.comment,
  };
}

/** Whether a plan changes nothing. */
export function isEmptyPlan(plan: AlterPlan): boolean {
  return plan.drops.length === 0 && plan.changes.length === 0 && plan.comment === null;
}
