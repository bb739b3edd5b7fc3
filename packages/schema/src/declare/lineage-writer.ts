/**
 * Writing a table's rows of `~lineage` (spec-core §4.14): foreign-key attributes inherit
 * the referenced attribute's lineage; primary-key attributes of the table's own are their
 * own origin, `schema.table.attribute`.
 */
import { LINEAGE_TABLE, loadTableHeading, type Adapter } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import { ddlFor } from '../ddl/ddl-dialect';
import type { TableDeclaration } from './table-declaration';

/** The lineage of a parent's attribute, from its heading (cached: the declaration has just read the parent's key). */
async function lineageOf(connection: Connection, schema: string, table: string, attribute: string): Promise<string | null> {
  const heading = await loadTableHeading(connection, schema, table);
  return heading.lineageAvailable ? (heading.find(attribute)?.lineage ?? null) : null;
}

/** The lineage of a parent's attribute when the caller knows it (`undefined`: read the parent's heading). */
export type KnownLineage = (schema: string, table: string, attribute: string) => string | null | undefined;

/**
 * The `~lineage` rows of `schema`.`table` (attribute → lineage). `primaryKey` includes
 * `_singleton` for singleton tables. Reads the headings of parents `knownLineage` does not know.
 */
export async function lineageRows(
  connection: Connection,
  schema: string,
  table: string,
  declaration: TableDeclaration,
  primaryKey: readonly string[],
  knownLineage?: KnownLineage,
): Promise<Map<string, string>> {
  const { adapter } = connection;
  const entries = new Map<string, string>();
  for (const fk of declaration.foreignKeys) {
    const parent = fk.target.location();
    for (const { child, parent: parentAttribute } of fk.columns) {
      if (entries.has(child)) continue;
      let lineage = knownLineage?.(parent.schema, parent.table, parentAttribute);
      if (lineage === undefined) lineage = await lineageOf(connection, parent.schema, parent.table, parentAttribute);
      if (lineage === null) {
        lineage = `${parent.schema}.${parent.table}.${parentAttribute}`;
        connection.config.logger.warn(
          `Lineage for ${adapter.fullTableName(parent.schema, parent.table)}.${parentAttribute} not found ` +
            "(parent schema's ~lineage table may be missing or incomplete). Using it as origin. Once the parent schema's " +
            'lineage is rebuilt, run schema.rebuildLineage() on this schema to correct the lineage.',
        );
      }
      entries.set(child, lineage);
    }
  }
  for (const attribute of primaryKey) {
    if (!entries.has(attribute)) entries.set(attribute, `${schema}.${table}.${attribute}`);
  }
  return entries;
}

/** `DELETE` of the `~lineage` rows of `table` (its name a quoted literal). */
export function deleteLineageRowsSql(adapter: Adapter, schema: string, table: string): string {
  return `DELETE FROM ${adapter.fullTableName(schema, LINEAGE_TABLE)} WHERE table_name = ${adapter.quoteString(table)}`;
}

/**
 * `INSERT` of `~lineage` rows (`[table, attribute, lineage]`, values as quoted literals),
 * replacing rows with the same table and attribute; `null` when there are none.
 */
export function lineageInsertSql(adapter: Adapter, schema: string, rows: ReadonlyArray<readonly [string, string, string]>): string | null {
  if (rows.length === 0) return null;
  const lineageTable = adapter.fullTableName(schema, LINEAGE_TABLE);
  const columns = ['table_name', 'attribute_name', 'lineage'];
  const { verb, suffix } = adapter.insertParts(lineageTable, columns, ['table_name', 'attribute_name'], 'update');
  const tuples = rows.map((row) => `(${row.map((v) => adapter.quoteString(v)).join(', ')})`);
  return `${verb} INTO ${lineageTable} (${columns.map((c) => adapter.quoteIdentifier(c)).join(', ')}) VALUES ${tuples.join(', ')}${suffix}`;
}

/**
 * Statements that replace the `~lineage` rows of `table` with `rows`, values as quoted
 * literals, so that they can join other statements in one (see `asOneStatement`).
 * `replaceRows: false` leaves out the DELETE of old rows.
 */
export function lineageStatements(adapter: Adapter, schema: string, table: string, rows: ReadonlyMap<string, string>, replaceRows = true): string[] {
  const statements = replaceRows ? [deleteLineageRowsSql(adapter, schema, table)] : [];
  const insert = lineageInsertSql(adapter, schema, [...rows].map(([attribute, lineage]) => [table, attribute, lineage] as const));
  if (insert !== null) statements.push(insert);
  return statements;
}

/** Replaces the `~lineage` rows of `schema`.`table` (creating `~lineage` if missing). */
export async function writeLineage(
  connection: Connection,
  schema: string,
  table: string,
  declaration: TableDeclaration,
  primaryKey: readonly string[],
): Promise<void> {
  const { adapter } = connection;
  await connection.query(ddlFor(connection).lineageTable(schema, adapter));
  const rows = await lineageRows(connection, schema, table, declaration, primaryKey);
  for (const statement of lineageStatements(adapter, schema, table, rows)) await connection.query(statement);
}
