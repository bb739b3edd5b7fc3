/**
 * `dj.Diagram`: the dependency graph of a pipeline as an object to inspect, restrict and
 * draw. Building a diagram and combining diagrams is synchronous; the graph is read from
 * the database on the first awaited call, and every operation returns a new diagram.
 */
import {
  DataJointError,
  QueryExpression,
  type Connection,
  type QueryLike,
  type Row,
} from '@dj/core';
import {
  isQuerySource,
  preloadSchemaHeadings,
  tierOfTableName,
  toQueryExpression,
  type Tier,
} from '@dj/core/internal';
import { DependencyGraph } from './dependencies';
import { countRows } from './row-counts';
import { initialState, poolSize, restrictedTable, shownInOrder, type DiagramMode, type DiagramState } from './diagram-state';
import { cascadeState, checkPartIntegrity, restrictState, traceState, type PartIntegrity } from './restriction/propagation';
import { tracedTable } from './restriction/trace-lookup';
import { seedOf } from './restriction/seed';
import { renderDiagram, saveDiagram, type DiagramFormat } from './rendering/render-diagram';

/** A schema (anything with a connection and a schema name), as `new dj.Diagram(schema)` takes it. */
export interface SchemaLike {
  readonly connection: Connection;
  readonly name: string;
}

/** What a diagram can be built from: a schema, a table (class) or a restricted table, or another diagram. */
export type DiagramSource = SchemaLike | QueryLike | Diagram;

/** Options of {@link Diagram.trace}. */
export interface TraceOptions {
  /**
   * @internal Rows that stand for the seed's rows when they are not in the table yet:
   * the key a `make()` computes (`this.upstream`).
   */
  pendingRows?: readonly Row[];
}

/** Options of {@link Diagram.cascade}. */
export interface CascadeOptions {
  /**
   * Part tables reached without their master: `'enforce'` (default) lets a delete refuse
   * them, `'cascade'` restricts the master (and so its other parts) too, `'ignore'` allows them.
   */
  partIntegrity?: PartIntegrity;
}

/** A table of a diagram. */
export interface DiagramNode {
  /** Backend-quoted full name. */
  readonly fullName: string;
  readonly schema: string;
  readonly table: string;
  readonly tier: Tier | null;
  /** Full name of the master of a part table. */
  readonly master: string | null;
  readonly primaryKey: readonly string[];
}

/** One step of a diagram's construction, applied when the diagram is resolved. */
type Step = (state: DiagramState, graph: DependencyGraph) => Promise<DiagramState>;

function isSchemaLike(value: unknown): value is SchemaLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof QueryExpression) &&
    !isQuerySource(value) &&
    typeof (value as Partial<SchemaLike>).name === 'string' &&
    typeof (value as Partial<SchemaLike>).connection === 'object'
  );
}

/** The connection of a source, known without the database. */
function connectionOf(source: DiagramSource): Connection {
  if (source instanceof Diagram) return source.connection;
  if (isSchemaLike(source)) return source.connection;
  return toQueryExpression(source, 'A Diagram is built from a schema, a table, a restricted table or another Diagram.').connection;
}

/** The schemas a source needs loaded. */
async function schemasOf(source: DiagramSource): Promise<string[]> {
  if (source instanceof Diagram) return source.schemasNeeded();
  if (isSchemaLike(source)) return [source.name];
  // a restricted table names its schema at once: the graph loads while its heading does not
  const table = toQueryExpression(source, 'A diagram can only be restricted by a table or a restricted table expression.').soleTable();
  return [table ? table.schema : (await seedOf(source)).schema];
}

/** The tables a source (not a diagram) stands for, in `graph`. */
async function nodesOf(source: SchemaLike | QueryLike, graph: DependencyGraph): Promise<string[]> {
  if (isSchemaLike(source)) return graph.nodes.filter((n) => graph.node(n).schema === source.name);
  const seed = await seedOf(source);
  return [seed.expression.connection.adapter.fullTableName(seed.schema, seed.table)];
}

/**
 * `new dj.Diagram(schema | table | query)`: the dependency graph of a pipeline. `cascade`,
 * `restrict`, `prune` and the diagram algebra (`add`, `subtract`, `intersect`, `upstream`,
 * `downstream`) return new diagrams at once; the graph is read from the database on the first awaited call (`preview`, `toMermaid`,
 * `toDot`, `toSvg`, iteration).
 */
