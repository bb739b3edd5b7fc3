/**
 * Table classes: user classes extend a tier (Manual, Lookup, Imported, Computed, Part) and
 * are bound to a schema by `@schema.table`. Everything a query or a table can do is
 * available on the class itself (`Student.restrict(...)`, `Student.insert(...)`), acting on
 * one instance per class.
 */
import { AS_QUERY, type Tier } from '@dj/core/internal';
import { type Heading, type QueryExpression } from '@dj/core';
import { declareTableClass, healLineage, resolveBindingDeclaration, tableLabel } from '../declare/declare-table';
import { alterTable, type AlterOptions } from '../alter/alter-table';
import { Table } from './table';
import { FreeTable } from './free-table';
import { withClassCalls } from './class-calls';
import { registerTableCache, requireBinding } from './table-binding';
import { DataJointError } from '@dj/core';
import { copyInScope } from '../tenants/tenant-scope';

const instances = new WeakMap<object, UserTableBase>();

/** A table class: constructible without arguments once bound to an active schema. */
export type TableClass<T extends UserTable = UserTable> = (new () => T) & typeof UserTable;

/**
 * The table of a user class, without the class-level calls (see {@link UserTable}).
 * Subclasses give their definition as `static readonly definition = \`...\``; it is not
 * declared here so that subclasses need no `override` under `noImplicitOverride`.
 * @internal
 */
export class UserTableBase extends Table {
  /** The tier of the class; set by each tier's base class. */
  static readonly tier: Tier = 'manual';

  constructor() {
    const binding = requireBinding(new.target);
    super(binding.schema.connection, binding.schema.name, binding.tableName);
    registerTableCache(this.connection, this.fullTableName, this);
  }

  /**
   * The one instance static calls act on: the class's own, or inside `tenant.run()` the
   * instance of the tenant's copy of the class.
   */
  static instance<T extends UserTableBase>(this: new () => T): T {
    const cls = copyInScope(this) ?? this;
    let instance = instances.get(cls) as T | undefined;
    if (!instance) {
      instance = new cls();
      instances.set(cls, instance);
    }
    return instance;
  }

  /** The table name with its tier prefix (`#species`, `session__trial`). */
  static get tableName(): string {
    return requireBinding(copyInScope(this) ?? this).tableName;
  }

  /** `` `schema`.`table` `` or `"schema"."table"`. */
  static get fullTableName(): string {
    return this.instance().fullTableName;
  }

  /** The table's heading (available once the table is ready). */
  static get heading(): Heading {
    return this.instance().heading;
  }

  /** Primary-key attribute names (available once the table is ready). */
  static get primaryKey(): readonly string[] {
    return this.instance().primaryKey;
  }

  /** Declares the table if needed and loads its heading. */
  static async ready<T extends UserTableBase>(this: new () => T): Promise<T> {
    return (this as unknown as { instance(): T }).instance().ready();
  }

  /** Same as `ready()`: lets a class be used where an expression is prepared. */
  static async prepare<T extends UserTableBase>(this: new () => T): Promise<T> {
    return (this as unknown as { instance(): T }).instance().ready();
  }

  /**
   * {@link HeadingSource}: declared and its heading loaded.
   * @internal
   */
  override get headingReady(): boolean {
    return this.hasHeading && requireBinding(this.constructor as TableClass).declared;
  }

  override async prepareHeading(): Promise<void> {
    const cls = this.constructor as TableClass;
    await declareTableClass(cls);
    if (this.hasHeading) return;
    await super.prepareHeading();
    if (await healLineage(cls, requireBinding(cls), this.heading)) {
      this.useHeading(null);
      await super.prepareHeading();
    }
  }

  protected tableNamed(fullName: string): Table {
    return new FreeTable(this.connection, fullName);
  }

  /**
   * Alters the table in the database to what the class's definition now declares: adds,
   * drops, renames (`# {old_name} comment`) and retypes secondary attributes, changes
   * their defaults and comments and the table comment. Shows the statements and asks
   * first when `safemode` is on (or `prompt: true`). Resolves to the statements run.
   * @throws DataJointError for changes of the primary key, foreign keys or indexes, and inside a transaction.
   */
  async alter(options: AlterOptions = {}): Promise<string[]> {
    await this.ready();
    const cls = this.constructor as TableClass;
    const binding = requireBinding(cls);
    if (binding.parsed === null) {
      throw new DataJointError(`Table ${this.fullTableName} has no definition to alter it to: its class was made from the database.`);
    }
    const declaration = await resolveBindingDeclaration(cls, binding);
    const target = { connection: this.connection, schema: this.schemaName, table: this.tableName, label: tableLabel(cls, binding), heading: this.heading, declaration };
    const statements = await alterTable(target, options);
    if (statements.length > 0) this.resetHeading();
    return statements;
  }

  /** Reloads the heading after the table was (re)declared. */
  resetHeading(): void {
    this.refreshCatalog();
  }

  /** The expression a class stands for where a query is expected. */
  static expression(): QueryExpression {
    return this.instance();
  }

  /** A table class stands for its table wherever a query is expected. */
  static [AS_QUERY](): QueryExpression {
    return this.instance();
  }
}

/**
 * Base of every user table class. Every public query and table method is also callable on
 * the class itself (`Student.restrict(...)`, `Student.insert1(...)`), acting on the class's
 * one instance, with rows typed by the class's `static readonly definition`.
 */
export const UserTable = withClassCalls(UserTableBase);
/** The table of a user class (see the class {@link UserTable}). */
export type UserTable = UserTableBase;
