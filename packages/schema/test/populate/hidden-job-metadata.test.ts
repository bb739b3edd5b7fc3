/**
 * datajoint-python's `tests/integration/test_hidden_job_metadata.py` (spec-pipeline §8.5,
 * HM-1..HM-3, §14.7) on every backend: with `jobs.add_job_metadata` on at declaration,
 * Computed and Imported masters get the hidden columns `_job_start_time`, `_job_duration`
 * and `_job_version` (Manual, Lookup and Part tables do not, nor any table when the setting
 * is off); populate fills them after each make, with and without reserved jobs; they stay
 * out of fetched rows, heading names and join matching.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { useFreshSchemas } from '../delete/fresh-schemas';

const HIDDEN = ['_job_start_time', '_job_duration', '_job_version'] as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Source (3 rows), a Computed, an Imported, a Manual and a Computed with a part. */
function declareMetadataPipeline(schema: dj.Schema) {
  @schema.table
  class Source extends dj.Lookup {
    static definition = `
    source_id : int16
    ---
    value : float32
    `;
    static contents = [
      [1, 1.0],
      [2, 2.0],
      [3, 3.0],
    ];
  }

  @schema.table
  class ComputedWithMetadata extends dj.Computed {
    static definition = `
    -> Source
    ---
    result : float32
    `;
    async make(key: dj.Row): Promise<void> {
      await sleep(10); // a duration above zero
      const value = Number(await Source.restrict(key).fetch1('value'));
      await this.insert1({ ...key, result: value * 2 });
    }
  }

  @schema.table
  class ImportedWithMetadata extends dj.Imported {
    static definition = `
    -> Source
    ---
    imported_value : float32
    `;
    async make(key: dj.Row): Promise<void> {
      const value = Number(await Source.restrict(key).fetch1('value'));
      await this.insert1({ ...key, imported_value: value + 10 });
    }
  }

  @schema.table
  class ManualTable extends dj.Manual {
    static definition = `
    manual_id : int16
    ---
    data : float32
    `;
  }

  @schema.table
  class ComputedWithPart extends dj.Computed {
    static definition = `
    -> Source
    ---
    total : float32
    `;
    static Detail = class Detail extends dj.Part {
      static definition = `
      -> master
      detail_idx : int16
      ---
      detail_value : float32
      `;
    };
    async make(key: dj.Row): Promise<void> {
      const value = Number(await Source.restrict(key).fetch1('value'));
      await this.insert1({ ...key, total: value * 3 });
      await ComputedWithPart.Detail.insert1({ ...key, detail_idx: 0, detail_value: value });
    }
  }

  return { Source, ComputedWithMetadata, ImportedWithMetadata, ManualTable, ComputedWithPart };
}

type TableClass = { instance(): { heading: dj.Heading }; fullTableName: string };

/** Names of every attribute of the table, hidden ones included. */
function allNames(table: TableClass): string[] {
  return table.instance().heading.allAttributes.map((a) => a.name);
}

