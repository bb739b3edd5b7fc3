/**
 * Writing a table's rows of `~lineage` (spec-core §4.14): foreign-key attributes inherit
 * the referenced attribute's lineage; primary-key attributes of the table's own are their
 * own origin, `schema.table.attribute`.
 */
import { LINEAGE_TABLE, loadTableHeading } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import { ddlFor } from '../ddl/ddl-dialect';
import type { TableDeclaration } from './table-declaration';

/** The lineage of a parent's attribute, from its heading (cached: the declaration has just read the parent's key). */
async function lineageOf(connection: Connection, schema: string, table: string, attribute: string): Promise<string | null> {
  const heading = await loadTableHeading(connection, schema, table);
  return heading.lineageAvailable ? (heading.find(attribute)?.lineage ?? null) : null;
}

/** How {@link writeLineage} may skip work its caller knows to be unneeded. */
export interface LineageWriteOptions {
  /** `false`: `~lineage` exists (the caller has made sure); else it is created if missing. */
  readonly ensureTable?: boolean;
  /** `false`: `~lineage` holds no rows of this table, so there are none to replace. */
  readonly replaceRows?: boolean;
  /** The lineage of a parent's attribute when the caller knows it (`undefined`: read the parent's heading). */
  readonly knownLineage?: (schema: string, table: string, attribute: string) => string | null | undefined;
}

/**
 * Replaces the `~lineage` rows of `schema`.`table`, and returns them (attribute → lineage).
 * `primaryKey` includes `_singleton` for singleton tables.
 */
export async function writeLineage(
  connection: Connection,
  schema: string,
  table: string,
  declaration: TableDeclaration,
  primaryKey: readonly string[],
  { ensureTable = true, replaceRows = true, knownLineage }: LineageWriteOptions = {},
): Promise<ReadonlyMap<string, string>> {
  const { adapter } = connection;
  const lineageTable = adapter.fullTableName(schema, LINEAGE_TABLE);
  if (ensureTable) await connection.query(ddlFor(connection).lineageTable(schema, adapter));
  if (replaceRows) await connection.query(`DELETE FROM ${lineageTable} WHERE table_name = ?`, [table]);
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
  if (entries.size === 0) return entries;
  const columns = ['table_name', 'attribute_name', 'lineage'];
  const { verb, suffix } = adapter.insertParts(lineageTable, columns, ['table_name', 'attribute_name'], 'update');
  const tuples = [...entries].map(() => '(?, ?, ?)').join(', ');
  const params = [...entries].flatMap(([attribute, lineage]) => [table, attribute, lineage]);
  await connection.query(`${verb} INTO ${lineageTable} (${columns.map((c) => adapter.quoteIdentifier(c)).join(', ')}) VALUES ${tuples}${suffix}`, params);
  return entries;
}
