/**
 * @dj/cli — the `dj` command: `dj schemas`, `dj tables`, `dj describe`, `dj preview`,
 * `dj diagram`, `dj populate`, `dj jobs`, `dj codegen`, `dj config`, `dj repl`.
 * `run(args)` runs it in-process, for tools that embed it.
 * @packageDocumentation
 */
export { run, type RunStreams } from './run';
export { generateSchemaModule } from './codegen/typescript-module';
