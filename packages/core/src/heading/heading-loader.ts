/**
 * Reading a table's heading from the database catalog, for tables declared by this
 * implementation, by datajoint-python, or by hand. The DataJoint type of a column comes
 * from its comment marker; foreign-key columns carry none, so their type (and comment) is
 * taken from the attribute they reference; anything else gets its normalised SQL type.
 */
import type { Connection } from '../connection/connection';
import type { ColumnInfo } from '../dialects/introspector';
import { DataJointError, MissingTableError } from '../errors';
import { storedTypeOf } from '../codecs/codec-storage';
import { parseAttributeType } from '../types/attribute-type';
import { normalizeSqlType } from '../types/sql-type-normalizer';
import { kindOfSqlType, kindOfType, type ValueKind } from '../types/value-kind';
import type { Attribute } from './attribute';
import { parseColumnComment } from './comment-marker';
import { Heading } from './heading';
import { headingCache, headingCacheKey } from './heading-cache';
import { readTableLineage } from './lineage-rows';

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

async function readHeading(connection: Connection, schema: string, table: string, visiting: Set<string>): Promise<Heading> {
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

  // Attributes referenced by marker-less foreign-key columns give those columns their type.
  const referenced = new Map<string, Attribute>();
  const unmarked = new Set(columns.filter((c) => parseColumnComment(c.comment).type === null).map((c) => c.name));
  for (const fk of foreignKeys) {
    if (!fk.columns.some((c) => unmarked.has(c.child))) continue;
    const parentKey = headingCacheKey(fk.parentSchema, fk.parentTable);
    if (visiting.has(parentKey)) continue;
    const parent =
      (await headingCache(connection).get(parentKey)) ??
      (await readHeading(connection, fk.parentSchema, fk.parentTable, new Set([...visiting, parentKey])));
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
  return STRING_LIKE.has(kind) ? `"${value}"` : value;
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
