import { inspect } from 'node:util';
import type { Connection } from '../connection/connection';
import type { Row } from '../dialects/driver';
import { DataJointError, HeadingNotLoadedError } from '../errors';
import type { Heading } from '../heading/heading';
import { AS_QUERY, isQuerySource, isUniversalSet, type QuerySource } from './as-query';
import { compileSelect, nextAlias } from './compile/select-compiler';
import { AndList, Not, Top, type SqlCondition } from './conditions/condition-types';
import { formatPreview, previewFields, type PreviewOptions } from './fetch/preview';
import { makeRowDecoder } from './fetch/row-decoder';
import { aggregateState } from './operators/aggregation';
import { joinState } from './operators/join';
import { assertJoinCompatibility } from './operators/join-compatibility';
import { parseProjection, projectState, type NamedAttributes } from './operators/projection';
import { restrictState, topState } from './operators/restriction';
import { semijoinBuilder } from './operators/semijoin';
import { unionState } from './operators/union';
import type { QueryState } from './query-state';
import { RecordArray } from './record-array';
import { arrowTableOf, assertArrowable } from './fetch/arrow-table';
import type { Table as ArrowTable } from 'apache-arrow';
import { concatSql, type SqlFragment } from './sql-fragment';
import type {
  AggregatedRow,
  FetchColumns,
  FetchName,
  FetchValue,
  FetchValues,
  JoinRowFor,
  LeftJoinedRow,
  KeyNamesOf,
  KeyOfRow,
  ProjectedKey,
  ProjectedRow,
  ProjectionArg,
  RowOf,
  ROW_TYPE,
  TypedRows,
  UnionRow,
} from '../typing/query-rows';

/** Something whose heading must be loaded before a query over it can be built. */
export interface HeadingSource {
  /** Loads (and, for declared classes, declares) what the heading needs. */
  prepareHeading(): Promise<void>;
  /**
   * Whether `prepareHeading()` has nothing left to do, so that a query can skip awaiting it
   * (every promise costs a point select measurably, more so under AsyncLocalStorage).
   */
  readonly headingReady: boolean;
}

/** Ordering and paging of a fetch. */
export interface FetchOptions {
  /** `'KEY'`, `'KEY DESC'`, `'attr [ASC|DESC]'`, or a list of those. */
  orderBy?: string | readonly string[];
  /** Largest number of rows. */
  limit?: number;
  /** Rows to skip. */
  offset?: number;
}

/** Options of `toArrays(...names)`: those of every fetch, and `includeKey`. */
export interface ToArraysOptions extends FetchOptions {
  /** Give the primary-key objects as a first array, before the named attributes' (datajoint-python `include_key`). */
  includeKey?: boolean;
}

/**
 * What `restrict`, `minus` (and `populate`'s `restriction`, a diagram's `cascade`) accept:
 * - a boolean: `true` keeps every row, `false` none;
 * - SQL text over attribute names: `'weight > 10'`;
 * - an object: attribute equality (`null` is IS NULL; keys that are not attributes are
 *   ignored; `'attr.json.path'` keys compare inside JSON);
 * - an array or a Set of restrictions: any of them (OR; empty matches nothing);
 * - `dj.AndList([...])`: all of them; `dj.Not(r)`: not `r`; `dj.Top(...)`: order and limit;
 * - another query expression or a table class: rows matching some row of it (semijoin);
 * - `dj.U(...)`: no condition.
 */
export type Restriction =
  | boolean
  | string
  | AttributeRestriction
  | readonly Restriction[]
  | ReadonlySet<Restriction>
  | AndList
  | Not
  | Top
  | SqlCondition
  | QueryLike
  | UniversalSetLike;

/** A restriction by attribute values: `{ subject_id: 1, sex: 'F' }`. */
export type AttributeRestriction = Readonly<Record<string, unknown>>;

/** A query expression, or an object that stands for one (a table class). */
export type QueryLike = QueryExpression | QuerySource;