describeBackends('hidden job metadata on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'jobmeta' });
  const freshSchema = useFreshSchemas(db);

  /** The pipeline in a fresh schema, declared with `jobs.add_job_metadata` on. */
  async function withMetadata(label: string) {
    const schema = freshSchema(label);
    const tables = declareMetadataPipeline(schema);
    await db.instance.config.override({ jobs: { add_job_metadata: true } }, () => schema.ready());
    expect(db.instance.config.get('jobs.add_job_metadata')).toBe(false);
    return tables;
  }

  /** The hidden columns of every row, read with SQL (fetches leave them out). */
  async function metadataRows(table: TableClass): Promise<Array<{ start: unknown; duration: unknown; version: unknown }>> {
    const q = (name: string) => db.instance.connection.adapter.quoteIdentifier(name);
    const { rows } = await db.instance.connection.query<{ start: unknown; duration: unknown; version: unknown }>(
      `SELECT ${q('_job_start_time')} AS start, ${q('_job_duration')} AS duration, ${q('_job_version')} AS version FROM ${table.fullTableName}`,
    );
    return rows;
  }

  function expectFilled(rows: Array<{ start: unknown; duration: unknown; version: unknown }>, count: number): void {
    expect(rows).toHaveLength(count);
    for (const { start, duration, version } of rows) {
      expect(start).not.toBeNull();
      expect(start).toBeDefined();
      expect(duration).not.toBeNull();
      expect(Number(duration)).toBeGreaterThanOrEqual(0);
      expect(version).toBe(''); // jobs.version_method is off
    }
  }

  describe('declaration', () => {
    it('adds hidden metadata columns to Computed tables', async () => {
      const { ComputedWithMetadata } = await withMetadata('computed');
      const { heading } = ComputedWithMetadata.instance();
      for (const name of HIDDEN) {
        expect(heading.find(name)).toBeDefined();
        expect(heading.find(name)!.hidden).toBe(true);
        expect(heading.find(name)!.inKey).toBe(false);
      }
      expect(allNames(ComputedWithMetadata)).toEqual(['source_id', 'result', ...HIDDEN]);
      expect(heading.find('_job_start_time')!.nullable).toBe(true);
      expect(heading.find('_job_duration')!.nullable).toBe(true);
      expect(heading.find('_job_version')!.sqlType).toBe('varchar(64)');
    });

    it('adds hidden metadata columns to Imported tables', async () => {
      const { ImportedWithMetadata } = await withMetadata('imported');
      for (const name of HIDDEN) expect(ImportedWithMetadata.instance().heading.find(name)?.hidden).toBe(true);
      expect(allNames(ImportedWithMetadata)).toEqual(['source_id', 'imported_value', ...HIDDEN]);
    });

    it('adds none to Manual, Lookup and Part tables', async () => {
      const { ManualTable, Source, ComputedWithPart } = await withMetadata('others');
      expect(allNames(ManualTable)).toEqual(['manual_id', 'data']);
      expect(allNames(Source)).toEqual(['source_id', 'value']);
      expect(allNames(ComputedWithPart.Detail)).toEqual(['source_id', 'detail_idx', 'detail_value']);
      // the part's master has them
      expect(allNames(ComputedWithPart)).toEqual(['source_id', 'total', ...HIDDEN]);
    });

    it('adds none when add_job_metadata is off, and populate still works', async () => {
      const schema = freshSchema('disabled');
      @schema.table
      class Source extends dj.Lookup {
        static definition = `
        source_id : int16
        `;
        static contents = [[1], [2]];
      }
      @schema.table
      class ComputedNoMetadata extends dj.Computed {
        static definition = `
        -> Source
        ---
        result : float32
        `;
        async make(key: dj.Row): Promise<void> {
          await this.insert1({ ...key, result: 1.0 });
        }
      }
      await schema.ready();
      expect(allNames(Source)).toEqual(['source_id']);
      expect(allNames(ComputedNoMetadata)).toEqual(['source_id', 'result']);
      for (const name of HIDDEN) expect(ComputedNoMetadata.instance().heading.find(name)).toBeUndefined();

      expect(await ComputedNoMetadata.populate()).toEqual({ successCount: 2, errorList: [] });
      expect(await ComputedNoMetadata.count()).toBe(2);
      expect(await ComputedNoMetadata.populate({ reserveJobs: true })).toEqual({ successCount: 0, errorList: [] });
      await Source.insert1({ source_id: 3 });
      expect(await ComputedNoMetadata.populate({ reserveJobs: true })).toEqual({ successCount: 1, errorList: [] });
      expect(await ComputedNoMetadata.count()).toBe(3);
    });

    it('refuses user attributes whose names start with an underscore', async () => {
      const schema = freshSchema('underscore');
      const declare = async () => {
        @schema.table
        class Sneaky extends dj.Manual {
          static definition = `
          sneaky_id : int16
          ---
          _job_start_time : datetime(3)
          `;
        }
        await Sneaky.ready();
      };
      await expect(declare()).rejects.toThrow(/starts with an underscore/);
    });
  });

  describe('population', () => {
    it('fills the metadata after each make', async () => {
      const { ComputedWithMetadata } = await withMetadata('filled');
      expectFilled(await metadataRows(ComputedWithMetadata), 0);
      const before = Date.now();
      expect(await ComputedWithMetadata.populate()).toEqual({ successCount: 3, errorList: [] });
      const rows = await metadataRows(ComputedWithMetadata);
      expectFilled(rows, 3);
      for (const { start, duration } of rows) {
        // make sleeps 10 ms: a measured duration, and a start time of this run
        expect(Number(duration)).toBeGreaterThan(0.005);
        expect(Number(duration)).toBeLessThan(60);
        const started = start instanceof Date ? start.getTime() : Date.parse(String(start));
        expect(Number.isNaN(started)).toBe(false);
        expect(Math.abs(started - before)).toBeLessThan(60 * 1000);
      }
    });

    it('fills the metadata when populating with reserved jobs', async () => {
      const { ComputedWithMetadata, ImportedWithMetadata, ComputedWithPart } = await withMetadata('reserved');
      expect(await ComputedWithMetadata.populate({ reserveJobs: true })).toEqual({ successCount: 3, errorList: [] });
      expectFilled(await metadataRows(ComputedWithMetadata), 3);
      expect(await ComputedWithMetadata.jobs.count()).toBe(0);

      // only the row of the key made gets it
      expect(await ImportedWithMetadata.populate({ reserveJobs: true, restriction: { source_id: 2 } })).toEqual({ successCount: 1, errorList: [] });
      expectFilled(await metadataRows(ImportedWithMetadata), 1);

      expect(await ComputedWithPart.populate({ reserveJobs: true })).toEqual({ successCount: 3, errorList: [] });
      expectFilled(await metadataRows(ComputedWithPart), 3);
      expect(await ComputedWithPart.Detail.count()).toBe(3);
    });

    it('leaves the metadata out of fetched rows', async () => {
      const { ComputedWithMetadata } = await withMetadata('fetch');
      await ComputedWithMetadata.populate();
      const rows = await ComputedWithMetadata.toDicts();
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(['result', 'source_id']);
        for (const name of HIDDEN) expect(row).not.toHaveProperty(name);
      }
      expect(Object.keys(await ComputedWithMetadata.restrict({ source_id: 1 }).fetch1()).sort()).toEqual(['result', 'source_id']);
      expect(await ComputedWithMetadata.toDicts({ orderBy: 'source_id' })).toEqual([
        { source_id: 1, result: 2 },
        { source_id: 2, result: 4 },
        { source_id: 3, result: 6 },
      ]);
    });

    it('leaves the metadata out of heading names', async () => {
      const { ComputedWithMetadata } = await withMetadata('names');
      const { heading } = ComputedWithMetadata.instance();
      expect(heading.names).toEqual(['source_id', 'result']);
      for (const name of HIDDEN) {
        expect(heading.names).not.toContain(name);
        expect(heading.has(name)).toBe(false);
      }
      expect(heading.primaryKey).toEqual(['source_id']);
      expect(heading.secondaryAttributes).toEqual(['result']);
    });
  });

  describe('joins', () => {
    it('joins on the visible attributes only', async () => {
      const { ComputedWithMetadata, ImportedWithMetadata } = await withMetadata('join');
      await ComputedWithMetadata.populate();
      await ImportedWithMetadata.populate();
      // both have the hidden columns, with different values
      expectFilled(await metadataRows(ComputedWithMetadata), 3);
      expectFilled(await metadataRows(ImportedWithMetadata), 3);

      const joined = ComputedWithMetadata.join(ImportedWithMetadata);
      expect(await joined.count()).toBe(3);
      await joined.prepare();
      expect(joined.heading.names).toEqual(['source_id', 'result', 'imported_value']);
      for (const name of HIDDEN) expect(joined.heading.names).not.toContain(name);
      expect(await joined.toDicts({ orderBy: 'source_id' })).toEqual([
        { source_id: 1, result: 2, imported_value: 11 },
        { source_id: 2, result: 4, imported_value: 12 },
        { source_id: 3, result: 6, imported_value: 13 },
      ]);
    });
  });
});
