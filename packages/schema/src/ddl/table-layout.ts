/**
 * The backend-neutral layout of a CREATE TABLE: columns with SQL type, null/default clause
 * and stored comment, primary key, foreign keys and indexes. Each backend's DDL dialect
 * renders it. Column order, clauses and comments follow datajoint-python (spec-core §4.9).
 */
import { formatColumnComment, kindOfType, parseAttributeType, storedTypeOf, type Adapter, type AttributeType } from '@dj/core/internal';
import { type Config } from '@dj/core';
import type { AttributeItem } from '../definition/definition-parser';
import type { TableDeclaration } from '../declare/table-declaration';
import { CURRENT_TIMESTAMP_DEFAULT, unquoteDefault } from '../definition/default-rules';

export interface ColumnLayout {
  readonly name: string;
  readonly sqlType: string;
  /** `NOT NULL`, `DEFAULT NULL`, `NOT NULL DEFAULT 'x'`, or `''` for nullable foreign-key columns. */
  readonly nullClause: string;
  /** The stored comment (type marker included), or `null`. */
  readonly comment: string | null;
  /** Comments of columns copied from a referenced table are not written on PostgreSQL. */
  readonly inherited: boolean;
  /** Values of an enum declared by this table (PostgreSQL creates a type for them). */
  readonly enumValues?: readonly string[];
  /** `false` when the enum type exists already (PostgreSQL, settled by the dialect's `prepare`). */
  readonly createEnumType?: boolean;
}

export interface ForeignKeyLayout {
  readonly columns: readonly string[];
  readonly parentSchema: string;
  readonly parentTable: string;
  readonly parentColumns: readonly string[];
}

export interface IndexLayout {
  readonly unique: boolean;
  /** Attribute names, or raw SQL expressions (functional indexes). */
  readonly args: readonly string[];
}

export interface TableLayout {
  readonly schema: string;
  readonly table: string;
  readonly comment: string;
  readonly columns: readonly ColumnLayout[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ForeignKeyLayout[];
  readonly indexes: readonly IndexLayout[];
  /** Column lists of non-unique foreign keys (PostgreSQL adds indexes for them). */
  readonly foreignKeyIndexCandidates: ReadonlyArray<readonly string[]>;
}

/** Hidden columns added to Computed and Imported tables with `jobs.add_job_metadata`. */
export const JOB_METADATA_COLUMNS = ['_job_start_time', '_job_duration', '_job_version'] as const;

/** The `_singleton` column of tables declared without primary-key attributes. */
export const SINGLETON_COLUMN = '_singleton';

function defaultClause(adapter: Adapter, item: AttributeItem): string {
  const text = item.defaultText;
  if (text === null) return 'NOT NULL';
  if (/^null$/i.test(text)) return 'DEFAULT NULL';
  if (CURRENT_TIMESTAMP_DEFAULT.test(text)) return `NOT NULL DEFAULT ${text}`;
  const value = unquoteDefault(text);
  return `NOT NULL DEFAULT ${kindOfType(item.type) === 'bool' ? adapter.boolDefaultSql(value) : adapter.quoteString(value)}`;
}

/** The SQL type of a declared attribute: core types mapped per backend, codecs by their stored type, native types as written. */
export function columnSqlType(adapter: Adapter, type: AttributeType, schema: string): string {
  if (type.category === 'native') return type.text;
  const core = type.category === 'core' ? type : parseAttributeType(storedTypeOf(type.text));
  if (core.category !== 'core') return core.text;
  return adapter.coreTypeToSql(core.core, schema);
}

/** Whether a table gets the hidden job columns: Computed masters and Imported tables (as datajoint-python decides). */
function getsJobMetadata(table: string): boolean {
  const computed = table.startsWith('__') && !table.slice(2).includes('__');
  const imported = table.startsWith('_') && !table.startsWith('__');
  return computed || imported;
}

/** Lays out a declaration for `schema`.`table`. */
export function layoutTable(declaration: TableDeclaration, schema: string, table: string, adapter: Adapter, config: Config): TableLayout {
  const columns: ColumnLayout[] = [];
  for (const column of declaration.columns) {
    if (column.origin === 'attribute') {
      const { item } = column;
      const type = item.type;
      const sqlType = columnSqlType(adapter, type, schema);
      columns.push({
        name: item.name,
        sqlType,
        nullClause: defaultClause(adapter, item),
        comment: type.category === 'native' ? item.comment || null : formatColumnComment(type.text, item.comment),
        inherited: false,
        ...(type.category === 'core' && type.core.name === 'enum' ? { enumValues: type.core.values } : {}),
      });
    } else {
      const key = column.key;
      const comment = (key.kind === 'uuid' ? ':uuid:' : '') + key.comment;
      columns.push({
        name: column.name,
        sqlType: key.sqlType(adapter),
        nullClause: column.nullable ? '' : 'NOT NULL',
        comment: comment || null,
        inherited: true,
      });
    }
  }
  let primaryKey = [...declaration.primaryKey];
  if (primaryKey.length === 0) {
    columns.unshift({
      name: SINGLETON_COLUMN,
      sqlType: adapter.coreTypeToSql({ name: 'bool' }, schema),
      nullClause: 'NOT NULL DEFAULT TRUE',
      comment: ':bool:singleton primary key',
      inherited: false,
    });
    primaryKey = [SINGLETON_COLUMN];
  }
  if (config.jobs.add_job_metadata && getsJobMetadata(table)) {
    columns.push(
      { name: '_job_start_time', sqlType: adapter.coreTypeToSql({ name: 'datetime', precision: 3 }, schema).replace(/^timestamp\(3\)$/, 'timestamp'), nullClause: 'DEFAULT NULL', comment: null, inherited: false },
      { name: '_job_duration', sqlType: adapter.coreTypeToSql({ name: 'float32' }, schema), nullClause: 'DEFAULT NULL', comment: null, inherited: false },
      { name: '_job_version', sqlType: 'varchar(64)', nullClause: "DEFAULT ''", comment: null, inherited: false },
    );
  }
  const foreignKeys = declaration.foreignKeys.map((fk) => {
    const target = fk.target.location();
    return {
      columns: fk.columns.map((c) => c.child),
      parentSchema: target.schema,
      parentTable: target.table,
      parentColumns: fk.columns.map((c) => c.parent),
    };
  });
  return {
    schema,
    table,
    comment: declaration.comment,
    columns,
    primaryKey,
    foreignKeys,
    indexes: declaration.indexes,
    foreignKeyIndexCandidates: declaration.foreignKeys.filter((fk) => !fk.item.unique).map((fk) => fk.columns.map((c) => c.child)),
  };
}
