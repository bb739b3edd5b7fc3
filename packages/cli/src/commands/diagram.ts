/** `dj diagram <schema>`: the schema's dependency diagram as SVG, Mermaid or DOT, to a file or stdout. */
import { Option } from '@commander-js/extra-typings';
import { DataJointError } from '@dj/core';
import { Diagram } from '@dj/diagram';
import type { RootProgram, RunContext } from '../program';
import { existingSchema } from '../table-address';

export function registerDiagramCommand(program: RootProgram, run: RunContext): void {
  program
    .command('diagram')
    .description('draw the dependency diagram of a schema')
    .argument('<schema>', 'schema name')
    .option('-o, --output <file>', 'write to a file: .svg, .mmd/.mermaid or .dot/.gv (format by extension)')
    .addOption(new Option('-f, --format <format>', 'format (default: by the extension of --output, else mermaid)').choices(['svg', 'mermaid', 'dot'] as const))
    .action(async (schemaName, options, command) => {
      await run.withSession(command, async (session) => {
        const schema = existingSchema(session.open().connection, schemaName);
        if (!(await schema.exists())) throw new DataJointError(`Schema \`${schemaName}\` does not exist.`);
        const diagram = new Diagram(schema);
        if (options.output !== undefined) {
          await diagram.save(options.output, options.format);
          session.print({ schema: schemaName, output: options.output }, `Wrote ${options.output}\n`);
          return;
        }
        const format = options.format ?? 'mermaid';
        const text = format === 'svg' ? await diagram.toSvg() : format === 'dot' ? await diagram.toDot() : await diagram.toMermaid();
        session.print({ schema: schemaName, format, text }, text.endsWith('\n') ? text : `${text}\n`);
      });
    });
}