export class Diagram implements AsyncIterable<QueryExpression> {
  /** The connection whose database the diagram reads. */
  readonly connection: Connection;
  /** `none`, `cascade` or `restrict`: whether and how the diagram is restricted. */
  readonly mode: DiagramMode;
  private readonly origin: SchemaLike | QueryLike;
  private readonly steps: ReadonlyArray<{ step: Step; operands: readonly DiagramSource[] }>;
  private resolution: Promise<DiagramState> | null = null;

  /**
   * A diagram of a schema (all its tables), of one table, or a copy of another diagram.
   * Nothing is read from the database until an awaited call.
   */
  constructor(source: DiagramSource) {
    this.connection = connectionOf(source);
    if (source instanceof Diagram) {
      this.origin = source.origin;
      this.steps = source.steps;
      this.mode = source.mode;
    } else {
      this.origin = source;
      this.steps = [];
      this.mode = 'none';
    }
  }

  /** A diagram with one more construction step. */
  private with(step: Step, operands: readonly DiagramSource[] = [], mode: DiagramMode = this.mode): Diagram {
    for (const operand of operands) {
      if (connectionOf(operand) !== this.connection) {
        throw new DataJointError('Cannot combine diagrams or tables of different connections.');
      }
    }
    const next = new Diagram(this);
    Object.assign(next, { steps: [...this.steps, { step, operands }], mode });
    return next;
  }

  // ---------------------------------------------------------------- algebra

  /** The union with another diagram, a table or a schema (Python `d1 + d2`). */
  add(other: DiagramSource): Diagram {
    return this.with(async (state, graph) => {
      const { shown, expanded } = await shownOf(other, graph);
      return { ...state, shown: union(state.shown, shown), expanded: union(state.expanded, expanded) };
    }, [other]);
  }

  /** Without the tables of another diagram, table or schema (Python `d1 - d2`). */
  subtract(other: DiagramSource): Diagram {
    return this.with(async (state, graph) => {
      const { shown } = await shownOf(other, graph);
      return { ...state, shown: difference(state.shown, shown), expanded: difference(state.expanded, shown) };
    }, [other]);
  }

  /** Only the tables also in another diagram, table or schema (Python `d1 * d2`). */
  intersect(other: DiagramSource): Diagram {
    return this.with(async (state, graph) => {
      const { shown } = await shownOf(other, graph);
      return { ...state, shown: intersection(state.shown, shown), expanded: intersection(state.expanded, shown) };
    }, [other]);
  }

  /** Adds the tables that depend directly on the shown ones, `levels` times (Python `d + n`). */
  downstream(levels = 1): Diagram {
    return this.with(async (state) => expand(state, levels, (n) => state.graph.childEdges(n).map((e) => e.child)));
  }

  /** Adds the tables the shown ones depend on directly, `levels` times (Python `d - n`). */
  upstream(levels = 1): Diagram {
    return this.with(async (state) => expand(state, levels, (n) => state.graph.parentEdges(n).map((e) => e.parent)));
  }

  /** Adds the part tables of every shown master. */
  addParts(): Diagram {
    return this.with(async (state) => {
      const parts = [...state.nodes].filter((n) => {
        const master = state.graph.masterOf(n);
        return master !== null && state.shown.has(master);
      });
      return { ...state, shown: union(state.shown, parts), expanded: union(state.expanded, parts) };
    });
  }

  /** Draws the shown tables collapsed into one node per schema (tables added later stay expanded). */
  collapse(): Diagram {
    return this.with(async (state) => ({ ...state, expanded: new Set() }));
  }

  // ---------------------------------------------------------------- restriction

  /**
   * The tables a delete of `expression`'s rows reaches (spec-pipeline §3.3): the seed and
   * every descendant restricted to the rows that reference deleted rows (OR over paths),
   * the diagram trimmed to them.
   * @throws DataJointError on a diagram that is already restricted, or a bad `partIntegrity`.
   */
  cascade(expression: QueryLike, options: CascadeOptions = {}): Diagram {
    const partIntegrity = checkPartIntegrity(options.partIntegrity ?? 'enforce');
    if (this.mode === 'trace') throw new DataJointError('Cannot apply cascade() on a Diagram produced by Diagram.trace(). Build a new Diagram for a cascade.');
    if (this.mode === 'cascade') throw new DataJointError('cascade() can be applied only once: build a new Diagram for another cascade.');
    if (this.mode === 'restrict') {
      throw new DataJointError('Cannot apply cascade() on a restricted Diagram. cascade and restrict are mutually exclusive modes.');
    }
    return this.with(async (state) => cascadeState(state, await seedOf(expression), partIntegrity), [expression], 'cascade');
  }

