/**
 * Reading and writing what datajoint-python writes: the rows and store tree in
 * `fixtures/python-declared/objects` were written by datajoint-python 8e6ef316
 * (`make_objects.py`), including a store in the 2.2 layout (no `_schema/` section). The
 * rows go into tables declared here as they are; fetching must follow their stored paths.
 * Rows written here must carry the same reference fields and path layout.
 */
import * as dj from 'datajoint';
import { getStore, type StoreBackend } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import { describeBackends, PYTHON_OBJECT_FIXTURES_DIR, STORE_KINDS, useTestInstance, useTestStore } from '@dj/testing';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

interface FixtureTable {
  definition: string;
  rows: Array<Record<string, unknown>>;
}
interface Fixture {
  schema: string;
  tables: Record<string, FixtureTable>;
  expected: Record<string, Array<Record<string, Record<string, unknown>>>>;
}

const fixture = JSON.parse(readFileSync(path.join(PYTHON_OBJECT_FIXTURES_DIR, 'rows.json'), 'utf8')) as Fixture;

function define(schema: dj.Schema) {
  @schema.table
  class Recording extends dj.Manual {
    static definition = fixture.tables.recording!.definition;
  }
  @schema.table
  class Legacy extends dj.Manual {
    static definition = fixture.tables.legacy!.definition;
  }
  return { Recording, Legacy };
}

/** Copies a fixture store folder into a store, file by file. */
async function upload(store: StoreBackend, folder: string): Promise<void> {
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const local = path.join(entry.parentPath, entry.name);
    await store.put(path.relative(folder, local).split(path.sep).join('/'), readFileSync(local));
  }
}

