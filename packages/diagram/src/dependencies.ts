/**
 * The foreign-key graph of a set of schemas, read from the catalog. Nodes are tables
 * (named by their backend-quoted full name, hidden `~` tables left out), held in
 * `dependency-graph` for order; the foreign keys themselves, of which there may be several
 * between one pair of tables, sit in side maps because the package has no edge attributes.
 */
import { DepGraph } from 'dependency-graph';
import { catalogMemo, sharedForeignKeys, sharedPrimaryKeys, sharedTables, type ForeignKeyInfo } from '@dj/core/internal';
import { DataJointError, type Connection } from '@dj/core';
import { masterOf, topologicalOrder } from './topological-order';

/** One foreign-key constraint as a graph edge. */
export interface ForeignKeyEdge {
  /** Constraint name. */
  readonly name: string;
  /** Full names (backend-quoted) of the referenced and the referencing table. */
  readonly parent: string;
  readonly child: string;
  /** Referencing column → referenced column, in constraint order. */
  readonly attrMap: Readonly<Record<string, string>>;
  /** The referencing columns are all in the child's primary key. */
  readonly primary: boolean;
  /** Some referencing column has another name than the column it references. */
  readonly aliased: boolean;
  /** The referencing columns are not exactly the child's primary key (the child may have many rows per parent row). */
  readonly multi: boolean;
}

/** A table of the graph. */
export interface TableNode {
  readonly schema: string;
  readonly table: string;
  readonly fullName: string;
  readonly primaryKey: readonly string[];
}

/** Options of {@link DependencyGraph.load}. */
export interface LoadOptions {
  /**
   * Also load every schema with tables that depend, directly or not, on tables of the
   * given schemas (so that cascades reach them). Default false.
   */
  downstream?: boolean;
  /**
   * Also load every schema with tables that tables of the given schemas depend on,
   * directly or not (so that ancestors and traces reach them). Default false.
   */
  upstream?: boolean;
  /**
   * A foreign key from a table of the given schemas into a schema that is not loaded:
   * `'error'` (default) refuses it, telling to activate that schema; `'ignore'` leaves it out.
   */
  foreignSchemas?: 'error' | 'ignore';
}

/** Schemas reached from `start` by following foreign keys from `from` to `to` side, repeatedly. */
function reached(start: Iterable<string>, foreignKeys: readonly ForeignKeyInfo[], from: 'parentSchema' | 'childSchema', to: 'parentSchema' | 'childSchema'): Set<string> {
  const result = new Set(start);
  let grew = true;
  while (grew) {
    grew = false;
    for (const fk of foreignKeys) {
      if (result.has(fk[from]) && !result.has(fk[to])) {
        result.add(fk[to]);
        grew = true;
      }
    }
  }
  return result;
}

export class DependencyGraph {
  private readonly graph = new DepGraph<TableNode>();
  private readonly edgeList: ForeignKeyEdge[] = [];
  private readonly byParent = new Map<string, ForeignKeyEdge[]>();
  private readonly byChild = new Map<string, ForeignKeyEdge[]>();
  private order: string[] | null = null;
  /** Full names, sorted: the graph does not change once loaded, and a diagram asks for them on every resolution. */
  private nodeList: readonly string[] = [];
  private readonly descendantLists = new Map<string, readonly string[]>();

  private constructor(
    /** The schemas loaded. */
    readonly schemas: readonly string[],
  ) {}

  /**
   * Reads the foreign-key graph of the schemas: their tables and every foreign key between
   * them (and, with `downstream`, of every schema that depends on them).
   * @throws DataJointError when a table of the given schemas references a schema that is not loaded.
   */
  static load(connection: Connection, schemas: readonly string[], options: LoadOptions = {}): Promise<DependencyGraph> {
    return DependencyGraph.read(connection, schemas, options, false);
  }