/** A `dj.U(...)`, which operators recognise in order to refuse it with a clear message. */
export interface UniversalSetLike {
  readonly primaryKey: readonly string[];
  restrict(query: unknown): QueryExpression;
}

/** Options of `restrict` and `minus`. */
export interface RestrictOptions {
  /**
   * Match a restricting query only on attributes of the same lineage (default). `false`
   * matches on every shared attribute name.
   */
  semanticCheck?: boolean;
}

/** Options of `join`. */
export interface JoinOptions extends RestrictOptions {
  /** Keep the rows of this query that match nothing in the other (a left join). */
  left?: boolean;
}

/** Computed attributes of an aggregation: `{ n: 'count(*)', avg_score: 'avg(score)' }`. */
export type ComputedAttributes = Readonly<Record<string, string>>;

/** Options of `aggr`. */
export interface AggregationOptions {
  /** Drop the rows of this query that have no match in the group (inner join). Default false. */
  excludeNonmatching?: boolean;
}

/** `q.sql()`: the statement and its parameters. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Rows fetched per round trip when iterating. */
const STREAM_BATCH = 1000;

/** The query expression `value` stands for. */
export function toQueryExpression(value: unknown, message: string): QueryExpression {
  if (value instanceof QueryExpression) return value;
  if (isQuerySource(value)) return value[AS_QUERY]();
  throw new DataJointError(message);
}

/**
 * Resolves the state of a new expression right away when the headings it needs are loaded,
 * so that a wrong operand (an unknown attribute, incompatible lineage, a bad restriction)
 * fails where the operator is called, as in DataJoint; otherwise it is resolved when the
 * expression is first prepared. Runs no SQL.
 */
export function resolveEagerly<E extends QueryExpression<Row, string>>(expression: E): E {
  try {
    void expression.state;
  } catch (err) {
    if (!(err instanceof HeadingNotLoadedError)) throw err;
  }
  return expression;
}

/** Whether an object holds aggregation options rather than computed attributes (whose values are SQL text). */
function isAggregationOptions(value: Record<string, unknown>): boolean {
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([key, v]) => key === 'excludeNonmatching' && typeof v === 'boolean');
}

/** Query expressions inside a restriction, whose headings the restriction needs. */
function queriesIn(condition: unknown, found: QueryExpression[] = []): QueryExpression[] {
  if (condition instanceof QueryExpression) found.push(condition);
  else if (isQuerySource(condition)) found.push(condition[AS_QUERY]());
  else if (condition instanceof Not) queriesIn(condition.condition, found);
  else if (condition instanceof AndList) for (const c of condition.conditions) queriesIn(c, found);
  else if (Array.isArray(condition) || condition instanceof Set) for (const c of condition) queriesIn(c, found);
  return found;
}

/**
 * A query expression: an immutable description of a query over one connection. Building
 * expressions runs no SQL; every method that reads data returns a Promise. The expression's
 * heading is available synchronously once the tables it reads from are ready (after an
 * awaited call, `await q.prepare()`, or `await schema.ready()`).
 */
