import { inspect } from 'node:util';
import { AccessError, DataJointError, type Connection } from '@dj/core';
import { clearHeadingCache, forgetCatalogReads, fromCamelCase, preloadSchemaHeadings, Logger, splitPartTableName, TIER_PREFIXES, tierOfTableName, toCamelCase, type Tier } from '@dj/core/internal';
import { DependencyGraph } from '@dj/diagram/internal';
import { parseDefinition, type ForeignKeyItem, type TableReference } from '../definition/definition-parser';
import { classTarget, tableTarget } from '../declare/reference-targets';
import type { ReferenceTarget } from '../declare/reference-target';
import { declareTableClass, tableLabel } from '../declare/declare-table';
import { DeclarationBatch } from '../declare/declaration-batch';
import { resolveDeclaration } from '../declare/table-declaration';
import { confirmDestructive } from '../interaction/confirm';
import { dependentsOutside, dropTables, tableList } from '../delete/graph-drop';
import { FreeTable } from '../tables/free-table';
import { Table } from '../tables/table';
import { bindTableClass, bindingOf, type BoundSchema, type TableBinding } from '../tables/table-binding';
import { Computed, Imported, Lookup, Manual, Part, TIER_CLASSES, tierOfClass } from '../tables/tiers';
import type { TableClass, UserTable } from '../tables/user-table';
import { rebuildSchemaLineage, schemaLineage } from './schema-lineage';
import { registerCopy, registerSchemaCopies, withCopies } from '../tenants/tenant-scope';
import { recordDeclaringModule } from '../populate/declaring-module';
import { JobsTable } from '../jobs/jobs-table';
import { jobsTableName } from '../jobs/jobs-definition';
import { defaultKeySource } from '../populate/key-source';

/** The jobs table of an auto-populated table no class of the schema is bound to. */
function freeJobsTable(connection: Connection, schemaName: string, tableName: string): JobsTable {
  const fullTableName = connection.adapter.fullTableName(schemaName, tableName);
  const table = new FreeTable(connection, fullTableName);
  return new JobsTable({
    connection,
    schemaName,
    tableName,
    fullTableName,
    ready: () => table.ready(),
    keySource: () => defaultKeySource(connection, schemaName, tableName),
    keysQuery: () => table.proj(),
  });
}

/** Options of a Schema. */
export interface SchemaOptions {
  /** Names foreign keys can refer to besides the schema's own classes: `{ acquisition }` for `-> acquisition.Session`. */
  context?: Record<string, unknown>;
  /** Create the schema in the database when it does not exist (default true). */
  createSchema?: boolean;
  /** Declare missing tables (default: `database.create_tables` of the connection's config). */
  createTables?: boolean;
  /** The connection; `dj.Schema` uses the global one, `inst.Schema` the Instance's. */
  connection?: Connection;
}

/** Options of {@link Schema.activate}. */
export interface ActivateOptions extends Omit<SchemaOptions, 'context'> {
  /** An Instance (or anything with a connection) to activate the schema on. */
  instance?: { readonly connection: Connection };
}

/** Options of {@link Schema.spawnTables}. */
export interface SpawnOptions {
  /** Create the schema when it does not exist (default false: a missing schema is an error). */
  createSchema?: boolean;
}

/** Options of {@link Schema.drop}. */
export interface SchemaDropOptions {
  /** Ask before dropping (default: `safemode`). */
  prompt?: boolean;
}

/** Loggers for schemas that have no connection yet (decoration-time warnings). */
const detachedLogger = new Logger(() => 'WARNING');

function isTableObject(value: unknown): value is Table {
  return value instanceof Table;
}

/**
 * A DataJoint schema: a MySQL database or a PostgreSQL schema holding a pipeline's tables.
 * Table classes are bound to it with `@schema.table` (or `schema.table(Class)`); tables are
 * declared on first use or on `await schema.ready()`.
 *
 * @example
 * ```ts
 * const schema = inst.Schema('university');
 * @schema.table
 * class Student extends dj.Manual {
 *   static definition = `student_id : int32\n---\nname : varchar(40)`;
 * }
 * await schema.ready();
 * ```
 */
