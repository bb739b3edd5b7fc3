/** `dj codegen <schema> [-o lab.ts]`: TypeScript table classes for an existing schema. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataJointError } from '@dj/core';
import type { RootProgram, RunContext } from '../program';
import { generateSchemaModule } from '../codegen/typescript-module';

export function registerCodegenCommand(program: RootProgram, run: RunContext): void {
  program
    .command('codegen')
    .description('generate TypeScript table classes for an existing schema')
    .argument('<schema>', 'schema name')
    .option('-o, --output <file>', 'write the source to this file (default: stdout)')
    .option('--force', 'overwrite an existing --output file')
    .action(async (schemaName, options, command) => {
      await run.withSession(command, async (session) => {
        const source = await generateSchemaModule(session.open().connection, schemaName);
        if (options.output === undefined) {
          session.print({ schema: schemaName, source }, source);
          return;
        }
        const file = path.resolve(options.output);
        if (fs.existsSync(file) && !options.force) throw new DataJointError(`File already exists: ${options.output}. Pass --force to overwrite it.`);
        fs.writeFileSync(file, source);
        session.print({ schema: schemaName, output: file }, `Wrote ${file}\n`);
      });
    });
}
