/**
 * `dj populate --module <file> --table <Class>`: computes the missing rows of a table whose
 * `make()` lives in a compiled module, with one progress bar for all workers. `--workers`
 * becomes `populate({ processes })`: worker threads that each load the module; with
 * `--reserve-jobs` they share the keys through the table's jobs queue, so more `dj populate`
 * processes, here or elsewhere, can join them.
 */
import { resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { globalConfig } from '@dj/core/internal';
import { isThreadSafeMode, type Row } from '@dj/core';
import { bindingOf } from '@dj/schema/internal';
import { type PopulateOptions } from '@dj/schema';
import type { RootProgram, RunContext } from '../program';
import { applyFlags } from '../settings/connection-flags';
import { positiveInteger } from '../settings/option-values';
import { boundClass, loadPopulatedClass, parseRestriction } from '../populate/module-class';
import { showProgress } from '../populate/progress-display';
import { compactJson } from '../output/json-text';

export function registerPopulateCommand(program: RootProgram, run: RunContext): void {
  program
    .command('populate')
    .description('compute the missing rows of a dj.Computed or dj.Imported table')
    .requiredOption('-m, --module <file>', 'compiled JavaScript module (CommonJS) exporting the table class')
    .requiredOption('-t, --table <Class>', 'name of the exported class to populate')
    .option('-s, --schema <name>', 'schema to populate in, when the class is bound to a deferred dj.Schema()')
    .option('--workers <n>', 'worker threads, each loading the module (at most one per core)', positiveInteger, 1)
    .option('--reserve-jobs', 'take keys from the jobs queue, so that other workers can share the work')
    .option('--max-calls <n>', 'attempt at most this many keys in all', positiveInteger)
    .option('-r, --restriction <condition>', 'only these keys: an SQL condition, or JSON (an object, or an array of objects)')
    .option('--suppress-errors', 'go on after a failing make(), reporting the failures at the end')
    .addOption(new Option('--order <order>', 'order of the keys').choices(['original', 'reverse', 'random'] as const))
    .option('--no-progress', 'do not draw the progress bar')
    .action(async (options, command) => {
      await run.withSession(command, async (session) => {
        // a module that activates its schema on the global connection connects with the flags too
        if (!isThreadSafeMode()) applyFlags(globalConfig(), session.flags);
        const loaded = loadPopulatedClass(options.module, options.table);
        const cls = boundClass(loaded, () => session.open(), options.schema);
        const connection = bindingOf(cls)!.schema.connection;
        try {
          const restriction = options.restriction === undefined ? undefined : parseRestriction(options.restriction);
          const restricted = restriction === undefined ? {} : { restriction };
          const populateOptions: PopulateOptions = {
            reserveJobs: Boolean(options.reserveJobs),
            processes: options.workers,
            workerModule: resolve(options.module),
            ...(options.maxCalls === undefined ? {} : { maxCalls: options.maxCalls }),
            suppressErrors: Boolean(options.suppressErrors),
            ...restricted,
            ...(options.order === undefined ? {} : { order: options.order }),
          };
          const stderr = session.streams.stderr as NodeJS.WriteStream;
          const stopProgress = options.progress && !session.flags.json ? showProgress(cls.name, { progress: () => cls.progress(restricted) }, stderr) : async () => undefined;
          // the workers end (their make() rolled back) before a failure is reported and the connection closed
          const result = await cls.populate(populateOptions).finally(stopProgress);
          const errors: Array<{ key: Row; error: string }> = result.errorList.map((e) => ({ key: e.key, error: `${e.error.name}: ${e.error.message}` }));
          const { successCount } = result;
          const { remaining, total } = await cls.progress(restricted);
          session.print(
            { table: cls.fullTableName, successCount, errors, remaining, total },
            () =>
              `${cls.name}: ${successCount} computed, ${errors.length} failed, ${remaining} of ${total} keys remaining\n` +
              errors.map((e) => `  ${compactJson(e.key)}: ${e.error}\n`).join(''),
          );
          if (errors.length > 0) run.exitCode = 1;
        } finally {
          // the module's own connection (the global one) ends with the run
          if (connection !== session.openedConnection) await connection.close();
        }
      });
    });
}
