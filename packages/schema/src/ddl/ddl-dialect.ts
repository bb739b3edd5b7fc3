/**
 * How a backend writes DataJoint's DDL. One implementation per SQL family, attached to
 * each backend's entry of core's dialect registry when this module is imported (core holds
 * no DDL code, and there is no second registry here); the rest of the package never asks
 * which backend it is on.
 */
import { DialectFacet, dialectFacet, registerDialectFacet, type Adapter } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import type { BackendRules } from './backend-rules';
import { mysqlDdl } from './mysql-ddl';
import { postgresDdl } from './postgres-ddl';
import type { TableLayout } from './table-layout';
import type { AlterPlan } from '../alter/alter-plan';

/** Statements that declare one table, in order. */
export interface CreateTableStatements {
  /**
   * Run first (with the rest as one statement where DDL is transactional); they do not
   * fail on objects that exist already (an enum type another table created is shared).
   */
  readonly prerequisites: readonly string[];
  readonly create: string;
  /** Run after CREATE TABLE (indexes and comments on PostgreSQL). */
  readonly after: readonly string[];
}

export interface DdlDialect {
  /** What the backend refuses or alters, checked before any DDL. */
  readonly rules: BackendRules;
  /**
   * Settles what the statements depend on in the catalog and returns the layout to
   * create (on PostgreSQL, the enum types to use: one query, only for tables with enums).
   */
  prepare(connection: Connection, layout: TableLayout): Promise<TableLayout>;
  createTable(layout: TableLayout, adapter: Adapter): CreateTableStatements;
  /**
   * Statements that apply an `alter()` plan, in order; its columns are prepared (enum
   * types settled) like a layout's. MySQL: one ALTER TABLE. PostgreSQL: enum types, then
   * one statement per change (run in one transaction); columns cannot be moved there, so
   * position-only changes are skipped and new columns go last.
   */
  alterTable(plan: AlterPlan, adapter: Adapter): string[];
  /**
   * One statement that runs `statements` in order, all or nothing, in one round trip
   * (PostgreSQL: a `DO` block); `null` where the backend cannot (MySQL, whose DDL commits
   * statement by statement).
   */
  asOneStatement(statements: readonly string[]): string | null;
  /** `CREATE TABLE IF NOT EXISTS` for the schema's `~lineage` table. */
  lineageTable(schema: string, adapter: Adapter): string;
  /** Statements that drop the named PostgreSQL enum types a dropped table leaves behind (none on MySQL). */
  dropTypes(schema: string, typeNames: readonly string[], adapter: Adapter): string[];
  /**
   * The type `describe()` writes for a column whose heading shows `type` (no DataJoint type
   * recorded): the catalog's spelling, or one the definition language accepts for it.
   */
  describeType(type: string): string;
}

/** The facet of core's dialect registry that holds each backend's DDL dialect. */
const DDL_DIALECT = new DialectFacet<DdlDialect>('DDL dialect');

registerDialectFacet('mysql', DDL_DIALECT, mysqlDdl);
registerDialectFacet('postgresql', DDL_DIALECT, postgresDdl);
registerDialectFacet('pglite', DDL_DIALECT, postgresDdl);

/** The DDL dialect of a connection's backend. */
export function ddlFor(connection: Connection): DdlDialect {
  return dialectFacet(connection.backend, DDL_DIALECT);
}
