/**
 * The definition of an auto-populated table's jobs table, as datajoint-python 2.x writes
 * it, so that workers of both implementations share one queue: the target's primary-key
 * attributes that come from foreign keys, declared as the target's columns are (the type
 * in the column's comment marker, else the column's SQL type), then the job columns.
 */
import { DataJointError, type Connection } from '@dj/core';
import { parseColumnComment, type ColumnInfo } from '@dj/core/internal';

/** Longest error message stored (longer ones are cut, ending in `...truncated`). */
export const ERROR_MESSAGE_LENGTH = 2047;

/** The jobs table of a target table: `~~` and the target's name without leading underscores. */
export function jobsTableName(targetTable: string): string {
  return `~~${targetTable.replace(/^_+/, '')}`;
}

/**
 * A column's type as datajoint-python reads it from the catalog when the column has no
 * type marker: MySQL's without display widths (`int`), PostgreSQL's with its short names
 * (`varchar(16)`), and an enum by its values.
 */
function catalogType(column: ColumnInfo): string {
  if (column.enumValues) return `enum(${column.enumValues.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
  return column.sqlType
    .replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\s*\(\d+\)/i, '$1')
    .replace(/^character varying\s*\((\d+)\)$/i, 'varchar($1)')
    .replace(/^character\s*\((\d+)\)$/i, 'char($1)')
    .replace(/^numeric\s*\((\d+),\s*(\d+)\)$/i, 'decimal($1,$2)');
}

/**
 * The jobs table's definition for target `schema`.`table`, or an error when no primary-key
 * attribute comes from a foreign key.
 */
export async function jobsDefinition(connection: Connection, schema: string, table: string): Promise<string> {
  const { introspector, adapter } = connection;
  const [columns, primaryKey, foreignKeys] = await Promise.all([
    introspector.columns(connection, schema, table),
    introspector.primaryKey(connection, schema, table),
    introspector.tableForeignKeys(connection, schema, table),
  ]);
  const target = adapter.fullTableName(schema, table);
  const fromForeignKeys = new Set(
    foreignKeys.filter((fk) => fk.columns.every((c) => primaryKey.includes(c.child))).flatMap((fk) => fk.columns.map((c) => c.child)),
  );
  const lines: string[] = [];
  for (const name of primaryKey) {
    if (!fromForeignKeys.has(name)) {
      connection.config.logger.warn(`Ignoring non-FK primary key attribute '${name}' in jobs table for ${target}. Job granularity will be degraded.`);
      continue;
    }
    const column = columns.find((c) => c.name === name)!;
    lines.push(`${name} : ${parseColumnComment(column.comment).type ?? catalogType(column)}`);
  }
  if (lines.length === 0) throw new DataJointError(`Cannot create jobs table for ${target}: no FK-derived primary key attributes found.`);
  return `
    # Job queue for ${target}
    ${lines.join('\n    ')}
    ---
    status          : enum('pending', 'reserved', 'success', 'error', 'ignore')
    priority        : int8
    created_time=CURRENT_TIMESTAMP(3) : datetime(3)
    scheduled_time=CURRENT_TIMESTAMP(3) : datetime(3)
    reserved_time=null  : datetime(3)
    completed_time=null : datetime(3)
    duration=null   : float64
    error_message="" : varchar(${ERROR_MESSAGE_LENGTH})
    error_stack=null : <blob>
    user=""         : varchar(255)
    host=""         : varchar(255)
    pid=0           : int32
    connection_id=0 : int64
    version=""      : varchar(64)
    INDEX (status, priority, scheduled_time)
    `;
}
