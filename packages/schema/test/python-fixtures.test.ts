/**
 * Databases declared and filled by datajoint-python 2.x (`PYTHON_FIXTURES_DIR` of @dj/testing),
 * loaded into each backend: their headings, rows, blobs and lineage read from here, rows
 * written into them from here, and the same pipeline declared from TypeScript compared
 * with them catalog entry by catalog entry.
 */
import * as dj from 'datajoint';
import type { Attribute, Heading } from '@dj/core';
import type { TableClass } from '@dj/schema';
import { describeBackends, useTestInstance } from '@dj/testing';
import { catalogSnapshot } from './helpers/catalog-snapshot';
import { expectedFixture, FIXTURE_SCHEMA, loadFixture, type ExpectedAttribute, type ExpectedTable } from './helpers/python-fixtures';
import { declareInteropLab } from './pipelines/interop-lab';

const expected = expectedFixture();
const pipelineTables = expected.tables;

/** A fetched value in the encoding of expected.json's `rows`. */
function asExpected(attribute: Attribute, value: unknown): unknown {
  if (value === null) return null;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return attribute.type === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function expectHeadingMatches(heading: Heading, table: ExpectedTable): void {
  expect(heading.names).toEqual(table.attributes.map((a) => a.name));
  expect(heading.primaryKey).toEqual(table.primary_key);
  expect(heading.secondaryAttributes).toEqual(table.attributes.filter((a) => !a.in_key).map((a) => a.name));
  for (const want of table.attributes) {
    const got = heading.get(want.name);
    expect({ name: got.name, type: got.type, inKey: got.inKey, nullable: got.nullable, default: got.default, comment: got.comment }).toEqual({
      name: want.name,
      type: want.type,
      inKey: want.in_key,
      nullable: want.nullable,
      default: want.default ?? (want.nullable ? 'null' : null),
      comment: want.comment,
    });
  }
}

function tableComment(table: ExpectedTable, backend: 'mysql' | 'postgresql'): string {
  const comment = table.table_comment;
  if (comment === null || typeof comment === 'string') return comment ?? '';
  return comment[backend] ?? '';
}

/** The spawned class for `Session.Trial`-style names. */
function spawnedClass(classes: Record<string, TableClass>, name: string): TableClass {
  const [master, part] = name.split('.') as [string, string | undefined];
  const masterClass = classes[master]!;
  return part ? ((masterClass as unknown as Record<string, TableClass>)[part] as TableClass) : masterClass;
}

const TIER_BASES = { Lookup: dj.Lookup, Manual: dj.Manual, Imported: dj.Imported, Computed: dj.Computed, Part: dj.Part } as const;

describeBackends('a pipeline declared by datajoint-python on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'pyfix' });
  const flavor = backend.name === 'mysql' ? 'mysql' : 'postgresql';
  const free = (table: ExpectedTable): dj.FreeTable => db.instance.FreeTable(`${FIXTURE_SCHEMA}.${table.table_name}`);

  beforeAll(async () => {
    await loadFixture(backend, db.instance.connection);
  });

  describe('read and written from TypeScript', () => {
    // nested, so that this cleanup runs before the test instance closes
    afterAll(async () => {
      const { connection } = db.instance;
      await connection.query(connection.adapter.dropSchemaSql(FIXTURE_SCHEMA));
    });

    it.each(pipelineTables.map((t) => [t.table_name, t] as const))('reads the heading and rows of %s through FreeTable', async (_name, table) => {
      const tbl = free(table);
      await tbl.prepare();
      expectHeadingMatches(tbl.heading, table);
      expect(tbl.heading.tableComment).toBe(tableComment(table, flavor));
      for (const want of table.attributes) {
        expect(tbl.heading.get(want.name).columnType).toBe(want.sql_type[flavor]);
      }
      expect(await tbl.count()).toBe(table.row_count);

      const blobs = new Set(table.attributes.filter((a) => a.type.startsWith('<blob')).map((a) => a.name));
      const rows = await tbl.toDicts({ orderBy: 'KEY' });
      expect(rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !blobs.has(k)).map(([k, v]) => [k, asExpected(tbl.heading.get(k), v)])))).toEqual(
        table.rows,
      );
    });

    it('decodes every blob cell exactly as the bytes stored by Python', async () => {
      let cells = 0;
      for (const table of pipelineTables) {
        for (const cell of table.blob_cells ?? []) {
          const value = await free(table).restrict(cell.key).fetch1(cell.attribute);
          if (cell.null) expect(value).toBeNull();
          else expect(value).toEqual(dj.unpack(Buffer.from(cell.hex!, 'hex')));
          cells += 1;
        }
      }
      expect(cells).toBeGreaterThan(20);
    });

    it('spawns table classes of the right tier for every table, parts inside their masters', async () => {
      const classes = await db.instance.Schema(FIXTURE_SCHEMA, { createSchema: false }).spawnTables();
      expect(Object.keys(classes).sort()).toEqual(pipelineTables.filter((t) => !t.class!.includes('.')).map((t) => t.class!).sort());
      for (const table of pipelineTables) {
        const cls = spawnedClass(classes, table.class!);
        expect(cls.prototype).toBeInstanceOf(TIER_BASES[table.tier as keyof typeof TIER_BASES]);
        expect(cls.tableName).toBe(table.table_name);
        expectHeadingMatches(cls.heading, table);
        expect(await cls.count()).toBe(table.row_count);
      }
    });

    it('reads the lineage Python recorded', async () => {
      const lineage = await db.instance.Schema(FIXTURE_SCHEMA, { createSchema: false }).lineage();
      const want = expected.hidden_tables.find((t) => t.table_name === '~lineage')!.rows as Array<{ table_name: string; attribute_name: string; lineage: string }>;
      expect(lineage).toEqual(Object.fromEntries(want.map((r) => [`${FIXTURE_SCHEMA}.${r.table_name}.${r.attribute_name}`, r.lineage])));
      const trial = free(pipelineTables.find((t) => t.table_name === 'session__trial')!);
      await trial.prepare();
      expect(trial.heading.get('subject_id').lineage).toBe(`${FIXTURE_SCHEMA}.subject.subject_id`);
    });

    it("reads and refreshes the jobs queue Python's workers wrote", async () => {
      const { RawRecording } = (await db.instance.Schema(FIXTURE_SCHEMA, { createSchema: false }).spawnTables()) as Record<string, typeof dj.Imported>;
      const jobs = RawRecording!.jobs;
      const table = expected.hidden_tables.find((t) => t.table_name === '~~raw_recording')!;
      const counts = table.status_counts!;
      expect(await jobs.progress()).toEqual({ pending: 0, reserved: 0, success: 0, error: 0, ignore: 0, ...counts, total: table.row_count });
      const failure = table.error_jobs!.find((e) => e.backend === flavor)!;
      const [error] = await jobs.errors.toDicts();
      expect(error).toMatchObject({ ...failure.key, status: 'error', error_message: failure.error_message, error_stack: failure.error_stack.decoded.value });
      // a row Python never made: once its error is cleared, refresh queues the key again
      expect(await RawRecording!.restrict(failure.key).count()).toBe(0);
      await jobs.errors.delete();
      expect(await jobs.refresh({ delay: -1 })).toMatchObject({ added: 1 });
      expect(await jobs.pending.keys()).toEqual([failure.key]);
      expect(await jobs.reserve(failure.key)).toBe(true);
      expect(await jobs.reserve(failure.key)).toBe(false);
      await jobs.error(failure.key, failure.error_message, failure.error_stack.decoded.value);
      const [again] = await jobs.errors.toDicts();
      expect(again).toMatchObject({ error_message: failure.error_message, error_stack: failure.error_stack.decoded.value });
      // the stack is stored in the very bytes Python wrote for it
      const { connection } = db.instance;
      const where = Object.keys(failure.key).map((k) => `${connection.adapter.quoteIdentifier(k)} = ?`).join(' AND ');
      const raw = await connection.query(`SELECT error_stack FROM ${jobs.fullTableName} WHERE ${where}`, Object.values(failure.key));
      expect((raw.rows[0]!.error_stack as Buffer).toString('hex')).toBe(failure.error_stack.hex);
    });

    it('computes the key Python failed on, with make() added to the spawned class', async () => {
      const { RawRecording: Spawned } = (await db.instance.Schema(FIXTURE_SCHEMA, { createSchema: false }).spawnTables()) as Record<string, typeof dj.Imported>;
      const failure = expected.hidden_tables.find((t) => t.table_name === '~~raw_recording')!.error_jobs!.find((e) => e.backend === flavor)!;
      // an undecorated subclass acts on its parent's table
      class RawRecording extends Spawned! {
        async make(key: dj.Row): Promise<void> {
          await this.insert1({ ...key, file_name: 'recovered.raw', sampling_rate: 250, traces: dj.NDArray.fromTypedArray(Float64Array.from([0.5])) });
        }
      }
      expect(RawRecording.fullTableName).toBe(Spawned!.fullTableName);
      expect(await RawRecording.progress()).toEqual({ remaining: 1, total: 10 });
      // the failed job blocks the key until its error is cleared
      expect(await RawRecording.populate({ reserveJobs: true })).toEqual({ successCount: 0, errorList: [] });
      await RawRecording.jobs.errors.delete();
      expect(await RawRecording.populate({ reserveJobs: true })).toEqual({ successCount: 1, errorList: [] });
      expect(await RawRecording.restrict(failure.key).fetch1('file_name')).toBe('recovered.raw');
      expect(await RawRecording.progress()).toEqual({ remaining: 0, total: 10 });
      expect(await RawRecording.jobs.progress()).toMatchObject({ error: 0, reserved: 0, pending: 0 });
    });

    it('inserts into Python-declared tables and reads the rows back', async () => {
      const classes = await db.instance.Schema(FIXTURE_SCHEMA, { createSchema: false }).spawnTables();
      const { Subject, CageMate, Session, RawRecording } = classes as Record<string, TableClass>;
      const Trial = spawnedClass(classes, 'Session.Trial');
      const uuid = '3b241101-e2bb-4255-8caf-4136c566a962';
      const subject = {
        subject_id: 101,
        species: 'rat',
        date_of_birth: new Date(Date.UTC(2025, 8, 9)),
        subject_nickname: 'from typescript',
        weight: 310.5,
        sex: 'U',
        info: { source: 'ts', tags: ['a', 'b'], nested: { n: 1 } },
        subject_uuid: uuid,
      };
      await Subject!.insert1(subject);
      await CageMate!.insert1({ subject_id: 101, buddy_id: 1, since: '2025-10-01' });
      const signal = dj.NDArray.fromTypedArray(Float64Array.from([0.5, -1, 2.25]));
      await Session!.insert1({
        subject_id: 101,
        session_idx: 1,
        session_datetime: new Date(Date.UTC(2025, 9, 2, 14, 30, 5)),
        experimenter: null,
        signal,
        params: { gain: 2, channels: [1, 2, 3], label: 'ts' },
        notes: `it's "quoted"`,
      });
      await Trial.insert([
        { subject_id: 101, session_idx: 1, trial_idx: 1, start_time: 0.25, trial_duration: 1.5, outcome: 'false alarm', response_time: null },
        { subject_id: 101, session_idx: 1, trial_idx: 2, start_time: 3.5, trial_duration: 2, outcome: 'hit', response_time: 0.75 },
      ]);
      await RawRecording!.insert1({ subject_id: 101, session_idx: 1, file_name: 'ts.raw', sampling_rate: 500, traces: signal }, { allowDirectInsert: true });

      expect(await Subject!.restrict({ subject_id: 101 }).fetch1()).toEqual(subject);
      expect(await Subject!.restrict({ subject_uuid: uuid }).count()).toBe(1);
      const session = (await Session!.restrict({ subject_id: 101 }).fetch1()) as Record<string, unknown>;
      expect(session.signal).toEqual(signal);
      expect(session.params).toEqual({ gain: 2, channels: [1, 2, 3], label: 'ts' });
      expect(session.notes).toBe(`it's "quoted"`);
      expect(session.session_datetime).toEqual(new Date(Date.UTC(2025, 9, 2, 14, 30, 5)));
      expect(await Trial.restrict({ subject_id: 101 }).toArrays('outcome', 'response_time', { orderBy: 'KEY' })).toEqual([
        ['false alarm', 'hit'],
        [null, 0.75],
      ]);
      expect(await CageMate!.restrict({ subject_id: 101 }).keys()).toEqual([{ subject_id: 101, buddy_id: 1 }]);
      expect(await RawRecording!.restrict({ subject_id: 101 }).fetch1('traces')).toEqual(signal);

      // a Python reader sees DataJoint's own encoding: uuid as 16 bytes on MySQL, blob framing
      const { connection } = db.instance;
      const raw = await connection.query(`SELECT subject_uuid FROM ${connection.adapter.fullTableName(FIXTURE_SCHEMA, 'subject')} WHERE subject_id = 101`);
      const stored = raw.rows[0]!.subject_uuid;
      if (backend.name === 'mysql') expect((stored as Buffer).toString('hex')).toBe(uuid.replace(/-/g, ''));
      else expect(stored).toBe(uuid);
      const blob = await connection.query(`SELECT ${connection.adapter.quoteIdentifier('signal')} FROM ${connection.adapter.fullTableName(FIXTURE_SCHEMA, 'session')} WHERE subject_id = 101`);
      expect((blob.rows[0]!.signal as Buffer).subarray(0, 4).toString('latin1')).toBe('mYm\0');
    });

    it('declares the same pipeline from TypeScript with the catalog entries Python wrote', async () => {
      const { RawRecording, SessionSummary } = declareInteropLab(db.schema());
      await db.schema().ready();
      const names = pipelineTables.map((t) => t.table_name);
      expect((await db.schema().listTables()).sort()).toEqual([...names].sort());
      // the jobs tables, made on first use, are the ones Python's workers use
      await RawRecording.jobs.refresh();
      await SessionSummary.jobs.refresh();
      const jobsTables = expected.hidden_tables.filter((t) => t.table_name.startsWith('~~')).map((t) => t.table_name);
      expect(jobsTables).toEqual(['~~raw_recording', '~~session_summary']);
      const { connection } = db.instance;
      const ours = await catalogSnapshot(connection, db.schemaName, [...names, ...jobsTables]);
      const python = await catalogSnapshot(connection, FIXTURE_SCHEMA, [...names, ...jobsTables]);
      for (const name of Object.keys(python)) expect([name, ours[name]]).toEqual([name, python[name]]);
      for (const table of expected.hidden_tables.filter((t) => t.table_name.startsWith('~~'))) {
        const jobs = db.instance.FreeTable(`${db.schemaName}.${table.table_name}`);
        await jobs.prepare();
        expect(jobs.heading.names).toEqual(table.attributes.map((a) => a.name));
        expect(jobs.heading.primaryKey).toEqual(table.primary_key);
      }

      const lineageOf = async (schema: string): Promise<Record<string, string>> => {
        const all = await db.instance.Schema(schema, { createSchema: false }).lineage();
        return Object.fromEntries(
          Object.entries(all)
            .map(([key, value]) => [key.slice(schema.length + 1), value.replace(`${schema}.`, '<schema>.')]),
        );
      };
      expect(await lineageOf(db.schemaName)).toEqual(await lineageOf(FIXTURE_SCHEMA));
    });
  });
});

/** Attribute types the fixture exercises, so a change of the fixture cannot hollow out this file. */
test('the fixture covers the core types it is meant to', () => {
  const types = new Set(pipelineTables.flatMap((t) => t.attributes.map((a: ExpectedAttribute) => a.type.replace(/\(.*$/, ''))));
  for (const type of ['int16', 'int32', 'int64', 'float32', 'float64', 'varchar', 'date', 'datetime', 'enum', 'json', 'uuid', '<blob>']) {
    expect(types).toContain(type);
  }
});