export class Schema implements BoundSchema {
  /** Names foreign-key references resolve through, after the schema's own classes. */
  readonly context: Record<string, unknown>;
  private schemaName: string | null = null;
  private conn: Connection | null = null;
  private createSchemaOption: boolean;
  private createTablesOption: boolean | undefined;
  private readonly classes = new Map<string, TableClass>();
  private readonly order: TableClass[] = [];
  private databaseReady: Promise<void> | null = null;
  /** @internal The declaration batch of a {@link ready} in progress. */
  declarationBatch: DeclarationBatch | null = null;
  /** For a tenant: each class of its template → the copy that acts for it here. */
  private readonly copies = new Map<object, TableClass>();
  /**
   * The tenants made from this schema by {@link on}, by connection and name; weakly held,
   * so that a closed Instance (a test's, an evicted tenant's) and its copies can be freed.
   */
  private readonly tenants = new WeakMap<Connection, Map<string, Schema>>();

  constructor(name: string | null = null, options: SchemaOptions = {}) {
    this.context = options.context ?? {};
    this.createSchemaOption = options.createSchema ?? true;
    this.createTablesOption = options.createTables;
    registerSchemaCopies(this, this.copies);
    if (name !== null) this.activate(name, options);
  }

  /** Whether the schema has a name and a connection. */
  get isActivated(): boolean {
    return this.schemaName !== null && this.conn !== null;
  }

  /** The schema's name in the database. */
  get name(): string {
    if (this.schemaName === null) throw new DataJointError('Schema must be activated first.');
    return this.schemaName;
  }

  /** The schema's connection. */
  get connection(): Connection {
    if (this.conn === null) throw new DataJointError('Schema must be activated first.');
    return this.conn;
  }

  /** Whether missing tables are declared. */
  get createTables(): boolean {
    return this.createTablesOption ?? this.connection.config.database.create_tables;
  }

  /** Where this schema reports warnings. */
  get logger(): Logger {
    return this.conn?.config.logger ?? detachedLogger;
  }

  /**
   * Gives a schema created without a name its name and connection. Activating again under
   * the same name does nothing; under another name it is an error.
   */
  activate(name: string, options: ActivateOptions = {}): this {
    if (!name) throw new DataJointError('Please provide a schema name to activate the schema.');
    if (this.schemaName !== null) {
      if (this.schemaName === name) return this;
      throw new DataJointError(`The schema is already activated for schema ${this.schemaName}.`);
    }
    const connection = options.connection ?? options.instance?.connection;
    if (!connection) throw new DataJointError(`Schema ${name} needs a connection: pass { instance } or { connection }.`);
    this.schemaName = name;
    this.conn = connection;
    connection.schemas.add(name);
    if (options.createSchema !== undefined) this.createSchemaOption = options.createSchema;
    if (options.createTables !== undefined) this.createTablesOption = options.createTables;
    if (connection.config.database.database_prefix) {
      this.logger.warn('database.database_prefix is deprecated in DataJoint 2.x and is not applied to schema names.');
    }
    return this;
  }

  /**
   * Binds a table class to this schema; usable as a decorator (`@schema.table`) or a call
   * (`schema.table(Class)`). The definition is parsed and checked at once.
   * @throws DataJointError naming the table and the offending line.
   */
  readonly table = <T extends abstract new () => object>(cls: T, _decoratorContext?: unknown): T => {
    const tier = tierOfClass(cls);
    if (tier === null) {
      throw new DataJointError(`Class ${cls.name} must extend dj.Manual, dj.Lookup, dj.Imported or dj.Computed.`);
    }
    if (tier === 'part') throw new DataJointError('The schema decorator should not be applied to Part tables.');
    this.bind(cls as unknown as TableClass, tier, null);
    recordDeclaringModule(cls);
    return cls;
  };

