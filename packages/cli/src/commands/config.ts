/**
 * `dj config`: the settings a command would use (password masked), or with `--template`
 * a starting `datajoint.json` and `.secrets/` folder.
 */
import { Config } from '@dj/core';
import { CONFIG_FILENAME } from '@dj/core/internal';
import type { RootProgram, RunContext } from '../program';
import { applyFlags } from '../settings/connection-flags';

export function registerConfigCommand(program: RootProgram, run: RunContext): void {
  program
    .command('config')
    .description('show the effective settings, or write a datajoint.json template')
    .option('--template', `write a ${CONFIG_FILENAME} template (and .secrets/ with placeholder credentials)`)
    .option('-o, --output <file>', 'where --template writes', CONFIG_FILENAME)
    .option('--full', 'with --template: every commonly used setting, not only the database host and port')
    .option('--no-secrets', 'with --template: do not create .secrets/')
    .action(async (options, command) => {
      await run.withSession(command, async (session) => {
        if (options.template) {
          const file = Config.saveTemplate(options.output, { minimal: !options.full, createSecretsDir: options.secrets });
          session.print({ file }, `Wrote ${file}\n`);
          return;
        }
        const config = Config.create();
        applyFlags(config, session.flags);
        const settings = { configFile: config.configFile, settings: config.toJSON() };
        session.print(settings, `${config.configFile ? `# from ${config.configFile}\n` : '# no datajoint.json found\n'}${JSON.stringify(config.toJSON(), null, 2)}\n`);
      });
    });
}
