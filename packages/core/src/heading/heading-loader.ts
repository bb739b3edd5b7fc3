/**
 * Reading a table's heading from the database catalog, for tables declared by this
 * implementation, by datajoint-python, or by hand. The DataJoint type of a column comes
 * from its comment marker; foreign-key columns carry none, so their type (and comment) is
 * taken from the attribute they reference; anything else gets its normalised SQL type.
 */
import type { Connection } from '../connection/connection';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo } from '../dialects/introspector';
import { DataJointError, MissingTableError } from '../errors';
import { storedTypeOf } from '../codecs/codec-storage';
import { parseAttributeType } from '../types/attribute-type';
import { normalizeSqlType } from '../types/sql-type-normalizer';
import { kindOfSqlType, kindOfType, type ValueKind } from '../types/value-kind';
import type { Attribute } from './attribute';
import { parseColumnComment } from './comment-marker';
import { Heading } from './heading';
import { catalogMemo, headingCache, headingCacheKey } from './heading-cache';
import { LINEAGE_TABLE, readTableLineage, type TableLineage } from './lineage-rows';
import { sharedForeignKeys, sharedPrimaryKeys, sharedTables } from './shared-catalog-reads';

/**
 * The heading of an existing table, read from the catalog (cached per connection).
 * @throws MissingTableError when the table does not exist.
 */
