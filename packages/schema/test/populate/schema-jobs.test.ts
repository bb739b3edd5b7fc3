/**
 * `schema.jobs()` (datajoint-python `Schema.jobs`): the jobs tables of the schema's
 * Computed and Imported tables that have one, bound classes' and others'; and
 * `progress({ display: true })` logging datajoint-python's progress line.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Source extends dj.Lookup {
    static definition = `
    source_id : int32
    `;
    static contents = [[1], [2], [3], [4]];
  }

  @schema.table
  class Doubled extends dj.Computed {
    static definition = `
    -> Source
    ---
    doubled : int32
    `;
    async make(key: dj.Row): Promise<void> {
      await this.insert1({ ...key, doubled: Number(key.source_id) * 2 });
    }
  }

  @schema.table
  class Imports extends dj.Imported {
    static definition = `
    -> Source
    `;
    async make(key: dj.Row): Promise<void> {
      await this.insert1(key);
    }
  }
  return { Source, Doubled, Imports };
}

describeBackends('schema jobs and progress display on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'sjobs', isolation: 'test' });

  it('lists no jobs tables before any was created, then those that exist', async () => {
    const t = define(db.schema());
    await db.schema().ready();
    expect(await db.schema().jobs()).toEqual([]);
    await t.Doubled.populate({ reserveJobs: true });
    const jobs = await db.schema().jobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toBe(t.Doubled.jobs);
    expect(jobs[0]!.fullTableName).toBe(db.instance.connection.adapter.fullTableName(db.schemaName, '~~doubled'));
    await t.Imports.jobs.refresh();
    expect(new Set((await db.schema().jobs()).map((j) => j.fullTableName))).toEqual(new Set([t.Doubled.jobs.fullTableName, t.Imports.jobs.fullTableName]));
  });

  it('finds the jobs tables of tables no class of the schema object is bound to', async () => {
    const t = define(db.schema());
    await db.schema().ready();
    await t.Doubled.jobs.refresh();
    const other = db.instance.Schema(db.schemaName);
    const jobs = await other.jobs();
    expect(jobs.map((j) => j.fullTableName)).toEqual([t.Doubled.jobs.fullTableName]);
    expect(await jobs[0]!.pending.count()).toBe(4);
  });

  it('logs the progress with display, as datajoint-python does', async () => {
    const t = define(db.schema());
    await db.schema().ready();
    await t.Doubled.populate({ maxCalls: 3 });
    const info = jest.spyOn(db.instance.config.logger, 'info');
    try {
      expect(await t.Doubled.progress({ display: true })).toEqual({ remaining: 1, total: 4 });
      const line = info.mock.calls.map(([m]) => String(m)).find((m) => m.includes('Completed'));
      expect(line).toMatch(/^Doubled {13} Completed 3 of 4 \(75\.0%\) {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      info.mockClear();
      await t.Doubled.progress();
      expect(info.mock.calls.some(([m]) => String(m).includes('Completed'))).toBe(false);
    } finally {
      info.mockRestore();
    }
  });
});
