/**
 * One run of `dj`: parses the arguments, runs the command, and turns a failure into a
 * one-line message on stderr and a non-zero exit status (a stack trace only with `--verbose`).
 */
import { CommanderError } from '@commander-js/extra-typings';
import { formatLogLine } from '@dj/core/internal';
import { setLogSink } from '@dj/core';
import { registerBrowseCommands } from './commands/browse';
import { registerCodegenCommand } from './commands/codegen';
import { registerConfigCommand } from './commands/config';
import { registerDiagramCommand } from './commands/diagram';
import { registerJobsCommand } from './commands/jobs';
import { registerPopulateCommand } from './commands/populate';
import { registerReplCommand } from './commands/repl';
import { rootProgram, RunContext } from './program';
import type { Streams } from './session';

/** Where a run reads and writes; the process's own streams by default. */
export interface RunStreams extends Streams {
  stdin: NodeJS.ReadableStream;
}

/** The error's message on one line. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Runs `dj` with `args` (the arguments after the program name) and resolves to the exit
 * status. Log messages go to stderr, so that stdout carries only the command's output.
 */
export async function run(args: readonly string[], streams: RunStreams = process): Promise<number> {
  const context = new RunContext(streams);
  const program = rootProgram();
  program.exitOverride().configureOutput({
    writeOut: (text) => streams.stdout.write(text),
    writeErr: (text) => streams.stderr.write(text),
  });
  registerBrowseCommands(program, context);
  registerDiagramCommand(program, context);
  registerPopulateCommand(program, context);
  registerJobsCommand(program, context);
  registerCodegenCommand(program, context);
  registerConfigCommand(program, context);
  registerReplCommand(program, context, streams.stdin);
  // warnings always, progress messages (such as "connected to") only with --verbose
  setLogSink((level, message) => {
    if (level === 'WARNING' || level === 'ERROR' || level === 'CRITICAL' || program.opts().verbose) streams.stderr.write(`${formatLogLine(level, message)}\n`);
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    // commander has already printed its own (one-line) usage errors, and help or version
    if (error instanceof CommanderError) return error.exitCode;
    streams.stderr.write(`dj: error: ${oneLine(error)}\n`);
    if (program.opts().verbose && error instanceof Error && error.stack) streams.stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    setLogSink(null);
  }
}
