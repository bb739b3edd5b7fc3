/**
 * `dj populate --module <file> --table <Class>`: computes the missing rows of a table whose
 * `make()` lives in a compiled module, with one progress bar for all workers. Workers run
 * concurrently in this process and share the keys through the table's jobs queue, so
 * more `dj populate` processes, here or elsewhere, can join them.
 */
import { Option } from '@commander-js/extra-typings';
import { globalConfig, isThreadSafeMode, type Row } from '@dj/core';
import { bindingOf, type PopulateOptions, type PopulateResult } from '@dj/schema';
import type { RootProgram, RunContext } from '../program';
import { applyFlags } from '../settings/connection-flags';
import { positiveInteger } from '../settings/option-values';
import { boundClass, loadPopulatedClass, parseRestriction } from '../populate/module-class';
import { showProgress } from '../populate/progress-display';
import { compactJson } from '../output/json-text';

/** `maxCalls` shared among `workers`: each gets its part, the parts adding up to `maxCalls`. */
export function shareCalls(maxCalls: number | undefined, workers: number): Array<number | undefined> {
  if (maxCalls === undefined) return Array.from({ length: workers }, () => undefined);
  return Array.from({ length: workers }, (_, i) => Math.floor(maxCalls / workers) + (i < maxCalls % workers ? 1 : 0)).filter((n) => n > 0);
}

export function registerPopulateCommand(program: RootProgram, run: RunContext): void {
  program
    .command('populate')
    .description('compute the missing rows of a dj.Computed or dj.Imported table')
    .requiredOption('-m, --module <file>', 'compiled JavaScript module (CommonJS) exporting the table class')
    .requiredOption('-t, --table <Class>', 'name of the exported class to populate')
    .option('-s, --schema <name>', 'schema to populate in, when the class is bound to a deferred dj.Schema()')
    .option('--workers <n>', 'concurrent workers (more than one implies --reserve-jobs)', positiveInteger, 1)
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
            reserveJobs: Boolean(options.reserveJobs) || options.workers > 1,
            suppressErrors: Boolean(options.suppressErrors),
            ...restricted,
            ...(options.order === undefined ? {} : { order: options.order }),
          };
          const stderr = session.streams.stderr as NodeJS.WriteStream;
          const stopProgress = options.progress && !session.flags.json ? showProgress(cls.name, { progress: () => cls.progress(restricted) }, stderr) : async () => undefined;
          // every worker ends (its make() rolled back) before a failure is reported and the connection closed
          const settled = await Promise.allSettled(
            shareCalls(options.maxCalls, options.workers).map((maxCalls) => cls.populate({ ...populateOptions, ...(maxCalls === undefined ? {} : { maxCalls }) })),
          );
          await stopProgress();
          const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
          if (failure) throw failure.reason;
          const results = settled.map((s) => (s as PromiseFulfilledResult<PopulateResult>).value);
          const errors: Array<{ key: Row; error: string }> = results.flatMap((r) => r.errorList.map((e) => ({ key: e.key, error: `${e.error.name}: ${e.error.message}` })));
          const successCount = results.reduce((n, r) => n + r.successCount, 0);
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