  /**
   * This schema's table classes for another Instance: a new Schema activated on `instance`
   * (under `name`, by default this schema's name) holding a *tenant copy* of every class
   * bound here, parts included. Copies are subclasses of the classes, so their methods
   * (`make()`, `keySource`) are inherited and `instanceof` holds; the classes themselves are
   * not changed. Foreign keys between this schema's classes resolve to the copies; those to
   * other schemas' classes resolve to that schema's tenant on the same Instance when there
   * is one, else to the class as declared. The same Instance and name give the same tenant.
   *
   * @example
   * ```ts
   * const lab = dj.Schema();                 // a template: no name, no connection
   * @lab.table class Subject extends dj.Manual { static readonly definition = `...`; }
   * const a = lab.on(instA, 'lab_a');
   * await a.get(Subject).toDicts();          // acts on lab_a through instA
   * await a.run(async () => Subject.insert1({ ... }));   // Subject acts on lab_a inside
   * ```
   */
  on(instance: { readonly connection: Connection }, name?: string): Schema {
    const schemaName = name ?? this.schemaName;
    if (!schemaName) throw new DataJointError('schema.on(instance, name) needs a name: this schema was created without one.');
    const connection = instance.connection;
    const existing = this.tenants.get(connection)?.get(schemaName);
    if (existing) return existing;
    const tenant = new Schema(schemaName, {
      connection,
      context: this.context,
      createSchema: this.createSchemaOption,
      ...(this.createTablesOption === undefined ? {} : { createTables: this.createTablesOption }),
    });
    for (const cls of this.order) if (bindingOf(cls)!.master === null) tenant.adopt(cls);
    const byName = this.tenants.get(connection) ?? new Map<string, Schema>();
    byName.set(schemaName, tenant);
    this.tenants.set(connection, byName);
    return tenant;
  }

  /**
   * The copy of `cls` that acts on this tenant (see {@link on}), typed as `cls`.
   * @throws DataJointError when `cls` is not a class of the schema this tenant was made from.
   */
  get<C extends abstract new () => object>(cls: C): C {
    const copy = this.copies.get(cls);
    if (!copy) throw new DataJointError(`${cls.name} is not a table class of the schema ${this} was made from.`);
    return copy as unknown as C;
  }

