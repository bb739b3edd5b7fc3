/**
 * Deleting rows with everything that depends on them (spec-pipeline §4): the cascade is
 * computed on the dependency graph first (`Diagram.cascade`), then the rows are deleted
 * leaves first (in one statement where the backend allows), in one transaction. No foreign-key error is needed to find the dependents.
 */
import { DataJointError, type Connection } from '@dj/core';
import { runWriteBatch, toQueryExpression, type SqlFragment } from '@dj/core/internal';
import { Diagram, type DiagramNode, type PartIntegrity } from '@dj/diagram';
import { checkPartIntegrity } from '@dj/diagram/internal';
import { assertCanAsk, confirmDestructive } from '../interaction/confirm';
import { deleteStatement } from './delete-statement';

/** Options of `delete()`. */
export interface DeleteOptions {
  /**
   * Ask before committing (show the rows per table): `true`, `false`, or by default the
   * connection's `safemode`. Without a terminal to ask on, a prompt is an error.
   */
  prompt?: boolean;
  /**
   * Part tables reached without their master: `'enforce'` (default) refuses to delete
   * them, `'cascade'` deletes the master and its other parts too, `'ignore'` deletes them.
   */
  partIntegrity?: PartIntegrity;
  /** Delete nothing; resolve to the rows per table a delete would remove. */
  dryRun?: boolean;
}

/** A declined delete rolls its transaction back. */
class DeleteDeclined extends Error {}

/**
 * Refuses a delete that removed part rows while removing no row of their master
 * (`'enforce'`, spec-pipeline DL-8): checked per table on the rows actually deleted, as
 * datajoint-python does. A master losing some rows vouches for all of its parts' deleted
 * rows (spec-pipeline §17 #19), so a cascade that reaches a part by two paths, one through
 * its master, is allowed.
 */
function refuseOrphanedParts(plan: ReadonlyArray<{ node: DiagramNode }>, deleted: ReadonlyMap<string, number>): void {
  for (const { node } of plan) {
    if (node.master === null || (deleted.get(node.fullName) ?? 0) === 0) continue;
    if ((deleted.get(node.master) ?? 0) > 0) continue;
    throw new DataJointError(
      `Attempt to delete part table ${node.fullName} before its master ${node.master}. ` +
        "Delete from the master first, or use partIntegrity: 'ignore' or 'cascade'.",
    );
  }
}

/**
 * Deletes the rows of `rows` (a table or a restricted table) and, in the same
 * transaction, every row that depends on them. Resolves to the number of rows deleted from
 * `rows`' own table, or with `dryRun` to the rows per table.
 */
export async function cascadeDelete(
  connection: Connection,
  rows: unknown,
  options: DeleteOptions & { isPart?: boolean },
): Promise<number | Record<string, number>> {
  const partIntegrity = checkPartIntegrity(options.partIntegrity ?? 'enforce');
  if (options.isPart && partIntegrity === 'enforce') {
    throw new DataJointError(
      "Cannot delete from a Part directly. Delete from master instead, or use partIntegrity: 'ignore' to break integrity, or partIntegrity: 'cascade' to also delete master.",
    );
  }
  const seed = await toQueryExpression(rows, 'delete() needs a table or a restricted table.').prepare();
  const diagram = new Diagram(seed).cascade(seed, { partIntegrity });
  if (options.dryRun) return diagram.preview();
  const prompt = options.prompt ?? (connection.config.get('safemode') as boolean);
  if (prompt) {
    if (connection.inTransaction) throw new DataJointError('Delete cannot use a transaction within an ongoing transaction. Set prompt: false.');
    assertCanAsk('Delete');
  }
  const plan = await diagram.entries();
  const source = seed.state.sources[0];
  const seedName = source?.kind === 'table' ? connection.adapter.fullTableName(source.schema, source.table) : undefined;
  const run = async (): Promise<number> => {
    const leavesFirst = [...plan].reverse();
    const statements: SqlFragment[] = [];
    for (const { node, rows: nodeRows } of leavesFirst) {
      await nodeRows.prepare();
      statements.push(deleteStatement(connection, { schema: node.schema, table: node.table, keyColumns: node.primaryKey }, nodeRows));
    }
    const counts = await runWriteBatch(connection, statements);
    const deleted = new Map(leavesFirst.map(({ node }, i) => [node.fullName, counts[i]!]));
    // a throw rolls the deletes back (the caller's transaction, when there is one, rolls back if the error reaches it)
    if (partIntegrity === 'enforce') refuseOrphanedParts(plan, deleted);
    const seedCount = seedName === undefined ? 0 : (deleted.get(seedName) ?? 0);
    if (prompt) {
      for (const { node } of plan) connection.config.logger.info(`${node.fullName} (${deleted.get(node.fullName) ?? 0} tuples)`);
      if (seedCount === 0) {
        connection.config.logger.warn('Nothing to delete.');
        throw new DeleteDeclined();
      }
      const summary = plan.map(({ node }) => `  ${node.fullName}: ${deleted.get(node.fullName) ?? 0}`).join('\n');
      if (!(await confirmDestructive(connection.config, `Deleting:\n${summary}\nCommit deletes?`, true, 'Delete'))) throw new DeleteDeclined();
    }
    return seedCount;
  };
  try {
    return connection.inTransaction ? await run() : await connection.transaction(run);
  } catch (err) {
    if (err instanceof DeleteDeclined) return 0;
    throw err;
  }
}
