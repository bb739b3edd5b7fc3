/** DataJoint's DDL on MySQL and MariaDB: indexes and comments inline, InnoDB. */
import type { Adapter } from '@dj/core/internal';
import type { CreateTableStatements, DdlDialect } from './ddl-dialect';
import { indexArgumentSql } from './index-arguments';
import { mysqlRules } from './mysql-rules';
import type { ColumnLayout, TableLayout } from './table-layout';
import type { AlterPlan } from '../alter/alter-plan';

/** A double-quoted MySQL string (DataJoint writes comments this way). */
function doubleQuoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A column's definition in CREATE and ALTER TABLE. */
function columnSql(adapter: Adapter, c: ColumnLayout): string {
  return [adapter.quoteIdentifier(c.name), c.sqlType, c.nullClause, c.comment ? `COMMENT ${doubleQuoted(c.comment)}` : ''].filter(Boolean).join(' ');
}

export const mysqlDdl: DdlDialect = {
  rules: mysqlRules,

  prepare(_connection, layout: TableLayout): Promise<TableLayout> {
    return Promise.resolve(layout);
  },

  createTable(layout: TableLayout, adapter: Adapter): CreateTableStatements {
    const q = (name: string) => adapter.quoteIdentifier(name);
    const items: string[] = layout.columns.map((c) => columnSql(adapter, c));
    items.push(`PRIMARY KEY (${layout.primaryKey.map(q).join(',')})`);
    for (const fk of layout.foreignKeys) {
      items.push(
        `FOREIGN KEY (${fk.columns.map(q).join(',')}) REFERENCES ${adapter.fullTableName(fk.parentSchema, fk.parentTable)} ` +
          `(${fk.parentColumns.map(q).join(',')}) ON UPDATE CASCADE ON DELETE RESTRICT`,
      );
    }
    for (const index of layout.indexes) {
      items.push(`${index.unique ? 'unique ' : ''}index (${index.args.map((a) => indexArgumentSql(adapter, a)).join(',')})`);
    }
    const options = `ENGINE=InnoDB${layout.comment ? `, COMMENT ${doubleQuoted(layout.comment)}` : ''}`;
    return {
      prerequisites: [],
      create: `CREATE TABLE ${adapter.fullTableName(layout.schema, layout.table)} (\n${items.join(',\n')}\n) ${options}`,
      after: [],
    };
  },

  alterTable(plan: AlterPlan, adapter: Adapter): string[] {
    const q = (name: string) => adapter.quoteIdentifier(name);
    const clauses = plan.drops.map((name) => `DROP ${q(name)}`);
    for (const change of plan.changes) {
      const verb = change.kind === 'add' ? 'ADD' : change.kind === 'modify' ? 'MODIFY' : `CHANGE ${q(change.from)}`;
      const position = change.after === null ? ' FIRST' : ` AFTER ${q(change.after)}`;
      clauses.push(`${verb} ${columnSql(adapter, change.column)}${position}`);
    }
    if (plan.comment !== null) clauses.push(`COMMENT=${doubleQuoted(plan.comment)}`);
    if (clauses.length === 0) return [];
    return [`ALTER TABLE ${adapter.fullTableName(plan.schema, plan.table)}\n\t${clauses.join(',\n\t')}`];
  },

  asOneStatement(): null {
    return null;
  },

  lineageTable(schema: string, adapter: Adapter): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${adapter.fullTableName(schema, '~lineage')} (\n` +
      '`table_name` VARCHAR(64) NOT NULL COMMENT "table name within the schema",\n' +
      '`attribute_name` VARCHAR(64) NOT NULL COMMENT "attribute name",\n' +
      '`lineage` VARCHAR(255) NOT NULL COMMENT "origin: schema.table.attribute",\n' +
      'PRIMARY KEY (`table_name`, `attribute_name`)\n) ENGINE=InnoDB'
    );
  },

  dropTypes(): string[] {
    return [];
  },

  describeType(type: string): string {
    return type;
  },
};
