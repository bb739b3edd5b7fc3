/**
 * From parsed definition to table declaration: foreign-key columns added from the
 * referenced primary keys (renamed through `.proj`), the primary key assembled, and every
 * rule of the definition language checked (duplicates, nullable keys, defaults that do not
 * fit their type, indexes on unknown attributes, auto-populated keys that do not come from
 * foreign keys).
 */
import { DataJointError } from '@dj/core';
import { kindOfType, type Tier } from '@dj/core/internal';
import { checkDefault } from '../definition/default-rules';
import {
  definitionError,
  type AttributeItem,
  type ForeignKeyItem,
  type IndexItem,
  type ParsedDefinition,
} from '../definition/definition-parser';
import type { KeyAttribute, ReferenceTarget } from './reference-target';

/** A column of the declared table. */
export type DeclaredColumn =
  | { readonly origin: 'attribute'; readonly name: string; readonly inKey: boolean; readonly nullable: boolean; readonly item: AttributeItem }
  | {
      readonly origin: 'foreignKey';
      readonly name: string;
      readonly inKey: boolean;
      readonly nullable: boolean;
      /** The referenced attribute the column copies. */
      readonly key: KeyAttribute;
    };

/** A foreign key of the declared table. */
export interface DeclaredForeignKey {
  readonly item: ForeignKeyItem;
  readonly target: ReferenceTarget;
  /** Child column → referenced column, in the referenced key's order. */
  readonly columns: ReadonlyArray<{ readonly child: string; readonly parent: string }>;
}

/** A secondary index (declared, or implied by `-> [unique]`). */
export interface DeclaredIndex {
  /** The definition line that declares it (an index line, or a `-> [unique]` line). */
  readonly line: string;
  readonly unique: boolean;
  /** Attribute names, or raw expressions for functional indexes. */
  readonly args: readonly string[];
}

export interface TableDeclaration {
  readonly comment: string;
  readonly columns: readonly DeclaredColumn[];
  /** Primary-key attribute names in order (empty for singleton tables). */
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly DeclaredForeignKey[];
  readonly indexes: readonly DeclaredIndex[];
}

/** What resolving a definition needs besides the parsed items. */
export interface DeclarationContext {
  /** How the table is named in messages. */
  readonly label: string;
  readonly tier: Tier;
  /** The referenced table of each foreign-key line. */
  readonly targets: ReadonlyMap<ForeignKeyItem, ReferenceTarget>;
  /** The primary key of a referenced table. */
  readonly keyOf: (target: ReferenceTarget) => readonly KeyAttribute[];
  /** `jobs.allow_new_pk_fields_in_computed_tables`; `undefined` skips the check (no connection yet). */
  readonly allowNewKeyInAutoPopulated?: boolean;
}

/**
 * Resolves a parsed definition into a declaration.
 * @throws DataJointError naming the table and the offending line.
 */
export function resolveDeclaration(parsed: ParsedDefinition, context: DeclarationContext): TableDeclaration {
  const { label } = context;
  const columns: DeclaredColumn[] = [];
  const primaryKey: string[] = [];
  const foreignKeys: DeclaredForeignKey[] = [];
  const indexes: DeclaredIndex[] = [];
  const byName = new Map<string, DeclaredColumn>();
  const fromForeignKeys = new Set<string>();

  for (const item of parsed.items) {
    if (item.kind === 'attribute') {
      if (byName.has(item.name)) throw definitionError(label, item.line, `Duplicate attribute \`${item.name}\``);
      const nullable = item.defaultText !== null && /^null$/i.test(item.defaultText);
      if (nullable && item.inKey) {
        throw new DataJointError(`Primary key attributes cannot be nullable in line "${item.line}" of the definition of ${label}.`);
      }
      checkDefault(label, item);
      if (item.inKey && (kindOfType(item.type) === 'bytes' || kindOfType(item.type) === 'json' || item.type.category === 'codec')) {
        throw definitionError(label, item.line, 'Blob or JSON attributes are not allowed in the primary key');
      }
      const column: DeclaredColumn = { origin: 'attribute', name: item.name, inKey: item.inKey, nullable, item };
      columns.push(column);
      byName.set(item.name, column);
      if (item.inKey) primaryKey.push(item.name);
    } else if (item.kind === 'foreignKey') {
      const target = context.targets.get(item);
      if (!target) throw definitionError(label, item.line, `Foreign key reference ${item.reference.text} could not be resolved`);
      const key = context.keyOf(target);
      if (key.length === 0) {
        // a singleton table (no key attributes): a foreign key would have no columns
        throw definitionError(label, item.line, `${target.label} has no primary key attributes (a singleton table): nothing can reference it`);
      }
      const renames = new Map((item.reference.renames ?? []).map(([to, from]) => [from, to]));
      for (const from of renames.keys()) {
        if (!key.some((k) => k.name === from)) {
          throw definitionError(label, item.line, `Attribute \`${from}\` is not in the primary key of ${target.label}`);
        }
      }
      const mapped: Array<{ child: string; parent: string }> = [];
      for (const attribute of key) {
        const name = renames.get(attribute.name) ?? attribute.name;
        mapped.push({ child: name, parent: attribute.name });
        fromForeignKeys.add(name);
        if (byName.has(name)) continue; // shared foreign-key columns are declared once
        const column: DeclaredColumn = { origin: 'foreignKey', name, inKey: item.inKey, nullable: item.nullable, key: attribute };
        columns.push(column);
        byName.set(name, column);
        if (item.inKey) primaryKey.push(name);
      }
      foreignKeys.push({ item, target, columns: mapped });
      if (item.unique) indexes.push({ line: item.line, unique: true, args: mapped.map((c) => c.child) });
    } else {
      checkIndex(label, item, byName);
      indexes.push({ line: item.line, unique: item.unique, args: item.args });
    }
  }

  if ((context.tier === 'computed' || context.tier === 'imported') && context.allowNewKeyInAutoPopulated === false) {
    const native = primaryKey.filter((name) => !fromForeignKeys.has(name));
    if (native.length > 0) {
      throw new DataJointError(
        `Auto-populated table ${label} has non-FK primary key attribute(s): ${native.join(', ')}. ` +
          'Computed and Imported tables must derive all primary key attributes from foreign key references. ' +
          'To bypass this restriction, set: config.jobs.allow_new_pk_fields_in_computed_tables = true',
      );
    }
  }
  return { comment: parsed.comment, columns, primaryKey, foreignKeys, indexes };
}

function checkIndex(label: string, item: IndexItem, byName: ReadonlyMap<string, DeclaredColumn>): void {
  for (const arg of item.args) {
    const name = /^([a-z_][a-z0-9_]*)(\.[\w.*[\]]+)?(:[\w(,\s)]+)?$/i.exec(arg)?.[1];
    if (name && !byName.has(name)) throw definitionError(label, item.line, `Index on unknown attribute \`${name}\``);
  }
}
