/**
 * `T.alter()`: brings the table in the database to what its class's definition declares
 * (see `alter-plan.ts` for what may change), after showing the statements and asking when
 * `safemode` is on. Stored type comments and `~lineage` are rewritten with it.
 */
import { DataJointError, type Connection, type Heading } from '@dj/core';
import { clearHeadingCache } from '@dj/core/internal';
import { ddlFor } from '../ddl/ddl-dialect';
import { checkForBackend } from '../ddl/backend-rules';
import { layoutTable } from '../ddl/table-layout';
import { writeLineage } from '../declare/lineage-writer';
import type { TableDeclaration } from '../declare/table-declaration';
import { confirmDestructive } from '../interaction/confirm';
import { isEmptyPlan, planAlter, withoutRenameMarkers, type AlterPlan } from './alter-plan';

/** Options of `alter()`. */
export interface AlterOptions {
  /** Show the statements and ask before running them; default: the `safemode` setting. */
  prompt?: boolean;
}

/** The table to alter: its place, its current heading and the declaration of its class. */
export interface AlterTarget {
  readonly connection: Connection;
  readonly schema: string;
  readonly table: string;
  /** How the table is named in messages. */
  readonly label: string;
  readonly heading: Heading;
  readonly declaration: TableDeclaration;
}

/** The plan's columns with what the backend settles first (PostgreSQL enum types). */
async function preparedPlan(target: AlterTarget, plan: AlterPlan): Promise<AlterPlan> {
  if (plan.changes.length === 0) return plan;
  const dialect = ddlFor(target.connection);
  const layout = layoutTable(target.declaration, target.schema, target.table, target.connection.adapter, target.connection.config);
  const prepared = await dialect.prepare(target.connection, { ...layout, columns: plan.changes.map((c) => c.column) });
  return { ...plan, changes: plan.changes.map((change, i) => ({ ...change, column: prepared.columns[i]! })) };
}

/**
 * Alters the table; resolves to the statements run (none when nothing changed or the
 * user declined).
 * @throws DataJointError inside a transaction, and for changes `alter()` cannot make.
 */
export async function alterTable(target: AlterTarget, options: AlterOptions): Promise<string[]> {
  const { connection, schema, table } = target;
  const { adapter, config } = connection;
  if (connection.inTransaction) {
    throw new DataJointError('Cannot update table declaration inside a transaction, e.g. from inside a populate/make call');
  }
  const declaration = withoutRenameMarkers(target.declaration);
  const dialect = ddlFor(connection);
  const layout = layoutTable(declaration, schema, table, adapter, config);
  checkForBackend(dialect.rules, declaration, layout, target.label);
  const [foreignKeys, indexes] = await Promise.all([
    connection.introspector.tableForeignKeys(connection, schema, table),
    connection.introspector.indexes(connection, schema, table),
  ]);
  const plan = planAlter(target.declaration, layout, { heading: target.heading, foreignKeys, indexes });
  const statements = isEmptyPlan(plan) ? [] : dialect.alterTable(await preparedPlan({ ...target, declaration }, plan), adapter);
  if (statements.length === 0) {
    config.logger.info('Nothing to alter.');
    return [];
  }
  if (!(await confirmDestructive(config, `${statements.join(';\n')}\n\nExecute?`, options.prompt, 'Alter'))) return [];
  const run = async () => {
    for (const statement of statements) await connection.query(statement);
    await writeLineage(connection, schema, table, declaration, layout.primaryKey);
  };
  try {
    if (adapter.transactionalDdl) await connection.transaction(run);
    else await run();
  } finally {
    clearHeadingCache(connection);
  }
  config.logger.info(`Table ${target.label} altered.`);
  return statements;
}