  /**
   * Runs `fn` in a scope where every class this tenant was made from, named directly, acts
   * on this tenant (see {@link on}). Scopes follow async context: they nest, run
   * concurrently for different tenants without crossing, and end with `fn`.
   */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return withCopies(this.copies, async () => fn());
  }

  /** The table classes bound to this schema, by class name. */
  get tables(): Readonly<Record<string, TableClass>> {
    return Object.fromEntries(this.classes);
  }

  /** Creates the schema in the database if needed (once). */
  prepareDatabase(): Promise<void> {
    this.databaseReady ??= this.createDatabase().catch((err: unknown) => {
      this.databaseReady = null;
      throw err;
    });
    return this.databaseReady;
  }

  /**
   * Declares every table bound to this schema (parents first) and loads their headings:
   * the schema's catalog is read once before and once after, not per table.
   */
  async ready(): Promise<void> {
    await this.prepareDatabase();
    const connection = this.connection;
    const batch = await DeclarationBatch.read(connection, this.name);
    this.declarationBatch = batch;
    try {
      for (const cls of this.order) await declareTableClass(cls as unknown as typeof UserTable);
    } finally {
      if (this.declarationBatch === batch) this.declarationBatch = null;
    }
    await preloadSchemaHeadings(connection, [this.name]);
    // what ready() read for itself is not kept for dependency graphs: they read the catalog afresh, as before ready()
    forgetCatalogReads(connection);
    for (const cls of this.order) await (cls as unknown as typeof UserTable).instance().ready();
  }

  /** Whether the schema exists in the database. */
  async exists(): Promise<boolean> {
    return this.connection.introspector.schemaExists(this.connection, this.name);
  }

  /** Names of the schema's tables in dependency order (parts after their masters), hidden tables left out. */
  async listTables(): Promise<string[]> {
    const graph = await DependencyGraph.load(this.connection, [this.name], { foreignSchemas: 'ignore' });
    return graph
      .topologicalOrder()
      .map((fullName) => graph.node(fullName))
      .filter((node) => node.schema === this.name)
      .map((node) => node.table);
  }

  /**
   * Drops the schema and everything in it, after asking when `safemode` is on (or
   * `prompt: true`). A schema that does not exist is left alone.
   */
  async drop(options: SchemaDropOptions = {}): Promise<void> {
    const connection = this.connection;
    if (!(await this.exists())) {
      this.logger.info(`Schema named \`${this.name}\` does not exist. Doing nothing.`);
      return;
    }
    // tables of other schemas that depend on this one go first, so no foreign key is left dangling
    const outside = await dependentsOutside(connection, this);
    const question = outside.length
      ? `Proceed to delete entire schema \`${this.name}\`? These tables of other schemas depend on it and are dropped first:\n${tableList(outside)}\n`
      : `Proceed to delete entire schema \`${this.name}\`?`;
    const proceed = await confirmDestructive(connection.config, question, options.prompt, 'Drop');
    if (!proceed) return;
    await dropTables(connection, outside);
    try {
      await connection.query(connection.adapter.dropSchemaSql(this.name));
    } catch (err) {
      if (err instanceof AccessError) {
        throw new AccessError(`An attempt to drop schema \`${this.name}\` has failed. Check permissions.`, { cause: err });
      }
      throw err;
    }
    this.databaseReady = null;
    clearHeadingCache(connection);
    for (const cls of this.order) (cls as unknown as typeof UserTable).instance().forgetTable();
  }

  /** Lineage of every attribute of the schema: `schema.table.attribute` → origin. */
  async lineage(): Promise<Record<string, string>> {
    return schemaLineage(this.connection, this.name);
  }

  /** Recomputes the schema's `~lineage` rows from its foreign keys. */
  async rebuildLineage(): Promise<void> {
    await rebuildSchemaLineage(this.connection, this.name);
    clearHeadingCache(this.connection);
  }

  /**
   * The jobs tables of the schema's Computed and Imported tables that have one (a jobs
   * table is created by the first `T.jobs` use or `populate({ reserveJobs: true })`), in
   * dependency order. A table bound to a class of this schema uses its class's key source.
   */
  async jobs(): Promise<JobsTable[]> {
    await this.assertExists();
    const connection = this.connection;
    const existing = new Set((await connection.introspector.listTables(connection, this.name)).filter((t) => t.startsWith('~~')));
    const result: JobsTable[] = [];
    for (const table of await this.listTables()) {
      const tier = tierOfTableName(table);
      if ((tier !== 'computed' && tier !== 'imported') || !existing.has(jobsTableName(table))) continue;
      const cls = this.order.find((c) => bindingOf(c)!.tableName === table) as (TableClass & { jobs?: JobsTable }) | undefined;
      result.push(cls?.jobs ?? freeJobsTable(connection, this.name, table));
    }
    return result;
  }

  /**
   * A FreeTable for a table of this schema, by table name (`session`, `#species`) or class
   * name (`Session`, `Species`).
   * @throws DataJointError when there is no such table.
   */
  async getTable(name: string): Promise<FreeTable> {
    const found = await this.findTableName(name);
    if (!found) throw new DataJointError(`Table \`${name}\` does not exist in schema \`${this.name}\`.`);
    return new FreeTable(this.connection, this.connection.adapter.fullTableName(this.name, found));
  }

  /** Whether the schema has a table of this name (found as by {@link getTable}). */
  async has(name: string): Promise<boolean> {
    return (await this.findTableName(name)) !== null;
  }

  /** FreeTables for the schema's tables in dependency order: `for await (const table of schema)`. */
  async *[Symbol.asyncIterator](): AsyncIterator<FreeTable> {
    await this.assertExists();
    for (const table of await this.listTables()) {
      yield new FreeTable(this.connection, this.connection.adapter.fullTableName(this.name, table));
    }
  }

  /**
   * Table classes for every table of the schema as it is in the database (including tables
   * declared by datajoint-python), like datajoint-python's `make_classes`: masters by class
   * name, parts as static properties of their masters. Classes already bound are reused.
   * A schema missing from the database is an error unless `createSchema: true` is passed
   * (then it is created, empty, as the schema's own `createSchema` option allows).
   * @throws DataJointError when the schema does not exist and was not to be created.
   */
  async spawnTables(options: SpawnOptions = {}): Promise<Record<string, TableClass>> {
    if (options.createSchema) await this.prepareDatabase();
    else await this.assertExists();
    const tables = await this.connection.introspector.listTables(this.connection, this.name);
    const result: Record<string, TableClass> = {};
    const bases: Record<Exclude<Tier, 'part'>, TableClass> = {
      manual: Manual as TableClass,
      lookup: Lookup as TableClass,
      imported: Imported as TableClass,
      computed: Computed as TableClass,
    };
    const parts: string[] = [];
    const spawned: TableClass[] = [];
    for (const table of tables) {
      const tier = tierOfTableName(table);
      if (tier === null) continue;
      if (tier === 'part') {
        parts.push(table);
        continue;
      }
      const className = toCamelCase(table);
      result[className] = this.classes.get(className) ?? this.spawn(className, bases[tier], tier, null);
      spawned.push(result[className]);
    }
    for (const table of parts) {
      const { master, part } = splitPartTableName(table)!;
      const masterClass = result[toCamelCase(master)];
      if (!masterClass) throw new DataJointError(`The table ${table} does not follow DataJoint naming conventions`);
      const partName = toCamelCase(part);
      const existing = (masterClass as unknown as Record<string, unknown>)[partName];
      if (typeof existing === 'function' && bindingOf(existing)) continue;
      const partClass = this.spawn(partName, Part as TableClass, 'part', masterClass);
      Object.defineProperty(masterClass, partName, { value: partClass, enumerable: true, configurable: true });
      spawned.push(partClass);
    }
    await Promise.all(spawned.map((cls) => (cls as unknown as typeof UserTable).instance().ready()));
    return result;
  }

  /** ``Schema `lab` `` (or `(not activated)`). */
  toString(): string {
    return `Schema \`${this.schemaName ?? '(not activated)'}\``;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- binding

  private async assertExists(): Promise<void> {
    if (!(await this.exists())) throw new DataJointError(`Schema \`${this.name}\` has not been created.`);
  }

  /**
   * The table name a class or table name refers to: `Session` → `session`, then the name as
   * is or with a tier prefix. Hidden `~` tables are not found, as they are not listed.
   */
  private async findTableName(name: string): Promise<string | null> {
    await this.assertExists();
    const tables = (await this.connection.introspector.listTables(this.connection, this.name)).filter((t) => !t.startsWith('~'));
    const snake = /^[A-Z]/.test(name) ? fromCamelCase(name) : name;
    return tables.includes(snake) ? snake : (['', '#', '_', '__'].map((p) => p + snake).find((t) => tables.includes(t)) ?? null);
  }

  private async createDatabase(): Promise<void> {
    const connection = this.connection;
    if (await connection.introspector.schemaExists(connection, this.name)) return;
    if (!this.createSchemaOption) {
      throw new DataJointError(`Database \`${this.name}\` has not yet been declared. Set option createSchema: true to create it.`);
    }
    try {
      await connection.query(connection.adapter.createSchemaSql(this.name));
    } catch (err) {
      if (err instanceof AccessError) {
        throw new AccessError(`Schema \`${this.name}\` does not exist and could not be created. Check permissions.`, { cause: err });
      }
      // Another process may have created it meanwhile.
      if (!(await connection.introspector.schemaExists(connection, this.name))) throw err;
    }
  }

  /** Makes a class for an existing table. */
  private spawn(className: string, base: TableClass, tier: Tier, master: TableClass | null): TableClass {
    const cls = { [className]: class extends (base as unknown as typeof Manual) {} }[className]! as unknown as TableClass;
    const tableName = master ? `${bindingOf(master)!.tableName}__${fromCamelCase(className)}` : TIER_PREFIXES[tier as Exclude<Tier, 'part'>] + fromCamelCase(className);
    const binding: TableBinding = {
      schema: this,
      tier,
      className,
      tableName,
      parsed: null,
      targets: new Map(),
      declaration: null,
      master,
      parts: [],
      declaring: null,
      declared: false,
    };
    bindTableClass(cls, binding);
    if (!master) this.register(cls);
    else bindingOf(master)!.parts.push(cls);
    return cls;
  }

  /** Binds a copy of a master class of the template (and copies of its parts) here. */
  private adopt(template: TableClass): void {
    const copy = subclassOf(template);
    this.copies.set(template, copy);
    registerCopy(copy, this.copies);
    for (const [key, part] of partProperties(template)) {
      const partCopy = subclassOf(part);
      this.copies.set(part, partCopy);
      registerCopy(partCopy, this.copies);
      Object.defineProperty(copy, key, { value: partCopy, enumerable: true, configurable: true, writable: true });
    }
    this.bind(copy, bindingOf(template)!.tier, null);
  }

  /**
   * The class a foreign key to `value` means here: its copy in this tenant, or in the tenant
   * its own schema has on this connection; else `value` itself.
   */
  private localClassFor(value: unknown): unknown {
    if (typeof value !== 'function') return value;
    const own = this.copies.get(value);
    if (own) return own;
    const schema = bindingOf(value)?.schema;
    if (!(schema instanceof Schema) || !this.conn) return value;
    for (const tenant of schema.tenants.get(this.conn)?.values() ?? []) {
      const copy = tenant.copies.get(value);
      if (copy) return copy;
    }
    return value;
  }

  private register(cls: TableClass): void {
    this.classes.set(cls.name, cls);
    this.order.push(cls);
  }

  /** Binds a master (or a part, given its master) and, for masters, its part classes. */
  private bind(cls: TableClass, tier: Tier, master: TableClass | null): void {
    const logger = this.logger;
    const className = cls.name;
    const ownName = fromCamelCase(className, (message) => logger.warn(message));
    const tableName = master ? `${bindingOf(master)!.tableName}__${ownName}` : TIER_PREFIXES[tier as Exclude<Tier, 'part'>] + ownName;
    const definition = (cls as unknown as { definition?: unknown }).definition;
    const label = this.isActivated ? `${this.connection.adapter.fullTableName(this.name, tableName)} (class ${className})` : `class ${className}`;
    if (definition === undefined) throw new DataJointError(`Table ${label} has no definition: declare \`static definition = \`...\`\`.`);
    const parsed = parseDefinition(definition as string, label);
    const targets = new Map<ForeignKeyItem, ReferenceTarget>();
    for (const item of parsed.items) {
      if (item.kind !== 'foreignKey') continue;
      targets.set(item, this.resolveReference(item, label, cls, master));
    }
    const binding: TableBinding = { schema: this, tier, className, tableName, parsed, targets, declaration: null, master, parts: [], declaring: null, declared: false };
    this.validateNow(cls, binding);
    if (this.isActivated && tableName.length > this.connection.adapter.maxTableNameLength) {
      throw new DataJointError(`Table name \`${tableName}\` exceeds the max length of ${this.connection.adapter.maxTableNameLength}`);
    }
    bindTableClass(cls, binding);
    if (master) {
      bindingOf(master)!.parts.push(cls);
      this.order.push(cls);
    } else {
      this.register(cls);
      for (const part of ownPartClasses(cls)) this.bind(part, 'part', cls);
    }
  }

  /** Checks the declaration now if every referenced key is known without the database. */
  private validateNow(cls: TableClass, binding: TableBinding): void {
    const keys = new Map([...binding.targets.values()].map((t) => [t, t.knownKey()]));
    if ([...keys.values()].some((k) => k === null)) return;
    binding.declaration = resolveDeclaration(binding.parsed!, {
      label: tableLabel(cls, binding),
      tier: binding.tier,
      targets: binding.targets,
      keyOf: (target) => keys.get(target)!,
      allowNewKeyInAutoPopulated: this.isActivated ? this.connection.config.jobs.allow_new_pk_fields_in_computed_tables : false,
    });
  }

  /** Resolves `-> Reference`: `master`, this schema's classes, then the context; `.Name` steps into properties. */
  private resolveReference(item: ForeignKeyItem, label: string, self: TableClass, master: TableClass | null): ReferenceTarget {
    const reference: TableReference = item.reference;
    const [first, ...rest] = reference.path;
    let value: unknown;
    if (first === 'master' && master) value = master;
    else if (first === 'self') value = self;
    else if (this.classes.has(first!)) value = this.classes.get(first!);
    else if (master && first === master.name) value = master;
    else if (first! in this.context) value = this.context[first!];
    for (const step of rest) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[step];
    value = this.localClassFor(value);
    if (value === undefined || value === null) {
      throw new DataJointError(`Foreign key reference ${reference.text} could not be resolved in line "${item.line}" of the definition of ${label}.`);
    }
    if (typeof value === 'function' && bindingOf(value)) {
      const cls = value as unknown as TableClass;
      const binding = bindingOf(value)!;
      return classTarget(cls.name, binding, () => declareTableClass(cls as unknown as typeof UserTable), () => (cls as unknown as typeof UserTable).instance());
    }
    if (isTableObject(value)) return tableTarget(value);
    throw new DataJointError(
      `Dependency "${reference.text}" is not supported (yet). Use a base table or its projection (line "${item.line}" of the definition of ${label}).`,
    );
  }
}

