/**
 * `dj populate` and `dj jobs`, run as the built executable on each backend: a compiled
 * module's `make()` computes the rows, by several workers sharing the jobs queue; failures
 * are recorded, listed, cleared and retried; the queue is refreshed from the database.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends } from '@dj/testing';
import { errorLines, useCliTarget } from './helpers/cli-harness';

/** The user's compiled pipeline: a deferred schema (bound with --schema) or one activated from the environment. */
function pipelineModule(schemaExpression: string): string {
  return `
const dj = require('datajoint');
const lab = ${schemaExpression};
class Subject extends dj.Manual { static definition = 'subject_id : int32'; }
lab.table(Subject);
class Session extends dj.Manual {
  static definition = '-> Subject\\nsession_idx : int16\\n---\\nn_trials : int16';
}
lab.table(Session);
class Stats extends dj.Computed {
  static definition = '-> Session\\n---\\ntwice : int32';
  async make(key) {
    const n = await Session.restrict(key).fetch1('n_trials');
    if (n < 0) throw new Error('negative trials in session ' + key.session_idx);
    await this.insert1({ ...key, twice: 2 * n });
  }
}
lab.table(Stats);
class Plain extends dj.Manual { static definition = 'plain_id : int32'; }
lab.table(Plain);
module.exports = { lab, Subject, Session, Stats, Plain };
`;
}

interface Pipeline {
  lab: dj.Schema;
  Subject: typeof dj.Manual;
  Session: typeof dj.Manual;
  Stats: typeof dj.Computed;
}

interface PopulateOutput {
  successCount: number;
  errors: Array<{ key: dj.Row; error: string }>;
  remaining: number;
  total: number;
}