/** Inserts rows as datajoint-python left them in the database (references as JSON text). */
async function insertRaw(connection: Connection, schema: string, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  const { adapter } = connection;
  for (const row of rows) {
    const names = Object.keys(row);
    const values = names.map((name) => (row[name] !== null && typeof row[name] === 'object' ? JSON.stringify(row[name]) : row[name]));
    await connection.query(
      `INSERT INTO ${adapter.fullTableName(schema, table)} (${names.map((n) => adapter.quoteIdentifier(n)).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      values,
    );
  }
}

const hex = (data: Buffer): string => data.toString('hex');

describeBackends('datajoint-python object stores on $name', (backend) => {
  describe.each(STORE_KINDS)('in a %s store', (kind) => {
    const main = useTestStore(kind);
    const legacy = useTestStore(kind, { name: 'legacy', settings: { schema_prefix: '' } });
    const db = useTestInstance(backend, { label: 'pyobjects' });
    let t: ReturnType<typeof define>;
    let downloads: string;

    beforeAll(async () => {
      downloads = mkdtempSync(path.join(tmpdir(), 'dj-pyobjects-'));
      db.instance.config.stores = { ...main.stores, legacy: legacy.settings };
      db.instance.config.download_path = downloads;
      await upload(getStore(db.instance.config, 'main'), path.join(PYTHON_OBJECT_FIXTURES_DIR, 'store', 'main'));
      await upload(getStore(db.instance.config, 'legacy'), path.join(PYTHON_OBJECT_FIXTURES_DIR, 'store', 'legacy'));
      t = define(db.schema());
      await db.schema().ready();
      await insertRaw(db.instance.connection, db.schemaName, 'recording', fixture.tables.recording!.rows);
      await insertRaw(db.instance.connection, db.schemaName, 'legacy', fixture.tables.legacy!.rows);
    });
    afterAll(() => rmSync(downloads, { recursive: true, force: true }));

    it('reads every codec value datajoint-python wrote, following the stored paths', async () => {
      const rows = await t.Recording.toDicts({ orderBy: ['session'] });
      const expected = fixture.expected.recording!;
      expect(rows).toHaveLength(expected.length);
      for (const [i, row] of rows.entries()) {
        const want = expected[i]!;
        const raw = row.raw as dj.ObjectRef;
        expect(raw.path).toBe((fixture.tables.recording!.rows[i]!.raw as { path: string }).path);
        expect(hex(await raw.read())).toBe(want.raw!.bytes_hex);
        await expect(raw.verify()).resolves.toBe(true);
        const trace = row.trace as dj.NpyRef;
        expect(trace.dtype).toBe(want.trace!.dtype);
        expect(trace.shape).toEqual(want.trace!.shape);
        expect((await trace.load()).toNested()).toEqual(want.trace!.values);
      }
      const first = rows[0]!;
      const want = expected[0]!;
      const folder = first.folder as dj.ObjectRef;
      expect(folder.isDir).toBe(true);
      await expect(folder.verify()).resolves.toBe(true);
      const files = want.folder!.files as Record<string, string>;
      expect(Buffer.concat(await (await folder.stream('.zarray')).toArray()).toString()).toBe(files['.zarray']);
      expect(hex(Buffer.concat(await (await folder.stream('c/0/0')).toArray()))).toBe(files['c/0/0']);
      expect(hex(await (first.source as dj.ObjectRef).read())).toBe(want.source!.bytes_hex);
      const payload = first.payload as dj.NDArray;
      expect(payload.dtype).toBe(want.payload!.dtype);
      expect(payload.toNested()).toEqual(want.payload!.values);
      expect(path.basename(first.attachment as string)).toBe(want.attachment!.name);
      expect(readFileSync(first.attachment as string, 'utf8')).toBe(want.attachment!.text);
      expect(hex(first.hashed as Buffer)).toBe(want.hashed!.bytes_hex);
    });

    it('reads the 2.2 layout (no _schema/ section)', async () => {
      const [row] = await t.Legacy.toDicts();
      const want = fixture.expected.legacy![0]!;
      const raw = row!.raw as dj.ObjectRef;
      expect(raw.path).toMatch(/^dj_interop_objects\/legacy\/id=1\/raw_[\w-]{8}\.txt$/);
      expect(hex(await raw.read())).toBe(want.raw!.bytes_hex);
      expect((await (row!.trace as dj.NpyRef).load()).toNested()).toEqual(want.trace!.values);
    });

    it('writes references with the fields and path layout datajoint-python writes', async () => {
      const file = path.join(downloads, 'ephys.dat');
      writeFileSync(file, '0123456789');
      const python = fixture.tables.recording!.rows[0]!;
      await t.Recording.insert1({ subject: 'm/1', session: 7, raw: file, trace: new Float64Array([1, 2]), source: 'acquisition/m1/s1.bin' });
      await t.Legacy.insert1({ id: 2, raw: ['.txt', Buffer.from('x')], trace: new Uint8Array([1]) });
      const { adapter } = db.instance.connection;
      const select = async (table: string, where: string): Promise<Record<string, unknown>> => {
        const result = await db.instance.connection.query<Record<string, unknown>>(`SELECT * FROM ${adapter.fullTableName(db.schemaName, table)} WHERE ${where}`);
        const row = result.rows[0]!;
        return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('{') ? JSON.parse(v) : v]));
      };
      const ours = await select('recording', `${adapter.quoteIdentifier('session')} = 7`);
      for (const column of ['raw', 'trace', 'source']) {
        expect(Object.keys(ours[column] as object).sort()).toEqual(Object.keys(python[column] as object).sort());
      }
      const layout = (p: string): string => p.replace(/_[A-Za-z0-9_-]{8}(\.\w+)?$/, '_TOKEN$1');
      expect(layout((ours.raw as { path: string }).path)).toBe(layout((python.raw as { path: string }).path).replace('dj_interop_objects', db.schemaName).replace('session=1', 'session=7'));
      expect(ours.raw).toMatchObject({ store: 'main', size: 10, ext: '.dat', is_dir: false, item_count: null });
      expect(ours.source).toMatchObject({ path: 'acquisition/m1/s1.bin', store: 'main', size: 6, is_dir: false });
      const legacyRow = await select('legacy', `${adapter.quoteIdentifier('id')} = 2`);
      expect((legacyRow.raw as { path: string }).path).toMatch(new RegExp(`^${db.schemaName}/legacy/id=2/raw_[\\w-]{8}\\.txt$`));
      expect(legacyRow.trace).toMatchObject({ store: 'legacy', dtype: 'uint8', shape: [1] });
    });
  });
});