/**
 * Part classes declared as static properties of a master or of the classes it extends
 * (a subclassed master declares the parts it inherits, as datajoint-python's `ordered_dir`
 * finds them), with the property naming each: base classes first, each in declaration order.
 */
function partProperties(master: TableClass): Array<[string, TableClass]> {
  const chain: object[] = [];
  for (let cls: object | null = master; cls !== null && !(TIER_CLASSES as readonly object[]).includes(cls); cls = Object.getPrototypeOf(cls) as object | null) {
    chain.unshift(cls);
  }
  const keys = new Set(chain.flatMap((cls) => Object.getOwnPropertyNames(cls)));
  const parts: Array<[string, TableClass]> = [];
  for (const key of keys) {
    if (!/^[A-Z]/.test(key)) continue;
    const value = (master as unknown as Record<string, unknown>)[key];
    if (typeof value === 'function' && value.prototype instanceof Part && !parts.some(([, p]) => p === value)) parts.push([key, value as TableClass]);
  }
  return parts;
}

/** The part classes of a master (see {@link partProperties}). */
function ownPartClasses(master: TableClass): TableClass[] {
  return partProperties(master).map(([, part]) => part);
}

/** A subclass of `cls` with the same name, adding nothing. */
function subclassOf(cls: TableClass): TableClass {
  const base = cls as unknown as typeof Manual;
  return { [cls.name]: class extends base {} }[cls.name]! as unknown as TableClass;
}
