/**
 * How a backend writes DataJoint's DDL. One implementation per SQL family; the rest of
 * the package never asks which backend it is on.
 */
import { DataJointError, type Adapter } from '@dj/core';
import { mysqlDdl } from './mysql-ddl';
import { postgresDdl } from './postgres-ddl';
import type { TableLayout } from './table-layout';

/** Statements that declare one table, in order. */
export interface CreateTableStatements {
  /** Run first; failures are ignored (e.g. an enum type that already exists). */
  readonly prerequisites: readonly string[];
  readonly create: string;
  /** Run after CREATE TABLE (indexes and comments on PostgreSQL). */
  readonly after: readonly string[];
}

export interface DdlDialect {
  createTable(layout: TableLayout, adapter: Adapter): CreateTableStatements;
  /** `CREATE TABLE IF NOT EXISTS` for the schema's `~lineage` table. */
  lineageTable(schema: string, adapter: Adapter): string;
  /** Statements that drop the named PostgreSQL enum types a dropped table leaves behind (none on MySQL). */
  dropTypes(schema: string, typeNames: readonly string[], adapter: Adapter): string[];
}

/** The DDL dialect of a connection's backend. */
export function ddlFor(adapter: Adapter): DdlDialect {
  switch (adapter.family) {
    case 'mysql':
      return mysqlDdl;
    case 'postgresql':
      return postgresDdl;
    default:
      throw new DataJointError(`No DDL dialect for backend family ${String(adapter.family)}.`);
  }
}
