/**
 * The `dj` program: global flags (connection, `--json`, `--verbose`) and its commands.
 * Each command lives in `commands/`; this file only assembles them.
 */
import { Command, Option } from '@commander-js/extra-typings';
import { VERSION } from '@dj/core';
import { Session, type GlobalFlags, type Streams } from './session';
import { portNumber } from './settings/option-values';

/** The root command with the global flags, before commands are added. */
export function rootProgram() {
  return new Command()
    .name('dj')
    .description('DataJoint from the terminal: explore schemas, draw diagrams, populate tables, generate classes.')
    .version(`datajoint ${VERSION}`, '-V, --version')
    .option('--host <host>', 'database host (default: database.host of the settings)')
    .option('-u, --user <user>', 'database user (default: database.user, DJ_USER)')
    .option('-p, --password <password>', 'database password (default: database.password, DJ_PASS, .secrets/)')
    .option('--port <port>', 'database port', portNumber)
    .addOption(new Option('--backend <backend>', 'database backend').choices(['mysql', 'postgresql', 'pglite'] as const))
    .option('--pglite-dir <dir>', 'folder of an embedded PGlite database (DJ_PGLITE_DIR); implies --backend pglite')
    .option('--json', 'machine-readable output')
    .option('--verbose', 'show stack traces with errors')
    .showHelpAfterError();
}

/** The root command type, for the command files. */
export type RootProgram = ReturnType<typeof rootProgram>;

/** How command actions reach the run: its streams, and a session per action. */
export class RunContext {
  /** The exit status of the run: 0 unless a command reports failures it did not throw. */
  exitCode = 0;

  constructor(readonly streams: Streams) {}

  /** Runs `fn` with a session of the command's flags, closing what it opened. */
  async withSession<T>(command: { optsWithGlobals(): GlobalFlags }, fn: (session: Session) => Promise<T>): Promise<T> {
    const session = new Session(command.optsWithGlobals(), this.streams);
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  }
}