// @ts-expect-error TS2636: the row type is a promise about fetched values, so a query over a narrower row is usable wherever a wider one is; TypeScript cannot prove this through the conditional row types
export class QueryExpression<out R extends Row = Row, out K extends string = keyof R & string>
  implements AsyncIterable<R>, HeadingSource, QuerySource, TypedRows<R, K>
{
  /** Type-only: the row type and key names (see `dj.RowOf`); no such property exists at run time. */
  declare readonly [ROW_TYPE]: { row: R; key: K };
  /** The connection the query runs on. */
  readonly connection: Connection;
  /** Tables (or other sources) whose headings this expression needs. */
  protected readonly sources: readonly HeadingSource[];
  private readonly build: (self: QueryExpression) => QueryState;
  private resolved: QueryState | null = null;
  private compiled: SqlFragment | null = null;
  private lastPreview: string | null = null;

  protected constructor(connection: Connection, sources: readonly HeadingSource[], build: (self: QueryExpression) => QueryState) {
    this.connection = connection;
    this.sources = sources;
    this.build = build;
  }

  /** An expression over the given sources whose state is derived by `build` (run lazily, once). */
  static derive<R2 extends Row = Row, K2 extends string = keyof R2 & string>(
    connection: Connection,
    sources: readonly HeadingSource[],
    build: () => QueryState,
  ): QueryExpression<R2, K2> {
    return new QueryExpression<R2, K2>(connection, sources, build);
  }

  /**
   * The resolved query state. Building it may throw DataJointError (an unknown attribute,
   * an incompatible join, …) or report that a table's heading is not loaded yet.
   */
  get state(): QueryState {
    this.resolved ??= this.build(this);
    return this.resolved;
  }

  /**
   * The one table this expression reads, with nothing else (no join, no condition on
   * another table), known without the database; `null` otherwise.
   * @internal
   */
  soleTable(): { readonly schema: string; readonly table: string } | null {
    if (this.sources.length !== 1) return null;
    const source = this.sources[0];
    return source instanceof QueryExpression ? source.soleTable() : null;
  }

  /** Forgets the resolved state (a table whose heading changed). */
  protected invalidate(): void {
    this.resolved = null;
    this.compiled = null;
  }

  /** The result's attributes: `.names`, `.primaryKey`, `.secondaryAttributes`, per-attribute types. */
  get heading(): Heading {
    return this.state.heading;
  }

  /** Names of the primary-key attributes of the result. */
  get primaryKey(): readonly string[] {
    return this.heading.primaryKey;
  }

  /** Loads every heading this expression needs; afterwards `heading` and `sql()` work synchronously. */
  async prepare(): Promise<this> {
    if (this.headingReady) return this;
    // most queries read one table: its promise alone, without Promise.all's
    if (this.sources.length === 1) await this.sources[0]!.prepareHeading();
    else await Promise.all(this.sources.map((s) => s.prepareHeading()));
    return this;
  }

  /** {@link HeadingSource}: an expression used inside another is prepared with it. */
  async prepareHeading(): Promise<void> {
    await this.prepare();
  }

  /**
   * {@link HeadingSource}: whether every source is prepared.
   * @internal
   */
  get headingReady(): boolean {
    for (const source of this.sources) if (!source.headingReady) return false;
    return true;
  }

  /** {@link QuerySource}: an expression stands for itself. */
  [AS_QUERY](): QueryExpression {
    return this;
  }

  // ---------------------------------------------------------------- operators

  /**
   * Rows that satisfy `condition`: an object (attribute equality; `null` is IS NULL;
   * unknown keys ignored), SQL text over attribute names, an array (any item), `dj.AndList`
   * (every item), `dj.Not(c)`, `dj.Top(...)`, a boolean, or another query or table class
   * (rows matching some row of it on the shared attributes).
   */
  restrict(condition: Restriction, options: RestrictOptions = {}): QueryExpression<R, K> {
    if (condition instanceof Top) return this.derive((input) => topState(input, condition));
    const semanticCheck = options.semanticCheck ?? true;
    return resolveEagerly(
      this.derive(
        (input) => restrictState(this.connection.adapter, input, condition, this.errorLabel(), semijoinBuilder(this.connection, semanticCheck)),
        queriesIn(condition),
      ),
    );
  }

  /** Rows that do not satisfy `condition` (for a query: that match no row of it). */
  minus(condition: Restriction, options: RestrictOptions = {}): QueryExpression<R, K> {
    if (condition instanceof Top) throw new DataJointError(`Invalid restriction type ${condition}`);
    return this.restrict(new Not(condition), options);
  }

  /**
   * The join with `other` on every attribute name both have, which must trace back to the
   * same attribute (semantic matching; rename with `proj` otherwise). With `left: true`,
   * rows of this query without a match are kept, which requires this query to determine
   * `other` (to have every attribute of its primary key).
   */
  join<Q extends QueryLike | UniversalSetLike, O extends JoinOptions = JoinOptions>(
    other: Q,
    options?: O,
  ): QueryExpression<JoinRowFor<R, RowOf<Q>, O>, K | KeyNamesOf<Q>> {
    if (isUniversalSet(other)) {
      throw new DataJointError(
        'table * dj.U(...) is no longer supported in DataJoint 2.0. This pattern is no longer necessary with the new semantic matching system.',
      );
    }
    const right = toQueryExpression(other, 'The argument of join must be a QueryExpression');
    const left = options?.left ?? false;
    return resolveEagerly(
      this.derive<JoinRowFor<R, RowOf<Q>, O>, K | KeyNamesOf<Q>>((input) => {
        const rightState = right.state;
        assertJoinCompatibility(this.connection, input.heading, right.connection, rightState.heading, options?.semanticCheck ?? true);
        return joinState(input, rightState, { left });
      }, [right]),
    );
  }

  /** Adds the attributes of `other` to each row: `join(other, { left: true })`. */
  extend<Q extends QueryLike>(other: Q, options: RestrictOptions = {}): QueryExpression<LeftJoinedRow<R, RowOf<Q>>, K | KeyNamesOf<Q>> {
    return this.join(other, { ...options, left: true as const });
  }

  /**
   * Projection: `proj()` keeps the primary key; `proj('a', 'b')` adds attributes;
   * `proj('...')` keeps all, `proj('...', '-a')` all but `a`; `{ newName: 'old' }` renames,
   * `{ copy: '(old)' }` duplicates, `{ c: 'a + b' }` computes an SQL expression.
   */
  proj<const A extends ReadonlyArray<ProjectionArg<R>>>(...args: A): QueryExpression<ProjectedRow<R, K, A>, ProjectedKey<R, K, A>> {
    const spec = parseProjection(args as ReadonlyArray<string | NamedAttributes> as Array<string | NamedAttributes>);
    return resolveEagerly(this.derive<ProjectedRow<R, K, A>, ProjectedKey<R, K, A>>((input) => projectState(this.connection.adapter, input, spec)));
  }

  /**
   * Aggregation: for each row of this query, `computed` aggregates over its matching rows
   * of `group` (`Student.aggr(Enroll, { n: 'count(*)' })`). Attribute names (`'...'` for all
   * of this query's) are kept; rows without a match are kept unless `excludeNonmatching`.
   * Arguments: the group, then names, then the computed attributes, then the options.
   */
  aggr<const A extends ReadonlyArray<ProjectionArg<R> | AggregationOptions>>(
    group: QueryLike,
    ...args: A
  ): QueryExpression<AggregatedRow<R, K, Exclude<A[number], AggregationOptions>[]>, K> {
    const other = toQueryExpression(group, 'The argument of aggr must be a QueryExpression');
    const names = args.filter((a): a is string => typeof a === 'string');
    const objects = args.filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null);
    if (objects.length > 2 || names.length + objects.length !== args.length) {
      throw new DataJointError('aggr takes the group, attribute names, one object of computed attributes and one of options.');
    }
    // computed attributes are SQL text; an object of options alone may stand in for both
    const optionsOnly = objects.length === 1 && isAggregationOptions(objects[0]!);
    const computed = (optionsOnly ? {} : (objects[0] ?? {})) as ComputedAttributes;
    const options = (optionsOnly ? objects[0]! : (objects[1] ?? {})) as AggregationOptions;
    const spec = parseProjection([...names, computed]);
    return resolveEagerly(
      this.derive<AggregatedRow<R, K, Exclude<A[number], AggregationOptions>[]>, K>((input) => {
        const groupState = other.state;
        assertJoinCompatibility(this.connection, input.heading, other.connection, groupState.heading, true);
        return aggregateState(this.connection.adapter, input, groupState, spec, !options.excludeNonmatching);
      }, [other]),
    );
  }

  /** The rows of this query and of `other`, which must have the same primary key and no common secondary attributes. */
  union<Q extends QueryLike>(other: Q): QueryExpression<UnionRow<R, RowOf<Q>>, K> {
    const right = toQueryExpression(other, 'A QueryExpression can only be unioned with another QueryExpression');
    if (right.connection !== this.connection) {
      throw new DataJointError(
        'Cannot operate on expressions from different connections. Ensure both operands use the same dj.Instance or global connection.',
      );
    }
    return resolveEagerly(
      this.derive<UnionRow<R, RowOf<Q>>, K>(
        (input) => unionState(this.connection.adapter, input, right.state, { condition: this, semijoin: semijoinBuilder(this.connection, true) }),
        [right],
      ),
    );
  }

  // ---------------------------------------------------------------- SQL

  /** The SELECT statement of this expression with its `?` parameters. Cached. */
  compile(): SqlFragment {
    this.compiled ??= compileSelect(this.connection.adapter, this.state);
    return this.compiled;
  }

  /** The SQL text and parameters, for inspection. */
  sql(): CompiledQuery {
    const { sql, params } = this.compile();
    return { sql, params: [...params] };
  }

  // ---------------------------------------------------------------- fetch

  /** Every row as an object, keys in heading order, values typed by attribute kind. */
  async toDicts(options: FetchOptions = {}): Promise<R[]> {
    if (!this.headingReady) await this.prepare();
    const query = this.withFetchOptions(options);
    return (await query.fetchRows(query.heading.names)) as R[];
  }

  /**
   * With no names: every row, as a {@link RecordArray} (datajoint-python's record array):
   * an array of rows that also gives one array per attribute (`.column('a')`, `.columns`).
   */
  toArrays(options?: FetchOptions): Promise<RecordArray>;
  /**
   * One array per named attribute, in row order: `const [a, b] = await q.toArrays('a', 'b')`.
   * `'KEY'` gives the primary-key objects; `includeKey: true` puts them first:
   * `const [keys, a] = await q.toArrays('a', { includeKey: true })`.
   */
  toArrays<const N extends ReadonlyArray<FetchName<R>>>(...names: N): Promise<FetchColumns<R, K, N>>;
  toArrays<const N extends ReadonlyArray<FetchName<R>>, const O extends ToArraysOptions>(
    ...args: [...names: N, options: O]
  ): Promise<O['includeKey'] extends true ? [Array<KeyOfRow<R, K>>, ...FetchColumns<R, K, N>] : FetchColumns<R, K, N>>;
  async toArrays(...args: Array<string | ToArraysOptions | undefined>): Promise<unknown[][] | RecordArray> {
    const last = args[args.length - 1];
    const options = (typeof last === 'object' || last === undefined) && args.length > 0 ? ((args.pop() ?? {}) as ToArraysOptions) : {};
    const { includeKey = false, ...fetchOptions } = options;
    const given = args as string[];
    if (!this.headingReady) await this.prepare();
    if (given.length === 0) return RecordArray.fromRows(this.heading.names, (await this.toDicts(fetchOptions)) as Row[]);
    const names = includeKey ? ['KEY', ...given] : given;
    const query = this.withFetchOptions(fetchOptions);
    const key = query.heading.primaryKey;
    const fields = [...new Set(names.flatMap((n) => (n === 'KEY' ? key : [n])))];
    for (const name of fields) query.heading.get(name);
    const rows = await query.fetchRows(fields);
    return names.map((name) =>
      name === 'KEY' ? rows.map((row) => Object.fromEntries(key.map((k) => [k, row[k]]))) : rows.map((row) => row[name]),
    );
  }

  /**
   * Every row as an Apache Arrow table (datajoint-python `to_arrow()`): one column per
   * attribute, typed by it, 64-bit integers as exact `bigint`s, date-times in exact UTC
   * microseconds. Codec attributes (`<blob>`, …) have no Arrow type: leave them out with `proj()`.
   */
  async toArrow(options: FetchOptions = {}): Promise<ArrowTable> {
    if (!this.headingReady) await this.prepare();
    assertArrowable(this.heading);
    const rows = await this.toDicts(options);
    return arrowTableOf(this.heading, rows);
  }

  /** The primary-key values of every row. */
  async keys(options: FetchOptions = {}): Promise<Array<KeyOfRow<R, K>>> {
    if (!this.headingReady) await this.prepare();
    const query = this.withFetchOptions(options);
    return (await query.fetchRows(query.heading.primaryKey)) as Array<KeyOfRow<R, K>>;
  }

  /** The only row. */
  fetch1(): Promise<R>;
  /** The value of one attribute of the only row (`'KEY'`: its primary key). */
  fetch1<N extends FetchName<R>>(name: N): Promise<FetchValue<R, K, N>>;
  /** Values of several attributes of the only row, in the order named. */
  fetch1<const N extends ReadonlyArray<FetchName<R>>>(...names: N): Promise<FetchValues<R, K, N>>;
  /** @throws DataJointError unless exactly one row matches. */
  async fetch1(...names: string[]): Promise<unknown> {
    if (!this.headingReady) await this.prepare();
    const key = this.primaryKey;
    const fields = names.length === 0 ? this.heading.names : [...new Set(names.flatMap((n) => (n === 'KEY' ? key : [n])))];
    for (const name of fields) this.heading.get(name);
    // A second row is all there is to find: no order is needed for that (an ORDER BY costs
    // the server a sort step per call), except the query's own, which the limit keeps.
    const state = this.state;
    const rows = await this.fetchStateRows(topState(state, new Top(2, state.top ? null : [], 0)), fields);
    if (rows.length !== 1) {
      const total = rows.length === 0 ? 0 : await this.count();
      throw new DataJointError(`fetch1 requires exactly one tuple in the input set; ${total} tuples found.`);
    }
    const row = rows[0]!;
    if (names.length === 0) return row;
    const values = names.map((n) => (n === 'KEY' ? Object.fromEntries(key.map((k) => [k, row[k]])) : row[n]));
    return names.length === 1 ? values[0] : values;
  }

  /** The first `n` rows in primary-key order. */
  async head(n = 25): Promise<R[]> {
    return this.toDicts({ orderBy: 'KEY', limit: n });
  }

  /** The last `n` rows, in primary-key order. */
  async tail(n = 25): Promise<R[]> {
    return (await this.toDicts({ orderBy: 'KEY DESC', limit: n })).reverse();
  }

  /** The number of distinct primary keys in the result. */
  async count(): Promise<number> {
    if (!this.headingReady) await this.prepare();
    const statement = this.countSql();
    const { rows } = await this.connection.query(statement.sql, statement.params);
    return Number(rows[0]!.n);
  }

  /**
   * `SELECT count(*) AS n …` counting the distinct primary keys, for callers that count
   * several expressions in one statement (needs the heading loaded).
   * @internal
   */
  countSql(): SqlFragment {
    const state = this.state;
    const adapter = this.connection.adapter;
    const alias = adapter.quoteIdentifier(nextAlias());
    // rows of one table, restricted, are unique by its primary key already: no DISTINCT to sort or hash
    const oneTable = state.sources.length === 1 && state.sources[0]!.kind === 'table' && state.joins.length === 0;
    const rows =
      state.top || state.grouping
        ? this.compile()
        : compileSelect(adapter, { ...state, distinct: state.distinct || !oneTable }, state.heading.primaryKey);
    return concatSql('SELECT count(*) AS n FROM (', rows, `) AS ${alias}`);
  }

  /** Whether the result has any row. */
  async exists(): Promise<boolean> {
    if (!this.headingReady) await this.prepare();
    const inner = this.state.top || this.state.grouping ? this.compile() : compileSelect(this.connection.adapter, this.state, []);
    const { rows } = await this.connection.query<{ found: unknown }>(`SELECT EXISTS(${inner.sql}) AS found`, inner.params);
    const found = rows[0]!.found;
    return found === true || found === 1 || found === '1' || found === 't' || found === 1n;
  }

  /** Streams the rows, decoded, without holding them all in memory. */
  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    if (!this.headingReady) await this.prepare();
    const { sql, params } = compileSelect(this.connection.adapter, this.state, undefined, true);
    const decode = makeRowDecoder(this.heading, this.heading.names, this.connection.config, await this.computedKinds(sql, params));
    for await (const batch of this.connection.streamBatches(sql, params, { batchSize: STREAM_BATCH })) {
      for (const row of await decode(batch)) yield row as R;
    }
  }

  // ---------------------------------------------------------------- preview

  /**
   * A text table of the first `display.limit` rows (primary-key columns marked `*`), each
   * column at most `display.width` characters wide, and the total count, as DataJoint prints
   * a query. Settings come from `connection.config`; `options` override them. The text is
   * also what `util.inspect(q)` (and so `console.log(q)`) shows afterwards.
   */
  async preview(options: PreviewOptions = {}): Promise<string> {
    if (!this.headingReady) await this.prepare();
    const config = this.connection.config;
    const limit = options.limit ?? (config.get('display.limit') as number);
    const width = options.width ?? (config.get('display.width') as number);
    const rows = await this.restrict(new Top(limit + 1, null, 0)).fetchRows(previewFields(this.heading));
    const total = config.get('display.show_tuple_count') ? await this.count() : null;
    this.lastPreview = formatPreview(this.heading, rows, { limit, width, total });
    return this.lastPreview;
  }

  // ---------------------------------------------------------------- helpers for operators

  /** A new expression over the same sources whose state derives from this one's. */
  protected derive<R2 extends Row = R, K2 extends string = K>(
    step: (input: QueryState) => QueryState,
    extraSources: readonly HeadingSource[] = [],
  ): QueryExpression<R2, K2> {
    return QueryExpression.derive<R2, K2>(this.connection, [...this.sources, ...extraSources], () => step(this.state));
  }

  /** How this expression is named in error messages. */
  protected errorLabel(): string {
    return 'the query';
  }

  private withFetchOptions(options: FetchOptions): QueryExpression<R, K> {
    const { orderBy, limit, offset } = options;
    if (orderBy === undefined && limit === undefined && offset === undefined) return this;
    return this.restrict(new Top(limit ?? null, orderBy ?? null, offset ?? 0));
  }

  /** Fetches `names` of every row, decoded. */
  private fetchRows(names: readonly string[]): Promise<Row[]> {
    return this.fetchStateRows(this.state, names);
  }

  /** Fetches `names` of every row of `state` (this query's, or derived from it), decoded. */
  private fetchStateRows(state: QueryState, names: readonly string[]): Promise<Row[]> {
    // `then` rather than `async`/`await`: one promise less per point select
    const statement = compileSelect(this.connection.adapter, state, names, true);
    return this.connection.query(statement.sql, statement.params).then(({ rows, fieldKinds }) => makeRowDecoder(state.heading, names, this.connection.config, fieldKinds)(rows));
  }

  /** What the server returns for computed attributes, read from an empty result of `sql`. */
  private async computedKinds(sql: string, params: readonly unknown[]): Promise<QueryResultKinds | undefined> {
    if (!this.heading.attributes.some((a) => a.kind === 'other')) return undefined;
    const alias = this.connection.adapter.quoteIdentifier(nextAlias());
    return (await this.connection.query(`SELECT * FROM (${sql}) AS ${alias} LIMIT 0`, params)).fieldKinds;
  }

  /** The last preview, or what to do to see one (`util.inspect` cannot wait for the database). */
  [inspect.custom](): string {
    if (this.lastPreview !== null) return this.lastPreview;
    try {
      return `${this.constructor.name}(${this.compile().sql})\n(await q.preview() to see its rows)`;
    } catch (err) {
      return `${this.constructor.name}(not ready: ${(err as Error).message})`;
    }
  }
}

type QueryResultKinds = Awaited<ReturnType<Connection['query']>>['fieldKinds'];
