/**
 * `dj repl -s schema:alias`: a Node REPL with `dj`, `inst` and the named schemas spawned
 * under their aliases (datajoint-python's `dj -s my_lab:lab`), driven through stdin.
 */
import * as dj from 'datajoint';
import { describeBackends } from '@dj/testing';
import { errorLines, useCliTarget } from './helpers/cli-harness';

describeBackends('dj repl on $name', (backend) => {
  const target = useCliTarget(backend, 'cli_repl');

  beforeAll(async () => {
    await target().withInstance(async (inst) => {
      const schema = inst.Schema(target().schemaName);
      @schema.table
      class Subject extends dj.Manual {
        static definition = `
        subject_id : int32
        ---
        name : varchar(20)
        `;
      }
      await Subject.insert([{ subject_id: 1, name: 'Ann' }, { subject_id: 2, name: 'Bob' }]);
    });
  });

  it('loads dj, the Instance and the schemas under their aliases; await works', async () => {
    const { schemaName } = target();
    const input = [
      'typeof dj.virtualSchema',
      'await lab.Subject.count()',
      "(await lab.Subject.restrict({ subject_id: 2 }).fetch1('name')).toUpperCase()",
      'lab.schema.name === inst.Schema(lab.schema.name).name',
      '(await dj.listSchemas(inst)).includes(lab.schema.name)',
      '.exit',
      '',
    ].join('\n');
    const result = await target().dj(['repl', '-s', `${schemaName}:lab`], { input });
    expect(errorLines(result)).toEqual([]);
    expect(result.code).toBe(0);
    // evaluated in order: each line after the previous one's await settled
    expect(result.stdout).toBe(
      `DataJoint ${dj.VERSION} REPL: dj, inst and the schemas below are loaded; await works.\n` +
        `Loaded schemas:\n  lab -> ${schemaName} (Subject)\n` +
        "dj> 'function'\ndj> 2\ndj> 'BOB'\ndj> true\ndj> true\ndj> ",
    );
  });

  it('refuses a schema that does not exist, or an alias that is not an identifier', async () => {
    const { schemaName } = target();
    const missing = await target().dj(['repl', '-s', `${schemaName}_none:lab`], { input: '.exit\n' });
    expect(missing.code).toBe(1);
    expect(errorLines(missing)).toEqual([`dj: error: Schema \`${schemaName}_none\` has not been created.`]);
    const alias = await target().dj(['repl', '-s', `${schemaName}:not-an-identifier`], { input: '.exit\n' });
    expect(alias.code).toBe(1);
    expect(errorLines(alias)).toEqual([`dj: error: Invalid --schema "${schemaName}:not-an-identifier": use schema_name:alias, the alias a JavaScript identifier.`]);
  });
});