export function loadTableHeading(connection: Connection, schema: string, table: string): Promise<Heading> {
  const cache = headingCache(connection);
  const key = headingCacheKey(schema, table);
  let pending = cache.get(key);
  if (!pending) {
    pending = readHeading(connection, schema, table, new Set([key]));
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** What the catalog says about one table: everything its heading is built from. */
interface TableCatalog {
  readonly info: TableInfo;
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexInfo[];
  readonly foreignKeys: readonly ForeignKeyInfo[];
  readonly lineage: TableLineage;
}

/** The heading of a parent table a foreign key references (`visiting`: tables already on the way, against cycles). */
type ParentHeading = (schema: string, table: string, visiting: ReadonlySet<string>) => Promise<Heading>;

async function readHeading(connection: Connection, schema: string, table: string, visiting: ReadonlySet<string>): Promise<Heading> {
  const { introspector, adapter } = connection;
  const info = await introspector.tableInfo(connection, schema, table);
  if (!info) throw new MissingTableError(`The table ${adapter.fullTableName(schema, table)} is not defined.`);
  const [columns, primaryKey, indexes, foreignKeys, lineage] = await Promise.all([
    introspector.columns(connection, schema, table),
    introspector.primaryKey(connection, schema, table),
    introspector.indexes(connection, schema, table),
    introspector.tableForeignKeys(connection, schema, table),
    readTableLineage(connection, schema, table),
  ]);
  const parentHeading: ParentHeading = async (parentSchema, parentTable, seen) =>
    (await headingCache(connection).get(headingCacheKey(parentSchema, parentTable))) ??
    (await readHeading(connection, parentSchema, parentTable, seen));
  return assembleHeading({ info, columns, primaryKey, indexes, foreignKeys, lineage }, visiting, parentHeading);
}

/** A heading from its table's catalog entries; marker-less foreign-key columns take the referenced attribute's type. */
async function assembleHeading(catalog: TableCatalog, visiting: ReadonlySet<string>, parentHeading: ParentHeading): Promise<Heading> {
  const { info, columns, primaryKey, indexes, foreignKeys, lineage } = catalog;
  const referenced = new Map<string, Attribute>();
  const unmarked = new Set(columns.filter((c) => parseColumnComment(c.comment).type === null).map((c) => c.name));
  for (const fk of foreignKeys) {
    if (!fk.columns.some((c) => unmarked.has(c.child))) continue;
    const parentKey = headingCacheKey(fk.parentSchema, fk.parentTable);
    if (visiting.has(parentKey)) continue;
    const parent = await parentHeading(fk.parentSchema, fk.parentTable, new Set([...visiting, parentKey]));
    for (const c of fk.columns) {
      const attribute = parent.find(c.parent);
      if (attribute) referenced.set(c.child, attribute);
    }
  }

  const attributes = columns.map((column) =>
    buildAttribute(column, primaryKey.includes(column.name), referenced.get(column.name), lineage.byAttribute.get(column.name) ?? null),
  );
  return new Heading(orderPrimaryKeyFirst(attributes, primaryKey), {
    tableComment: info.comment,
    lineageAvailable: lineage.available,
    indexes,
  });
}

/**
 * Loads the headings of `tables` not cached yet into the connection's heading cache, reading
 * the catalog of their schemas in one statement per catalog view (tables, columns, keys,
 * indexes, foreign keys, and each schema's lineage) rather than several per table: what a
 * cascade over hundreds of tables needs. Tables that do not exist are left out.
 * @internal
 */
export async function preloadTableHeadings(connection: Connection, tables: ReadonlyArray<{ schema: string; table: string }>): Promise<void> {
  const cache = headingCache(connection);
  const missing = tables.filter((t) => !cache.has(headingCacheKey(t.schema, t.table)));
  if (missing.length === 0) return;
  await preloadFromCatalog(connection, [...new Set(missing.map((t) => t.schema))].sort(), () => missing);
}

/**
 * Loads the headings of every table of `schemas` (hidden `~` tables left out) into the
 * connection's heading cache, as {@link preloadTableHeadings} does, once per connection
 * until DDL clears its catalog cache: a cascade starts it before it knows which tables it
 * reaches, while the dependency graph is read.
 * @internal
 */
export function preloadSchemaHeadings(connection: Connection, schemas: readonly string[]): Promise<void> {
  const names = [...new Set(schemas)].sort();
  return catalogMemo(connection, JSON.stringify(['schema-headings', names]), () => {
    const cache = headingCache(connection);
    return preloadFromCatalog(connection, names, (infos) =>
      infos.filter((i) => !i.name.startsWith('~') && !cache.has(headingCacheKey(i.schema, i.name))).map((i) => ({ schema: i.schema, table: i.name })),
    );
  });
}

/** Reads the catalog views of `schemas` once and caches the headings of the tables `wanted` picks from the schemas' tables. */
async function preloadFromCatalog(
  connection: Connection,
  schemas: readonly string[],
  wanted: (infos: ReadonlyArray<TableInfo & { readonly schema: string }>) => ReadonlyArray<{ schema: string; table: string }>,
): Promise<void> {
  const cache = headingCache(connection);
  const { introspector } = connection;
  const tables = sharedTables(connection, schemas);
  // the lineage tables are known from the table list, the first read back: read them while the others run
  const [infos, lineages, columns, keys, indexes, foreignKeys] = await Promise.all([
    tables,
    tables.then((infos) => readSchemaLineages(connection, infos)),
    introspector.columnsOf(connection, schemas),
    sharedPrimaryKeys(connection, schemas),
    introspector.indexesOf(connection, schemas),
    sharedForeignKeys(connection, schemas),
  ]);
  const missing = wanted(infos);
  const byTable = <T>(entries: ReadonlyArray<{ schema: string; table: string; entries: T[] }>) =>
    new Map(entries.map((e) => [headingCacheKey(e.schema, e.table), e.entries]));
  const columnsOf = byTable(columns);
  const indexesOf = byTable(indexes);
  const keyOf = new Map(keys.map((k) => [headingCacheKey(k.schema, k.table), k.columns]));
  const foreignKeysOf = new Map<string, ForeignKeyInfo[]>();
  for (const fk of foreignKeys) {
    const key = headingCacheKey(fk.childSchema, fk.childTable);
    foreignKeysOf.set(key, [...(foreignKeysOf.get(key) ?? []), fk]);
  }
  const catalogs = new Map<string, TableCatalog>();
  for (const info of infos) {
    const key = headingCacheKey(info.schema, info.name);
    const lineage = lineages.get(info.schema);
    catalogs.set(key, {
      info,
      columns: columnsOf.get(key) ?? [],
      primaryKey: keyOf.get(key) ?? [],
      indexes: indexesOf.get(key) ?? [],
      foreignKeys: foreignKeysOf.get(key) ?? [],
      lineage: { available: lineage !== undefined, byAttribute: lineage?.get(info.name) ?? new Map() },
    });
  }
  // each heading once, parents through the same map (cached or read as usual outside these schemas)
  const built = new Map<string, Promise<Heading>>();
  const headingOf: ParentHeading = (schema, table, visiting) => {
    const key = headingCacheKey(schema, table);
    const catalog = catalogs.get(key);
    const cached = cache.get(key);
    if (cached) return cached;
    if (!catalog) return loadTableHeading(connection, schema, table);
    let pending = built.get(key);
    if (!pending) {
      pending = assembleHeading(catalog, visiting, headingOf);
      built.set(key, pending);
    }
    return pending;
  };
  for (const { schema, table } of missing) {
    const key = headingCacheKey(schema, table);
    if (!catalogs.has(key)) continue;
    const heading = await headingOf(schema, table, new Set([key]));
    if (!cache.has(key)) cache.set(key, Promise.resolve(heading));
  }
}

/** Lineage rows of every table of the schemas that have a lineage table: schema → table → attribute → lineage. */
async function readSchemaLineages(
  connection: Connection,
  tables: ReadonlyArray<{ schema: string; name: string }>,
): Promise<Map<string, Map<string, Map<string, string>>>> {
  const schemas = tables.filter((t) => t.name === LINEAGE_TABLE).map((t) => t.schema);
  const result = new Map<string, Map<string, Map<string, string>>>();
  await Promise.all(
    schemas.map(async (schema) => {
      const { rows } = await connection.query(`SELECT table_name, attribute_name, lineage FROM ${connection.adapter.fullTableName(schema, LINEAGE_TABLE)}`);
      const byTable = new Map<string, Map<string, string>>();
      for (const r of rows) {
        const table = String(r.table_name);
        if (!byTable.has(table)) byTable.set(table, new Map());
        byTable.get(table)!.set(String(r.attribute_name), String(r.lineage));
      }
      result.set(schema, byTable);
    }),
  );
  return result;
}

/** DataJoint headings list the primary key first, in key order, then the other columns. */
function orderPrimaryKeyFirst(attributes: Attribute[], primaryKey: readonly string[]): Attribute[] {
  const keyed = primaryKey.map((name) => attributes.find((a) => a.name === name)).filter((a): a is Attribute => !!a);
  return [...keyed, ...attributes.filter((a) => !primaryKey.includes(a.name))];
}

function isLegacyType(type: string): boolean {
  return /^external/i.test(type);
}

/** Type, kind and codec from a comment marker. */
function fromMarker(marker: string, sqlType: string): { type: string; kind: ValueKind; codec: string | null } {
  if (isLegacyType(marker)) {
    throw new DataJointError(
      `Legacy datatype \`${marker}\`. See migration guide: https://docs.datajoint.com/how-to/migrate-to-v20/`,
    );
  }
  if (marker.startsWith('<')) {
    // An unknown codec is reported when a value is encoded or decoded, not on reading the heading.
    let kind: ValueKind;
    try {
      kind = kindOfType(parseAttributeType(storedTypeOf(marker)));
    } catch {
      kind = kindOfSqlType(sqlType);
    }
    return { type: marker, kind, codec: marker };
  }
  try {
    return { type: marker, kind: kindOfType(parseAttributeType(marker)), codec: null };
  } catch {
    // A marker this version does not know: keep it as the type, decode by the SQL type.
    return { type: marker, kind: kindOfSqlType(sqlType), codec: null };
  }
}

const STRING_LIKE: ReadonlySet<ValueKind> = new Set(['string', 'char', 'date', 'datetime', 'time']);

/** The default as DataJoint shows it (see {@link Attribute.default}). */
function displayDefault(column: ColumnInfo, kind: ValueKind): string | null {
  if (column.nullable) return 'null';
  const value = column.defaultValue;
  if (value === null) return null;
  const timestamp = /^(current_timestamp|now)\s*\(\s*(\d*)\s*\)$|^current_timestamp$/i.exec(value);
  if (timestamp) return timestamp[2] ? `CURRENT_TIMESTAMP(${timestamp[2]})` : 'CURRENT_TIMESTAMP';
  if (!STRING_LIKE.has(kind)) return value;
  // double quotes as datajoint-python shows them, unless the value holds one: then SQL's single quotes, doubled inside
  return value.includes('"') ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

function buildAttribute(column: ColumnInfo, inKey: boolean, referenced: Attribute | undefined, lineage: string | null): Attribute {
  const marker = parseColumnComment(column.comment);
  const sqlType = normalizeSqlType(column.sqlType, column.enumValues);
  let type: string;
  let kind: ValueKind;
  let codec: string | null = null;
  let comment = marker.comment;
  let enumValues = column.enumValues;
  if (marker.type !== null) {
    ({ type, kind, codec } = fromMarker(marker.type, sqlType));
  } else if (referenced) {
    type = referenced.type;
    kind = referenced.kind;
    comment = comment || referenced.comment;
    enumValues = enumValues ?? referenced.enumValues;
  } else {
    type = sqlType;
    kind = kindOfSqlType(sqlType);
  }
  if (inKey && (kind === 'bytes' || kind === 'json' || codec !== null)) {
    throw new DataJointError('Blob or JSON attributes are not allowed in the primary key');
  }
  return {
    name: column.name,
    type,
    sqlType,
    columnType: column.sqlType,
    kind,
    codec,
    inKey,
    nullable: column.nullable,
    default: displayDefault(column, kind),
    comment,
    autoIncrement: column.autoIncrement,
    hidden: column.name.startsWith('_'),
    lineage,
    enumValues,
    expression: null,
  };
}
