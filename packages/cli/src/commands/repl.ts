/**
 * `dj repl -s lab:lab`: a Node REPL with `dj` (the `datajoint` namespace), `inst` (the
 * Instance of the flags and settings) and each named schema spawned as a virtual module
 * under its alias, like datajoint-python's `dj -s my_lab:lab`. Top-level `await` works.
 */
import * as repl from 'node:repl';
import { DataJointError, isThreadSafeMode, VERSION } from '@dj/core';
import { globalConfig } from '@dj/core/internal';
import * as dj from 'datajoint';
import type { RootProgram, RunContext } from '../program';
import { applyFlags } from '../settings/connection-flags';
import { ScriptFeeder } from '../repl/script-feeder';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `schema:alias` (or `schema`, aliased by its own name). */
export function parseSchemaAlias(spec: string): { schema: string; alias: string } {
  const colon = spec.indexOf(':');
  const schema = colon < 0 ? spec : spec.slice(0, colon);
  const alias = colon < 0 ? spec : spec.slice(colon + 1);
  if (!schema || !IDENTIFIER.test(alias)) {
    throw new DataJointError(`Invalid --schema "${spec}": use schema_name:alias, the alias a JavaScript identifier.`);
  }
  return { schema, alias };
}

export function registerReplCommand(program: RootProgram, run: RunContext, input: NodeJS.ReadableStream): void {
  program
    .command('repl')
    .description('start a Node REPL with dj, the Instance (inst) and schemas loaded')
    .option('-s, --schema <schema:alias...>', 'load a schema as a module of spawned table classes under an alias')
    .action(async (options, command) => {
      await run.withSession(command, async (session) => {
        const inst = session.open();
        // as datajoint-python's dj does, the flags also set the global config, for dj.conn() and dj.Schema(name)
        if (!isThreadSafeMode()) applyFlags(globalConfig(), session.flags);
        const modules: Record<string, dj.VirtualModule> = {};
        for (const spec of options.schema ?? []) {
          const { schema, alias } = parseSchemaAlias(spec);
          modules[alias] = await dj.virtualSchema(schema, { instance: inst });
        }
        const output = session.streams.stdout;
        const loaded = Object.entries(modules).map(([alias, m]) => `  ${alias} -> ${m.schema.name} (${Object.keys(m).join(', ')})\n`);
        output.write(
          `DataJoint ${VERSION} REPL: dj, inst${loaded.length ? ' and the schemas below' : ''} are loaded; await works.\n` +
            (loaded.length ? `Loaded schemas:\n${loaded.join('')}` : ''),
        );
        const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
        const feeder = interactive ? null : new ScriptFeeder(input);
        // the REPL shares this realm, so objects typed there are plain objects to the library
        const server = repl.start({ prompt: 'dj> ', input: feeder ?? input, output, useGlobal: true, terminal: interactive && Boolean((output as NodeJS.WriteStream).isTTY) });
        if (feeder) {
          const evaluate = server.eval;
          const paced: repl.REPLEval = (code, context, file, callback) =>
            evaluate.call(server, code, context, file, (error, result) => {
              callback(error, result);
              feeder.evaluated();
            });
          Object.assign(server, { eval: paced });
        }
        Object.assign(server.context, { dj, inst, ...modules });
        await new Promise<void>((resolve) => server.on('exit', resolve));
      });
    });
}
