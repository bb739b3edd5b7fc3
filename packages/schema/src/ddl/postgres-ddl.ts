/**
 * DataJoint's DDL on PostgreSQL (and PGlite): enum types created first, indexes and
 * comments after CREATE TABLE, and an index for each foreign key not already covered
 * (PostgreSQL does not index referencing columns by itself).
 */
import type { Adapter } from '@dj/core';
import type { CreateTableStatements, DdlDialect } from './ddl-dialect';
import { indexArgumentSql } from './index-arguments';
import type { IndexLayout, TableLayout } from './table-layout';

/** The index name datajoint-python gives: `idx_<table>_<columns joined by _, first 30 characters>`. */
function indexName(table: string, args: readonly string[]): string {
  const columns = args.map((a) => a.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')).join('_');
  return `idx_${table}_${columns.slice(0, 30)}`;
}

/** Foreign-key indexes not covered as a left prefix of the primary key or of another index (longest first). */
function foreignKeyIndexes(layout: TableLayout): IndexLayout[] {
  const covered: Array<readonly string[]> = [layout.primaryKey, ...layout.indexes.map((i) => i.args)];
  const added: IndexLayout[] = [];
  const candidates = [...layout.foreignKeyIndexCandidates].sort((a, b) => b.length - a.length);
  for (const candidate of candidates) {
    const isCovered = covered.some((prefix) => candidate.every((c, i) => prefix[i] === c));
    if (!isCovered) {
      added.push({ unique: false, args: candidate });
      covered.push(candidate);
    }
  }
  return added;
}

/** Comments as datajoint-python stores them on PostgreSQL (double quotes backslash-escaped). */
function commentLiteral(adapter: Adapter, comment: string): string {
  return adapter.quoteString(comment.replace(/"/g, '\\"'));
}

export const postgresDdl: DdlDialect = {
  createTable(layout: TableLayout, adapter: Adapter): CreateTableStatements {
    const q = (name: string) => adapter.quoteIdentifier(name);
    const fullName = adapter.fullTableName(layout.schema, layout.table);
    const prerequisites: string[] = [];
    for (const column of layout.columns) {
      if (column.enumValues) {
        prerequisites.push(`CREATE TYPE ${column.sqlType} AS ENUM (${column.enumValues.map((v) => adapter.quoteString(v)).join(', ')})`);
      }
    }
    const items: string[] = layout.columns.map((c) => [q(c.name), c.sqlType, c.nullClause].filter(Boolean).join(' '));
    items.push(`PRIMARY KEY (${layout.primaryKey.map(q).join(', ')})`);
    for (const fk of layout.foreignKeys) {
      items.push(
        `FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${adapter.fullTableName(fk.parentSchema, fk.parentTable)} ` +
          `(${fk.parentColumns.map(q).join(', ')}) ON UPDATE CASCADE ON DELETE RESTRICT`,
      );
    }
    const after: string[] = [];
    for (const index of [...layout.indexes, ...foreignKeyIndexes(layout)]) {
      after.push(
        `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(indexName(layout.table, index.args))} ON ${fullName} ` +
          `(${index.args.map((a) => indexArgumentSql(adapter, a)).join(', ')})`,
      );
    }
    after.push(`COMMENT ON TABLE ${fullName} IS ${adapter.quoteString(layout.comment)}`);
    for (const column of layout.columns) {
      if (!column.inherited && column.comment) {
        after.push(`COMMENT ON COLUMN ${fullName}.${q(column.name)} IS ${commentLiteral(adapter, column.comment)}`);
      }
    }
    return { prerequisites, create: `CREATE TABLE IF NOT EXISTS ${fullName} (\n${items.join(',\n')}\n)`, after };
  },

  lineageTable(schema: string, adapter: Adapter): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${adapter.fullTableName(schema, '~lineage')} (\n` +
      '"table_name" VARCHAR(64) NOT NULL,\n"attribute_name" VARCHAR(64) NOT NULL,\n"lineage" VARCHAR(255) NOT NULL,\n' +
      'PRIMARY KEY ("table_name", "attribute_name")\n)'
    );
  },

  dropTypes(schema: string, typeNames: readonly string[], adapter: Adapter): string[] {
    return typeNames.map((name) => `DROP TYPE IF EXISTS ${adapter.quoteIdentifier(schema)}.${adapter.quoteIdentifier(name)}`);
  },
};
