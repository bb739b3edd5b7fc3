/**
 * The `dj` command on a pipeline declared, filled and populated by datajoint-python (the
 * python-declared fixtures): its tables and row counts, and its jobs queues with the failed
 * job Python recorded, read from the database alone.
 */
import { describeBackends } from '@dj/testing';
import { errorLines, useCliTarget } from './helpers/cli-harness';
import { expectedFixture, FIXTURE_SCHEMA, loadFixture } from '../../schema/test/helpers/python-fixtures';

const expected = expectedFixture();

describeBackends('dj on a pipeline declared by datajoint-python on $name', (backend) => {
  const target = useCliTarget(backend, 'cli_python');
  const flavor = backend.name === 'mysql' ? 'mysql' : 'postgresql';

  beforeAll(async () => {
    await target().withInstance((inst) => loadFixture(backend, inst.connection));
  });

  afterAll(async () => {
    await target().withInstance((inst) => inst.connection.query(inst.connection.adapter.dropSchemaSql(FIXTURE_SCHEMA)));
  });

  it('lists its tables with their tiers and row counts', async () => {
    const result = await target().dj(['--json', 'tables', FIXTURE_SCHEMA]);
    expect(errorLines(result)).toEqual([]);
    const tables = JSON.parse(result.stdout) as Array<{ table: string; rows: number }>;
    expect(Object.fromEntries(tables.map((t) => [t.table, t.rows]))).toEqual(Object.fromEntries(expected.tables.map((t) => [t.table_name, t.row_count])));
  });

  it("reads Python's jobs queues and its failed job", async () => {
    const status = await target().dj(['--json', 'jobs', FIXTURE_SCHEMA]);
    expect(errorLines(status)).toEqual([]);
    const byTable = Object.fromEntries((JSON.parse(status.stdout) as Array<{ table: string }>).map((s) => [s.table, s]));
    for (const hidden of expected.hidden_tables.filter((t) => t.status_counts)) {
      const className = hidden.table_name === '~~raw_recording' ? 'RawRecording' : 'SessionSummary';
      expect(byTable[className]).toMatchObject({ error: 0, ...hidden.status_counts });
    }
    const errors = await target().dj(['--json', 'jobs', FIXTURE_SCHEMA, 'errors']);
    const pythonErrors = expected.hidden_tables.flatMap((t) => t.error_jobs ?? []).filter((j) => j.backend === flavor);
    expect(pythonErrors).toHaveLength(1);
    expect(JSON.parse(errors.stdout)).toEqual(pythonErrors.map((j) => expect.objectContaining({ table: 'RawRecording', key: j.key, message: j.error_message })));
  });
});
