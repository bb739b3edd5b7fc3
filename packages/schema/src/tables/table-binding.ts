/**
 * The link between a table class and its schema, recorded by `@schema.table`: the table
 * name, tier, parsed definition, resolved foreign-key targets and declaration state.
 */
import { DataJointError, type Connection } from '@dj/core';
import { type Logger, type Tier } from '@dj/core/internal';
import type { ForeignKeyItem, ParsedDefinition } from '../definition/definition-parser';
import type { ReferenceTarget } from '../declare/reference-target';
import type { DeclarationBatch } from '../declare/declaration-batch';
import type { TableDeclaration } from '../declare/table-declaration';

/** What a binding needs from its schema. */
export interface BoundSchema {
  /** Whether the schema has a name and a connection. */
  readonly isActivated: boolean;
  /** The schema name (throws when not activated). */
  readonly name: string;
  /** The connection (throws when not activated). */
  readonly connection: Connection;
  /** Whether missing tables are declared (`createTables`, else `database.create_tables`). */
  readonly createTables: boolean;
  /** Makes sure the schema exists in the database. */
  prepareDatabase(): Promise<void>;
  /** Where decoration-time warnings go. */
  readonly logger: Logger;
  /** The declaration batch of a `schema.ready()` in progress, else `null`. */
  readonly declarationBatch: DeclarationBatch | null;
}

/** A table class as stored in bindings (constructor of a user table). */
export type BoundClass = abstract new () => object;

export interface TableBinding {
  readonly schema: BoundSchema;
  readonly tier: Tier;
  readonly className: string;
  readonly tableName: string;
  /** The parsed definition; `null` for classes made from existing tables (`spawnTables`). */
  readonly parsed: ParsedDefinition | null;
  /** The referenced table of each foreign-key line. */
  readonly targets: Map<ForeignKeyItem, ReferenceTarget>;
  /** The resolved declaration, once every referenced key is known. */
  declaration: TableDeclaration | null;
  /** The master class of a part table. */
  readonly master: BoundClass | null;
  /** Part classes of a master. */
  readonly parts: BoundClass[];
  /** The declaration in progress or done. */
  declaring: Promise<void> | null;
  /** Whether `declaring` has succeeded: queries on the class need not wait for it. */
  declared: boolean;
}

const bindings = new WeakMap<object, TableBinding>();

/** Records the binding of a class. */
export function bindTableClass(cls: object, binding: TableBinding): void {
  bindings.set(cls, binding);
}

/**
 * The binding of a class, or `undefined`. A subclass that is not bound itself acts on the
 * table of the nearest bound class it extends, as in datajoint-python (e.g. a class adding
 * `make()` to a class `spawnTables()` made for a table declared elsewhere).
 */
export function bindingOf(cls: object): TableBinding | undefined {
  for (let current: object | null = cls; current !== null && current !== Function.prototype; current = Object.getPrototypeOf(current) as object | null) {
    const binding = bindings.get(current);
    if (binding) return binding;
  }
  return undefined;
}

/**
 * The binding of a class, ready for use.
 * @throws DataJointError for undecorated classes and classes of schemas not activated yet.
 */
export function requireBinding(cls: { readonly name: string }): TableBinding {
  const binding = bindingOf(cls);
  if (!binding) {
    throw new DataJointError(`Class ${cls.name} is not associated with a schema. Apply a schema decorator or use schema.table() to bind it.`);
  }
  if (!binding.schema.isActivated) {
    throw new DataJointError(
      `Table \`${cls.name}\` is not properly configured: its schema has no name or connection. Activate the schema ` +
        `(schema.activate(name, { instance })), or bind it per Instance with schema.on(instance, name) and use ` +
        `tenant.get(${cls.name}) or tenant.run(() => ...).`,
    );
  }
  return binding;
}

/** Something that caches what it knows about its table (heading, declaration state). */
export interface TableCache {
  /** Forgets it, after the table was dropped. */
  forgetTable(): void;
}

const tablesByConnection = new WeakMap<Connection, Map<string, Set<TableCache>>>();

/** Records that `cache` knows table `fullName` of `connection`. */
export function registerTableCache(connection: Connection, fullName: string, cache: TableCache): void {
  let tables = tablesByConnection.get(connection);
  if (!tables) {
    tables = new Map();
    tablesByConnection.set(connection, tables);
  }
  const set = tables.get(fullName) ?? new Set<TableCache>();
  set.add(cache);
  tables.set(fullName, set);
}

/** Tells everything that knows table `fullName` of `connection` that it is gone. */
export function forgetTable(connection: Connection, fullName: string): void {
  for (const cache of tablesByConnection.get(connection)?.get(fullName) ?? []) cache.forgetTable();
}