  /**
   * Restricts the diagram by `expression` and propagates the restriction downstream,
   * AND-ing with earlier restrictions (spec-pipeline §3.5); the diagram keeps its tables.
   * @throws DataJointError on a cascade.
   */
  restrict(expression: QueryLike): Diagram {
    if (this.mode === 'trace') throw new DataJointError('Cannot apply restrict() on a Diagram produced by Diagram.trace(). trace and restrict are mutually exclusive modes.');
    if (this.mode === 'cascade') {
      throw new DataJointError('Cannot apply restrict() on a Diagram produced by Diagram.cascade(). cascade and restrict are mutually exclusive modes.');
    }
    return this.with(async (state) => restrictState(state, await seedOf(expression)), [expression], 'restrict');
  }

  /**
   * Leaves out tables without rows: restricted tables whose restriction matches nothing,
   * or, when nothing is restricted, physically empty tables.
   * @throws DataJointError on a cascade.
   */
  prune(): Diagram {
    if (this.mode === 'trace') throw new DataJointError('prune() cannot be used on a Diagram produced by Diagram.trace(). Use preview() to inspect the trace.');
    if (this.mode === 'cascade') {
      throw new DataJointError('prune() cannot be used on a Diagram produced by Diagram.cascade(). Use preview() to inspect the cascade.');
    }
    return this.with(async (state) => {
      const restricted = state.mode === 'restrict';
      const empty: string[] = [];
      for (const node of state.shown) {
        if (restricted && !state.restrictions.has(node)) continue;
        if (!(await restrictedTable(state, node).exists())) empty.push(node);
      }
      const restrictions = new Map(state.restrictions);
      const attributes = new Map(state.attributes);
      for (const node of empty) {
        restrictions.delete(node);
        attributes.delete(node);
      }
      return { ...state, shown: difference(state.shown, empty), expanded: difference(state.expanded, empty), restrictions, attributes };
    });
  }

  /**
   * The upstream trace of `expression` (datajoint-python 2.3 `Diagram.trace`): the mirror
   * of a cascade. Every ancestor of the table, in any schema, is restricted to the rows
   * the expression's rows depend on through any chain of foreign keys (OR over paths;
   * renamed foreign keys followed back); the diagram holds the table and those ancestors.
   * `trace.get(Session)` gives an ancestor's rows; `await trace.preview()` counts them.
   */
  static trace(expression: QueryLike, options: TraceOptions = {}): Diagram {
    const base = new Diagram(expression);
    return base.with(async (state) => traceState(state, await seedOf(expression), options.pendingRows), [], 'trace');
  }

  /**
   * The rows of a traced table (`Diagram.trace` only), as a query: `trace.get(Session)`,
   * a table, a full table name, or a bare name matching the end of one (`'session'`).
   * Resolved on its first awaited call, which fails for a table outside the trace.
   * @throws DataJointError on a diagram that is not a trace.
   */
  get(table: QueryLike | string): QueryExpression {
    if (this.mode !== 'trace') throw new DataJointError('get() gives the rows of a traced table: build the diagram with Diagram.trace(expression).');
    return tracedTable(this.connection, () => this.resolve(), table);
  }

  // ---------------------------------------------------------------- inspection

  /**
   * Rows per restricted table, keyed by backend-quoted full name, in dependency order:
   * what a delete of the cascade would remove, or what a restricted subset holds.
   * @throws DataJointError when nothing is restricted.
   */
  async preview(): Promise<Record<string, number>> {
    const state = await this.resolve();
    if (state.mode === 'none') {
      throw new DataJointError('No restrictions applied. Use diagram.cascade(tableExpression), diagram.restrict(tableExpression) or Diagram.trace(tableExpression) first.');
    }
    const nodes = shownInOrder(state).filter((node) => state.restrictions.has(node));
    const counts = await countRows(nodes.map((node) => restrictedTable(state, node)), poolSize(state));
    return Object.fromEntries(nodes.map((node, i) => [node, counts[i]!]));
  }

  /** The shown tables' full names, parents first (parts right after their masters). */
  async topologicalOrder(): Promise<string[]> {
    return shownInOrder(await this.resolve());
  }

  /** The shown tables, parents first, with their tier and master. */
  async nodes(): Promise<DiagramNode[]> {
    const state = await this.resolve();
    return shownInOrder(state).map((fullName) => {
      const node = state.graph.node(fullName);
      return { fullName, schema: node.schema, table: node.table, tier: tierOfTableName(node.table), master: state.graph.masterOf(fullName), primaryKey: node.primaryKey };
    });
  }

