/**
 * Looking at what a server holds: `dj schemas`, `dj tables <schema>`,
 * `dj describe <schema.table>`, `dj preview <schema.table>`.
 */
import { DataJointError } from '@dj/core';
import { tierOfTableName } from '@dj/core/internal';
import { FreeTable, listSchemas } from '@dj/schema';
import { referenceName } from '@dj/schema/internal';
import { positiveInteger } from '../settings/option-values';
import type { RootProgram, RunContext } from '../program';
import { existingSchema, findTable } from '../table-address';
import { textTable } from '../output/text-table';
import { mapInOrder } from '../output/in-order';

export function registerBrowseCommands(program: RootProgram, run: RunContext): void {
  program
    .command('schemas')
    .description('list the DataJoint schemas on the server')
    .action(async (_options, command) => {
      await run.withSession(command, async (session) => {
        const names = await listSchemas(session.open());
        session.print(names, names.map((n) => `${n}\n`).join(''));
      });
    });

  program
    .command('tables')
    .description('list the tables of a schema in dependency order, with tiers and row counts')
    .argument('<schema>', 'schema name')
    .action(async (schemaName, _options, command) => {
      await run.withSession(command, async (session) => {
        const { connection } = session.open();
        const schema = existingSchema(connection, schemaName);
        if (!(await schema.exists())) throw new DataJointError(`Schema \`${schemaName}\` does not exist.`);
        const tables = await mapInOrder(await schema.listTables(), async (table) => ({
          table,
          className: referenceName(table),
          tier: tierOfTableName(table) ?? 'other',
          rows: await new FreeTable(connection, connection.adapter.fullTableName(schemaName, table)).count(),
        }));
        session.print(tables, () =>
          textTable(
            ['class', 'tier', 'table', 'rows'],
            tables.map((t) => [t.className, t.tier, t.table, String(t.rows)]),
          ),
        );
      });
    });

  program
    .command('describe')
    .description('print the definition of a table, as DataJoint would declare it again')
    .argument('<table>', 'schema.table or schema.Class (schema.Master.Part for a part)')
    .action(async (address, _options, command) => {
      await run.withSession(command, async (session) => {
        const table = await findTable(session.open().connection, address);
        const definition = await table.describe();
        const attributes = table.heading.attributes.map((a) => ({
          name: a.name,
          type: a.type,
          inKey: a.inKey,
          nullable: a.nullable,
          default: a.default,
          comment: a.comment,
        }));
        session.print({ table: table.fullTableName, definition, primaryKey: table.heading.primaryKey, attributes }, definition);
      });
    });

  program
    .command('preview')
    .description('show the first rows of a table')
    .argument('<table>', 'schema.table or schema.Class')
    .option('-w, --where <condition>', 'an SQL condition on the rows (checked like any restriction string)')
    .option('-n, --limit <rows>', 'rows to show (default: display.limit)', positiveInteger)
    .action(async (address, options, command) => {
      await run.withSession(command, async (session) => {
        const table = await findTable(session.open().connection, address);
        const query = options.where === undefined ? table : table.restrict(options.where);
        const limit = options.limit ?? table.connection.config.display.limit;
        if (session.flags.json) {
          const [rows, total] = await Promise.all([query.toDicts({ limit }), query.count()]);
          session.print({ table: table.fullTableName, total, rows }, '');
        } else {
          const text = await query.preview({ limit });
          session.print(null, text.endsWith('\n') ? text : `${text}\n`);
        }
      });
    });
}
