/**
 * Compiling a query state into one SELECT statement. Column references are unqualified;
 * operators wrap inputs as derived tables whenever an unqualified name could be ambiguous.
 */
import type { Adapter } from '../../dialects/adapter';
import type { Heading } from '../../heading/heading';
import type { QueryState, Source } from '../query-state';
import { concatSql, joinSql, sqlText, type SqlFragment } from '../sql-fragment';
import { renderOrderBy } from './order-by';

let aliasCounter = 0;

/** A fresh alias for a derived table. */
export function nextAlias(): string {
  aliasCounter += 1;
  return `$${aliasCounter.toString(16)}`;
}

/** Select lists already made, by heading and list of names (both immutable): [plain, forFetch]. */
const madeLists = new WeakMap<Heading, WeakMap<readonly string[], { adapter: Adapter; lists: [string?, string?] }>>();

/**
 * The SELECT list for `names`: plain columns quoted, renamed and computed ones as
 * `expr AS name`. For the statement whose rows are fetched (`forFetch`), columns the server
 * would round go through the adapter's lossless form.
 */
export function selectList(adapter: Adapter, heading: Heading, names: readonly string[], forFetch = false): string {
  if (names.length === 0) return '1';
  // a point select on a table would otherwise build the same list on every call
  let byNames = madeLists.get(heading);
  if (!byNames) madeLists.set(heading, (byNames = new WeakMap()));
  let made = byNames.get(names);
  if (!made || made.adapter !== adapter) byNames.set(names, (made = { adapter, lists: [] }));
  const slot = forFetch ? 1 : 0;
  return (made.lists[slot] ??= buildSelectList(adapter, heading, names, forFetch));
}

function buildSelectList(adapter: Adapter, heading: Heading, names: readonly string[], forFetch: boolean): string {
  return names
    .map((name) => {
      const attribute = heading.find(name);
      const quoted = adapter.quoteIdentifier(name);
      if (attribute?.expression) {
        // a renamed attribute keeps its kind, and is fetched without loss like its column
        const lossless = forFetch && attribute.kind !== 'other' && !attribute.enumValues;
        const fetched = lossless ? adapter.fetchColumnSql(`(${attribute.expression})`, attribute.kind) : attribute.expression;
        return `${fetched === `(${attribute.expression})` ? attribute.expression : fetched} AS ${quoted}`;
      }
      // Enums keep their column: ORDER BY reads the select list's name, and an enum sorts
      // by its list of values, where the lossless forms (text) would sort alphabetically.
      if (!forFetch || !attribute || attribute.enumValues) return quoted;
      const fetched = adapter.fetchColumnSql(quoted, attribute.kind);
      return fetched === quoted ? quoted : `${fetched} AS ${quoted}`;
    })
    .join(', ');
}

function sourceSql(adapter: Adapter, source: Source): SqlFragment {
  switch (source.kind) {
    case 'table':
      return sqlText(adapter.fullTableName(source.schema, source.table));
    case 'query':
      return concatSql('(', compileSelect(adapter, source.state), `) AS ${adapter.quoteIdentifier(nextAlias())}`);
    case 'union': {
      const left = compileSelect(adapter, source.left, source.fields);
      const right = compileSelect(adapter, source.right, source.fields);
      return concatSql('((', left, ') UNION (', right, `)) AS ${adapter.quoteIdentifier(nextAlias())}`);
    }
  }
}

/** The FROM clause with its joins. */
export function fromClause(adapter: Adapter, state: QueryState): SqlFragment {
  const [first, ...rest] = state.sources.map((s) => sourceSql(adapter, s));
  const parts: Array<SqlFragment | string> = [first!];
  rest.forEach((source, i) => {
    const join = state.joins[i]!;
    const keyword = join.left ? 'LEFT JOIN' : 'JOIN';
    if (join.using.length > 0) {
      parts.push(` ${keyword} `, source, ` USING (${join.using.map((a) => adapter.quoteIdentifier(a)).join(', ')})`);
    } else if (join.left) {
      parts.push(' LEFT JOIN ', source, ' ON TRUE');
    } else {
      parts.push(' CROSS JOIN ', source);
    }
  });
  return concatSql(...parts);
}

/** ` WHERE (a) AND (b)`, or nothing. */
export function whereClause(restriction: readonly SqlFragment[]): SqlFragment {
  if (restriction.length === 0) return sqlText('');
  return concatSql(' WHERE (', joinSql(restriction, ') AND ('), ')');
}

/** Whether an expression is a bare (quoted) column name: a renamed attribute. */
function isColumnReference(expression: string): boolean {
  return /^`[^`]+`$|^"[^"]+"$/.test(expression);
}

/**
 * ` GROUP BY …` of an aggregation: the grouping attributes and every other selected
 * attribute that is not computed. They depend on the grouping key, so the groups are the
 * same, and MariaDB and PostgreSQL (which do not infer that dependence through joins and
 * derived tables) accept the statement.
 */
function groupByClause(adapter: Adapter, state: QueryState, names: readonly string[]): string {
  const grouping = state.grouping;
  if (!grouping) return '';
  const columns: string[] = [];
  const add = (sql: string) => {
    if (!columns.includes(sql)) columns.push(sql);
  };
  for (const name of grouping.groupBy) add(adapter.quoteIdentifier(name));
  for (const name of names) {
    const attribute = state.heading.find(name);
    if (!attribute) continue;
    if (attribute.expression === null) add(adapter.quoteIdentifier(name));
    else if (isColumnReference(attribute.expression)) add(attribute.expression);
  }
  return columns.length > 0 ? ` GROUP BY ${columns.join(', ')}` : '';
}

/** ` ORDER BY … LIMIT … OFFSET …` for the state's Top, or nothing. */
export function sortingClause(adapter: Adapter, state: QueryState): string {
  const top = state.top;
  if (!top) return '';
  const order = renderOrderBy(adapter, top.orderBy ?? ['KEY'], state.heading.primaryKey);
  let clause = order ? ` ORDER BY ${order}` : '';
  if (top.limit !== null) clause += ` LIMIT ${top.limit}${top.offset ? ` OFFSET ${top.offset}` : ''}`;
  return clause;
}

/**
 * The SELECT statement of a state, listing `fields` (default: every visible attribute);
 * `forFetch` for the statement whose rows are returned to the user.
 */
export function compileSelect(adapter: Adapter, state: QueryState, fields?: readonly string[], forFetch = false): SqlFragment {
  const names = fields ?? state.heading.names;
  return concatSql(
    `SELECT ${state.distinct ? 'DISTINCT ' : ''}${selectList(adapter, state.heading, names, forFetch)} FROM `,
    fromClause(adapter, state),
    whereClause(state.restriction),
    groupByClause(adapter, state, names),
    sortingClause(adapter, state),
  );
}