describeBackends('dj populate and dj jobs on $name', (backend) => {
  const target = useCliTarget(backend, 'cli_populate');
  let deferredModule: string;
  let globalModule: string;

  beforeAll(async () => {
    const { dir, schemaName } = target();
    deferredModule = path.join(dir, 'pipeline.js');
    globalModule = path.join(dir, 'pipeline-global.js');
    fs.writeFileSync(deferredModule, pipelineModule('dj.Schema()'));
    fs.writeFileSync(globalModule, pipelineModule('dj.Schema(process.env.LAB_SCHEMA)'));
    const pipeline = require(deferredModule) as Pipeline;
    await target().withInstance(async (inst) => {
      const lab = pipeline.lab.on(inst, schemaName);
      await lab.ready();
      await lab.get(pipeline.Subject).insert([{ subject_id: 1 }, { subject_id: 2 }]);
      const sessions = [];
      for (let s = 1; s <= 6; s += 1) sessions.push({ subject_id: s <= 3 ? 1 : 2, session_idx: s, n_trials: s === 5 ? -1 : s });
      await lab.get(pipeline.Session).insert(sessions);
    });
  });

  async function statsRows(): Promise<dj.Row[]> {
    return target().withInstance((inst) => inst.FreeTable(`${target().schemaName}.__stats`).toDicts({ orderBy: 'KEY' }));
  }

  it('populates at most --max-calls keys of a deferred schema named by --schema', async () => {
    const { schemaName } = target();
    const result = await target().dj(['--json', 'populate', '--module', deferredModule, '--table', 'Stats', '--schema', schemaName, '--max-calls', '2']);
    expect(errorLines(result)).toEqual([]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ successCount: 2, errors: [], remaining: 4, total: 6 });
    expect(await statsRows()).toEqual([
      { subject_id: 1, session_idx: 1, twice: 2 },
      { subject_id: 1, session_idx: 2, twice: 4 },
    ]);
  });

  it('populates with worker threads sharing the jobs queue, reporting failures with a non-zero status', async () => {
    const { schemaName } = target();
    const result = await target().dj(['--json', 'populate', '-m', deferredModule, '-t', 'Stats', '-s', schemaName, '--workers', '3', '--reserve-jobs', '--suppress-errors']);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as PopulateOutput;
    expect(output).toMatchObject({ successCount: 3, remaining: 1, total: 6 });
    expect(output.errors).toEqual([{ key: { subject_id: 2, session_idx: 5 }, error: 'Error: negative trials in session 5' }]);
    expect((await statsRows()).map((r) => r.session_idx)).toEqual([1, 2, 3, 4, 6]);
  });

  it('shows the queue of every auto-populated table, and the failed jobs', async () => {
    const { schemaName } = target();
    const status = await target().dj(['--json', 'jobs', schemaName]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual([expect.objectContaining({ table: 'Stats', error: 1, pending: 0, reserved: 0, remaining: 1, total: 6 })]);
    const text = await target().dj(['jobs', schemaName, 'status']);
    expect(text.stdout).toMatch(/^table\s+pending\s+reserved\s+error/);
    expect(text.stdout).toMatch(/\nStats\s+0\s+0\s+1\s/);
    const errors = await target().dj(['--json', 'jobs', schemaName, 'errors']);
    expect(JSON.parse(errors.stdout)).toEqual([expect.objectContaining({ table: 'Stats', key: { subject_id: 2, session_idx: 5 }, message: 'Error: negative trials in session 5' })]);
    const errorText = await target().dj(['jobs', schemaName, 'errors', '--table', 'Stats']);
    expect(errorText.stdout).toBe('Stats {"subject_id":2,"session_idx":5}: Error: negative trials in session 5\n');
    const unknown = await target().dj(['jobs', schemaName, 'errors', '--table', 'Session']);
    expect(unknown.code).toBe(1);
    expect(errorLines(unknown)).toEqual(['dj: error: The schema has no dj.Computed or dj.Imported table Session.']);
    const badAction = await target().dj(['jobs', schemaName, 'explode']);
    expect(badAction.code).not.toBe(0);
  });

  it('clears the failed jobs, refreshes the queue and retries after the data is fixed', async () => {
    const { schemaName } = target();
    await target().withInstance(async (inst) => {
      await inst.connection.query(`UPDATE ${inst.connection.adapter.fullTableName(schemaName, 'session')} SET n_trials = 5 WHERE session_idx = 5`);
    });
    const cleared = await target().dj(['--json', 'jobs', schemaName, 'clear-errors']);
    expect(JSON.parse(cleared.stdout)).toEqual([{ table: 'Stats', cleared: 1 }]);
    const refreshed = await target().dj(['--json', 'jobs', schemaName, 'refresh']);
    expect(JSON.parse(refreshed.stdout)).toEqual([expect.objectContaining({ table: 'Stats', added: 1 })]);
    const pending = await target().dj(['--json', 'jobs', schemaName]);
    expect(JSON.parse(pending.stdout)).toEqual([expect.objectContaining({ table: 'Stats', pending: 1, error: 0 })]);
    const result = await target().dj(['populate', '-m', deferredModule, '-t', 'Stats', '-s', schemaName, '--reserve-jobs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Stats: 1 computed, 0 failed, 0 of 6 keys remaining\n');
    expect(await statsRows()).toHaveLength(6);
  });

  it('populates a module whose schema is activated on the global connection, under a restriction', async () => {
    const { schemaName } = target();
    await target().withInstance((inst) => inst.FreeTable(`${schemaName}.__stats`).deleteQuick());
    const env = { ...target().env, LAB_SCHEMA: schemaName };
    const sql = await target().dj(['--json', 'populate', '-m', globalModule, '-t', 'Stats', '--restriction', 'session_idx <= 2'], { env });
    expect(errorLines(sql)).toEqual([]);
    expect(JSON.parse(sql.stdout)).toMatchObject({ successCount: 2, remaining: 0, total: 2 });
    const json = await target().dj(['--json', 'populate', '-m', globalModule, '-t', 'Stats', '-r', '[{"session_idx": 3}, {"session_idx": 6}]'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ successCount: 2, remaining: 0, total: 2 });
    expect((await statsRows()).map((r) => r.session_idx)).toEqual([1, 2, 3, 6]);
    const hostile = await target().dj(['populate', '-m', globalModule, '-t', 'Stats', '-r', '1=1; DELETE FROM x'], { env });
    expect(hostile.code).toBe(1);
    expect(errorLines(hostile)).toEqual([expect.stringMatching(/^dj: error: Invalid SQL in restriction/)]);
  });

  it('stops at the first failing make() without --suppress-errors, with its message and status 1', async () => {
    const { schemaName } = target();
    await target().withInstance(async (inst) => {
      const { adapter } = inst.connection;
      await inst.connection.query(`UPDATE ${adapter.fullTableName(schemaName, 'session')} SET n_trials = -1 WHERE session_idx = 4`);
      await inst.FreeTable(`${schemaName}.__stats`).restrict({ session_idx: 4 }).deleteQuick();
    });
    const result = await target().dj(['populate', '-m', deferredModule, '-t', 'Stats', '-s', schemaName, '--workers', '2']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorLines(result)).toEqual(['dj: error: negative trials in session 4']);
    expect((await statsRows()).map((r) => r.session_idx)).not.toContain(4);
  });

  it('explains what is wrong with the module or the class', async () => {
    const { schemaName, dir } = target();
    const cases: Array<[string[], string]> = [
      [['-m', path.join(dir, 'absent.js'), '-t', 'Stats'], `dj: error: Module not found: ${path.join(dir, 'absent.js')}`],
      [['-m', deferredModule, '-t', 'Nothing', '-s', schemaName], `dj: error: ${deferredModule} exports no class Nothing.`],
      [['-m', deferredModule, '-t', 'Plain', '-s', schemaName], `dj: error: Plain of ${deferredModule} is not a dj.Computed or dj.Imported class bound to a schema.`],
      [['-m', deferredModule, '-t', 'Stats'], 'dj: error: Stats is bound to a schema without a name: pass --schema <name> to populate it there.'],
    ];
    for (const [args, message] of cases) {
      const result = await target().dj(['populate', ...args]);
      expect(result.code).toBe(1);
      expect(errorLines(result)).toEqual([message]);
    }
  });
});