  /** The shown tables as queries, restricted as the diagram says, parents first. */
  async tables(): Promise<QueryExpression[]> {
    return (await this.entries()).map((entry) => entry.rows);
  }

  /** The shown tables, parents first, each with its rows as the diagram restricts them. */
  async entries(): Promise<Array<{ node: DiagramNode; rows: QueryExpression }>> {
    const state = await this.resolve();
    const nodes = await this.nodes();
    return nodes.map((node) => ({ node, rows: restrictedTable(state, node.fullName) }));
  }

  /** `for await (const table of diagram)`: the restricted tables, parents first. */
  async *[Symbol.asyncIterator](): AsyncIterator<QueryExpression> {
    for (const table of await this.tables()) yield table;
  }

  // ---------------------------------------------------------------- rendering

  /** The diagram as a Mermaid flowchart. */
  async toMermaid(): Promise<string> {
    return renderDiagram(await this.resolve(), 'mermaid');
  }

  /** The diagram in Graphviz DOT. */
  async toDot(): Promise<string> {
    return renderDiagram(await this.resolve(), 'dot');
  }

  /** The diagram as SVG, laid out by Graphviz compiled to WebAssembly. */
  async toSvg(): Promise<string> {
    return renderDiagram(await this.resolve(), 'svg');
  }

  /**
   * Writes the diagram to `path` as SVG (`.svg`), DOT (`.dot`, `.gv`) or Mermaid (`.mmd`,
   * `.mermaid`), by extension unless `format` is given.
   */
  async save(path: string, format?: DiagramFormat): Promise<void> {
    await saveDiagram(await this.resolve(), path, format);
  }

  // ---------------------------------------------------------------- resolution

  /**
   * Reads the graph and applies the construction steps (once per diagram; after a failure,
   * such as a schema that must be activated first, the next call tries again).
   */
  resolve(): Promise<DiagramState> {
    this.resolution ??= this.schemasNeeded()
      .then(async (schemas) => {
        const loaded = [...new Set([...this.connection.schemas, ...schemas])].sort();
        // a trace reaches ancestors in schemas nobody activated
        const loading = DependencyGraph.cached(this.connection, loaded, { downstream: true, upstream: this.mode === 'trace' });
        // a restriction needs the headings of the tables it reaches: read the catalog of the schemas the graph
        // reads while it loads (the same schema set, so each catalog view is read once for both)
        const [graph] = await Promise.all([loading, this.mode === 'none' ? undefined : preloadSchemaHeadings(this.connection, loaded)]);
        return this.stateWith(graph);
      })
      .catch((error: unknown) => {
        this.resolution = null;
        throw error;
      });
    return this.resolution;
  }

  /** @internal The schemas this diagram and its operands name. */
  async schemasNeeded(): Promise<string[]> {
    const names = new Set(await schemasOf(this.origin));
    for (const { operands } of this.steps) {
      for (const operand of operands) for (const name of await schemasOf(operand)) names.add(name);
    }
    return [...names];
  }

  /** @internal This diagram's state over a loaded graph. */
  async stateWith(graph: DependencyGraph): Promise<DiagramState> {
    let state = initialState(this.connection, graph, await nodesOf(this.origin, graph));
    for (const { step } of this.steps) state = await step(state, graph);
    return state;
  }
}

/** The tables another source shows, over the same graph. */
async function shownOf(source: DiagramSource, graph: DependencyGraph): Promise<{ shown: ReadonlySet<string>; expanded: ReadonlySet<string> }> {
  if (source instanceof Diagram) {
    const state = await source.stateWith(graph);
    return { shown: state.shown, expanded: state.expanded };
  }
  const nodes = new Set((await nodesOf(source, graph)).filter((n) => graph.has(n)));
  return { shown: nodes, expanded: nodes };
}

function expand(state: DiagramState, levels: number, neighbours: (node: string) => string[]): DiagramState {
  let shown = new Set(state.shown);
  const expanded = new Set(state.expanded);
  for (let i = 0; i < levels; i += 1) {
    const added = [...shown].flatMap(neighbours).filter((n) => !shown.has(n) && state.nodes.has(n));
    if (added.length === 0) break;
    shown = union(shown, added);
    for (const n of added) expanded.add(n);
  }
  return { ...state, shown, expanded };
}

function union(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  const result = new Set(a);
  for (const item of b) result.add(item);
  return result;
}

function difference(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  const result = new Set(a);
  for (const item of b) result.delete(item);
  return result;
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((item) => b.has(item)));
}
