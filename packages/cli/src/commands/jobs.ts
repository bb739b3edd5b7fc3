/**
 * `dj jobs <schema> [status|errors|clear-errors|refresh]`: the jobs queues of a schema's
 * auto-populated tables, read and managed without the pipeline's code (the tables are
 * spawned from the database, so queues filled by datajoint-python are served as well).
 */
import { Argument } from '@commander-js/extra-typings';
import { DataJointError } from '@dj/core';
import { AutoPopulated, virtualSchema, type TableClass } from '@dj/schema';
import type { RootProgram, RunContext } from '../program';
import { textTable } from '../output/text-table';
import { mapInOrder } from '../output/in-order';
import { compactJson } from '../output/json-text';
import type { PopulatedClass } from '../populate/module-class';

/** The auto-populated classes of a virtual module (masters only: parts have no queue). */
function populatedClasses(module: Readonly<Record<string, TableClass>>, only: string | undefined): PopulatedClass[] {
  const classes = Object.values(module).filter((cls): cls is PopulatedClass => cls.prototype instanceof AutoPopulated);
  if (only === undefined) return classes;
  const chosen = classes.filter((cls) => cls.name === only || cls.tableName === only);
  if (chosen.length === 0) throw new DataJointError(`The schema has no dj.Computed or dj.Imported table ${only}.`);
  return chosen;
}

/** Keys left and in all; unknown (null) for a table whose key source cannot be derived, which must not hide the other tables. */
async function keyProgress(cls: PopulatedClass): Promise<{ remaining: number | null; total: number | null }> {
  try {
    return await cls.progress();
  } catch (error) {
    if (error instanceof DataJointError) return { remaining: null, total: null };
    throw error;
  }
}

export function registerJobsCommand(program: RootProgram, run: RunContext): void {
  program
    .command('jobs')
    .description('show or manage the jobs queues of the auto-populated tables of a schema')
    .argument('<schema>', 'schema name')
    .addArgument(new Argument('[action]', 'what to do').choices(['status', 'errors', 'clear-errors', 'refresh'] as const).default('status' as const))
    .option('-t, --table <Class>', 'only this table (class name or table name)')
    .action(async (schemaName, action, options, command) => {
      await run.withSession(command, async (session) => {
        const module = await virtualSchema(schemaName, { instance: session.open() });
        const classes = populatedClasses(module, options.table);
        if (action === 'status') {
          const status = await mapInOrder(classes, async (cls) => ({ table: cls.name, ...(await cls.jobs.progress()), ...(await keyProgress(cls)) }));
          session.print(status, () =>
            textTable(
              ['table', 'pending', 'reserved', 'error', 'ignore', 'success', 'remaining', 'total'],
              status.map((s) => [s.table, ...[s.pending, s.reserved, s.error, s.ignore, s.success, s.remaining ?? '?', s.total ?? '?'].map(String)]),
            ),
          );
        } else if (action === 'errors') {
          const perTable = await mapInOrder(classes, async (cls) => {
            const jobs = cls.jobs;
            if (!(await jobs.isDeclared())) return [];
            return (await jobs.errors.toDicts({ orderBy: 'KEY' })).map((row) => ({
              table: cls.name,
              key: Object.fromEntries(jobs.heading.primaryKey.map((k) => [k, row[k]])),
              message: String(row.error_message ?? ''),
              host: row.host ?? null,
              time: row.completed_time ?? row.reserved_time ?? null,
            }));
          });
          const errors = perTable.flat();
          session.print(errors, () => (errors.length ? errors.map((e) => `${e.table} ${compactJson(e.key)}: ${e.message}\n`).join('') : 'No errors.\n'));
        } else if (action === 'clear-errors') {
          const cleared = await mapInOrder(classes, async (cls) => ({
            table: cls.name,
            cleared: (await cls.jobs.isDeclared()) ? await cls.jobs.errors.delete() : 0,
          }));
          session.print(cleared, () => cleared.map((c) => `${c.table}: ${c.cleared} error jobs cleared\n`).join(''));
        } else {
          const refreshed = await mapInOrder(classes, async (cls) => ({ table: cls.name, ...(await cls.jobs.refresh()) }));
          session.print(refreshed, () =>
            textTable(
              ['table', 'added', 'removed', 'orphaned', 'rePended'],
              refreshed.map((r) => [r.table, String(r.added), String(r.removed), String(r.orphaned), String(r.rePended)]),
            ),
          );
        }
      });
    });
}