  /**
   * {@link DependencyGraph.load}; with `shared`, the tables, primary and foreign keys come from the
   * connection's catalog cache that the heading loader fills too (each view read once).
   */
  private static async read(connection: Connection, schemas: readonly string[], options: LoadOptions, shared: boolean): Promise<DependencyGraph> {
    const { introspector, adapter } = connection;
    const given = new Set(schemas);
    const keysOf = (names: readonly string[]) => (shared ? sharedPrimaryKeys(connection, names) : introspector.primaryKeys(connection, names));
    const tablesOf = (names: readonly string[]) => (shared ? sharedTables(connection, names) : introspector.tablesOf(connection, names));
    const foreignKeysOf = (names: readonly string[]) => (shared ? sharedForeignKeys(connection, names) : introspector.foreignKeys(connection, names));
    // most often no other schema depends on these: read their keys and tables while the foreign keys tell
    const speculative = Promise.all([keysOf([...given]), tablesOf([...given])]);
    speculative.catch(() => undefined);
    // the foreign keys of a set of schemas are those from and into it: they name the schemas that depend
    // on it (downstream) and that it depends on (upstream), read again until no schema is added
    let loaded = [...given].sort();
    let foreignKeys = await foreignKeysOf(loaded);
    for (;;) {
      const down = options.downstream ? reached(given, foreignKeys, 'parentSchema', 'childSchema') : new Set<string>();
      const up = options.upstream ? reached(given, foreignKeys, 'childSchema', 'parentSchema') : new Set<string>();
      const all = [...new Set([...loaded, ...down, ...up])].sort();
      if (all.length === loaded.length) break;
      loaded = all;
      foreignKeys = await foreignKeysOf(loaded);
    }
    const result = new DependencyGraph(loaded);
    const [keys, tableInfos] = await (loaded.length === given.size ? speculative : Promise.all([keysOf(loaded), tablesOf(loaded)]));
    const keyOf = new Map(keys.map((k) => [`${k.schema}\u0000${k.table}`, k.columns]));
    const nodes: TableNode[] = [];
    for (const { schema, name: table } of tableInfos) {
      if (table.startsWith('~')) continue;
      nodes.push({ schema, table, fullName: adapter.fullTableName(schema, table), primaryKey: keyOf.get(`${schema}\u0000${table}`) ?? [] });
    }
    nodes.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
    for (const node of nodes) result.graph.addNode(node.fullName, node);
    result.nodeList = nodes.map((node) => node.fullName);
    for (const fk of foreignKeys) {
      if (fk.childTable.startsWith('~') || fk.parentTable.startsWith('~')) continue;
      const parent = adapter.fullTableName(fk.parentSchema, fk.parentTable);
      const child = adapter.fullTableName(fk.childSchema, fk.childTable);
      if (!result.graph.hasNode(child)) continue; // a dependent schema that was not asked for
      if (!result.graph.hasNode(parent)) {
        // parents of tables in discovered schemas matter to no cascade from the given ones
        if (options.foreignSchemas === 'ignore' || !given.has(fk.childSchema)) continue;
        throw new DataJointError(
          `Table ${child} references ${parent} in schema \`${fk.parentSchema}\`, which is not loaded. ` +
            `Activate schema \`${fk.parentSchema}\` (create its Schema object on this connection) to include it.`,
        );
      }
      result.addEdge(fk.name, parent, child, fk.columns);
    }
    try {
      result.graph.overallOrder();
    } catch {
      throw new DataJointError('DataJoint can only work with acyclic dependencies');
    }
    return result;
  }

  /**
   * {@link DependencyGraph.load}, read once per connection and options until DDL through
   * DataJoint (declare, alter, drop) clears the connection's catalog cache.
   */
  static cached(connection: Connection, schemas: readonly string[], options: LoadOptions = {}): Promise<DependencyGraph> {
    const key = JSON.stringify(['dependency-graph', [...schemas].sort(), options.downstream ?? false, options.upstream ?? false, options.foreignSchemas ?? 'error']);
    return catalogMemo(connection, key, () => DependencyGraph.read(connection, schemas, options, true));
  }

  private addEdge(name: string, parent: string, child: string, columns: ReadonlyArray<{ child: string; parent: string }>): void {
    const childKey = this.graph.getNodeData(child).primaryKey;
    const edge: ForeignKeyEdge = {
      name,
      parent,
      child,
      attrMap: Object.fromEntries(columns.map((c) => [c.child, c.parent])),
      primary: columns.every((c) => childKey.includes(c.child)),
      aliased: columns.some((c) => c.child !== c.parent),
      multi: columns.length !== childKey.length || columns.some((c) => !childKey.includes(c.child)),
    };
    this.edgeList.push(edge);
    pushTo(this.byParent, parent, edge);
    pushTo(this.byChild, child, edge);
    if (parent !== child) this.graph.addDependency(child, parent);
  }

  /** Every table's full name, sorted by name. */
  get nodes(): readonly string[] {
    return this.nodeList;
  }

  /** Whether the graph has this table. */
  has(fullName: string): boolean {
    return this.graph.hasNode(fullName);
  }

  /** The node of a table. */
  node(fullName: string): TableNode {
    return this.graph.getNodeData(fullName);
  }

  /** All foreign keys. */
  get edges(): readonly ForeignKeyEdge[] {
    return this.edgeList;
  }

  /** Foreign keys into `fullName` from its children. */
  childEdges(fullName: string): readonly ForeignKeyEdge[] {
    return this.byParent.get(fullName) ?? [];
  }

  /** Foreign keys from `fullName` to its parents. */
  parentEdges(fullName: string): readonly ForeignKeyEdge[] {
    return this.byChild.get(fullName) ?? [];
  }

  /** Tables that depend on `fullName`, directly or not (a cascade asks several times per table). */
  descendants(fullName: string): readonly string[] {
    let list = this.descendantLists.get(fullName);
    if (!list) {
      list = this.graph.dependantsOf(fullName);
      this.descendantLists.set(fullName, list);
    }
    return list;
  }

  /** Tables `fullName` depends on, directly or not. */
  ancestors(fullName: string): string[] {
    return this.graph.dependenciesOf(fullName);
  }

  /** The master of a part table, when it is in the graph. */
  masterOf(fullName: string): string | null {
    return masterOf(fullName, this.graph);
  }

  /**
   * Tables in dependency order (parents first), each part table right after its master
   * when that keeps every parent before its children.
   */
  topologicalOrder(): readonly string[] {
    this.order ??= topologicalOrder(this.graph);
    return this.order;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
