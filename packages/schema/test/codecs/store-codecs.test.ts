/**
 * `<blob@>`, `<hash@>`, `<attach>` and `<attach@>` on every backend and in a folder and an
 * S3 store: declared columns, references and paths as datajoint-python writes them,
 * deduplication, integrity checks on read, and attachment downloads.
 */
import * as dj from 'datajoint';
import { base32, computeHash, getStore } from '@dj/core/internal';
import { DataJointError, MissingExternalFile, NDArray, type Connection } from '@dj/core';
import { describeBackends, STORE_KINDS, useTestInstance, useTestStore } from '@dj/testing';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

function define(schema: dj.Schema) {
  @schema.table
  class Stored extends dj.Manual {
    static definition = `
    id : int32
    ---
    payload = null : <blob@>
    named = null : <blob@main>
    raw = null : <hash@>
    `;
  }

  @schema.table
  class Attached extends dj.Manual {
    static definition = `
    id : int32
    ---
    inline = null : <attach>
    stored = null : <attach@>
    `;
  }

  @schema.table
  class Folded extends dj.Manual {
    static definition = `
    id : int32
    ---
    data : <hash@folded>
    `;
  }
  return { Stored, Attached, Folded };
}

/** The raw column values of a table, as the database holds them (JSON parsed). */
async function rawColumn(connection: Connection, schema: string, table: string, column: string): Promise<Array<Record<string, unknown>>> {
  const { adapter } = connection;
  const result = await connection.query<Record<string, unknown>>(
    `SELECT ${adapter.quoteIdentifier(column)} AS v FROM ${adapter.fullTableName(schema, table)} ORDER BY ${adapter.quoteIdentifier('id')}`,
  );
  return result.rows.map((row) => (typeof row.v === 'string' ? JSON.parse(row.v) : row.v) as Record<string, unknown>);
}

describeBackends('store codecs on $name', (backend) => {
  describe.each(STORE_KINDS)('in a %s store', (kind) => {
    const store = useTestStore(kind);
    const folded = useTestStore(kind, { name: 'folded', settings: { subfolding: [2, 2] } });
    const db = useTestInstance(backend, { label: 'codecs' });
    let t: ReturnType<typeof define>;
    let downloads: string;

    beforeAll(async () => {
      downloads = mkdtempSync(path.join(tmpdir(), 'dj-downloads-'));
      db.instance.config.stores = { ...store.stores, folded: folded.settings };
      db.instance.config.download_path = downloads;
      t = define(db.schema());
      await db.schema().ready();
    });
    afterAll(() => rmSync(downloads, { recursive: true, force: true }));

    beforeEach(async () => {
      await t.Stored.deleteQuick();
      await t.Attached.deleteQuick();
      await t.Folded.deleteQuick();
    });

    it('declares store codecs as JSON reference columns with the codec in the comment', async () => {
      const columns = await db.instance.connection.introspector.columns(db.instance.connection, db.schemaName, 'stored');
      for (const name of ['payload', 'named', 'raw']) {
        const column = columns.find((c) => c.name === name)!;
        expect(column.sqlType.toLowerCase()).toMatch(/^(json|jsonb|longtext)$/);
      }
      expect(columns.find((c) => c.name === 'payload')!.comment).toBe(':<blob@>:');
      expect(columns.find((c) => c.name === 'named')!.comment).toBe(':<blob@main>:');
      const attached = await db.instance.connection.introspector.columns(db.instance.connection, db.schemaName, 'attached');
      expect(attached.find((c) => c.name === 'inline')!.sqlType.toLowerCase()).toMatch(/^(longblob|bytea)$/);
    });

    it('round-trips <blob@> values and records datajoint-python references', async () => {
      const array = NDArray.fromTypedArray(Float64Array.from({ length: 500 }, (_, i) => i * 0.5));
      await t.Stored.insert1({ id: 1, payload: array, named: { a: 1, b: 'two' }, raw: Buffer.from('raw bytes') });
      const row = (await t.Stored.fetch1()) as dj.Row;
      expect(row.payload).toStrictEqual(array);
      expect(row.named).toEqual({ a: 1, b: 'two' });
      expect(row.raw).toEqual(Buffer.from('raw bytes'));

      const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'stored', 'raw');
      const hash = await computeHash(Buffer.from('raw bytes'));
      expect(reference).toEqual({ hash, path: `_hash/${db.schemaName}/${hash}`, schema: db.schemaName, store: null, size: 9 });
      const [named] = await rawColumn(db.instance.connection, db.schemaName, 'stored', 'named');
      expect(named).toMatchObject({ store: 'main', schema: db.schemaName });
      const backendStore = getStore(db.instance.config);
      expect(await backendStore.get(reference!.path as string)).toEqual(Buffer.from('raw bytes'));
    });

    it('stores equal content once per schema and keeps it while any row refers to it', async () => {
      const backendStore = getStore(db.instance.config);
      const listHashes = async () => {
        const objects: string[] = [];
        for await (const object of backendStore.list(`_hash/${db.schemaName}`)) objects.push(object.path);
        return objects.sort();
      };
      const before = await listHashes();
      const value = NDArray.fromTypedArray(new Int32Array([1, 2, 3, 4, 5, 6, 7]));
      await t.Stored.insert([{ id: 1, payload: value }, { id: 2, payload: value }]);
      const references = await rawColumn(db.instance.connection, db.schemaName, 'stored', 'payload');
      expect(references[0]!.path).toBe(references[1]!.path);
      expect(await listHashes()).toEqual([...before, references[0]!.path as string].sort());
      await t.Stored.restrict({ id: 1 }).deleteQuick();
      expect(await t.Stored.restrict({ id: 2 }).fetch1('payload')).toStrictEqual(value);
    });

    it('lays out hash paths with the store subfolding', async () => {
      await t.Folded.insert1({ id: 1, data: Buffer.from('folded content') });
      const hash = await computeHash(Buffer.from('folded content'));
      const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'folded', 'data');
      expect(reference!.path).toBe(`_hash/${db.schemaName}/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`);
      expect(reference!.store).toBe('folded');
      expect(await t.Folded.fetch1('data')).toEqual(Buffer.from('folded content'));
    });

    it('checks content against its hash on read and reports missing objects', async () => {
      await t.Stored.insert1({ id: 1, raw: Buffer.from('original') });
      const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'stored', 'raw');
      const backendStore = getStore(db.instance.config);
      await backendStore.put(reference!.path as string, Buffer.from('tampered'));
      await expect(t.Stored.fetch1('raw')).rejects.toThrow(/Hash mismatch: expected .*may be corrupted/);
      await backendStore.delete(reference!.path as string);
      await expect(t.Stored.fetch1('raw')).rejects.toThrow(MissingExternalFile);
    });

    it('hashes large values (off the main thread) to the same references, and checks them on read', async () => {
      // Above the size at which hashing moves to worker threads; each value distinct. Compared
      // byte for byte with Buffer.equals: jest's deep equality walks megabytes element by element.
      const big = (seed: number) => {
        const bytes = Buffer.alloc(700_000);
        for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((i * 2_654_435_761 + seed) >>> 0, i);
        return bytes;
      };
      const samples = [0, 1, 2].map((k) => Float64Array.from({ length: 90_000 }, (_, i) => Math.sin(i + k)));
      const bytesOf = (data: Float64Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      await t.Stored.insert([0, 1, 2].map((k) => ({ id: k, payload: NDArray.fromTypedArray(samples[k]!), raw: big(k) })));
      const rows = (await t.Stored.toDicts({ orderBy: 'id' })) as dj.Row[];
      rows.forEach((row, k) => {
        expect((row.raw as Buffer).equals(big(k))).toBe(true);
        const payload = row.payload as NDArray;
        expect(payload.shape).toEqual([90_000]);
        expect(payload.data).toBeInstanceOf(Float64Array);
        expect(bytesOf(payload.data as Float64Array).equals(bytesOf(samples[k]!))).toBe(true);
      });
      const references = await rawColumn(db.instance.connection, db.schemaName, 'stored', 'raw');
      expect(references.map((reference) => reference.hash)).toEqual([0, 1, 2].map((k) => base32(createHash('md5').update(big(k)).digest())));

      const tampered = big(1);
      tampered[350_000] ^= 1; // same size, one bit changed
      await getStore(db.instance.config).put(references[1]!.path as string, tampered);
      await expect(t.Stored.restrict({ id: 1 }).fetch1('raw')).rejects.toThrow(/Hash mismatch: expected .*may be corrupted/);
      expect(((await t.Stored.restrict({ id: 2 }).fetch1('raw')) as Buffer).equals(big(2))).toBe(true);
    });

    it('refuses values of the wrong kind and unknown stores, naming the attribute', async () => {
      await expect(t.Stored.insert1({ id: 1, raw: 'not bytes' })).rejects.toThrow(/`raw`.*<hash> expects bytes, got string/);
      const saved = db.instance.config.stores;
      db.instance.config.stores = { folded: folded.settings };
      try {
        await expect(t.Stored.insert1({ id: 1, payload: [1] })).rejects.toThrow(/stores.default is not configured/);
        await expect(t.Stored.insert1({ id: 1, named: [1] })).rejects.toThrow(/Storage 'main' is requested but not configured in stores/);
      } finally {
        db.instance.config.stores = saved;
      }
      expect(await t.Stored.toDicts()).toEqual([]);
    });

    it('attaches files in the table and in the store, downloading them on fetch', async () => {
      const source = mkdtempSync(path.join(tmpdir(), 'dj-attach-'));
      try {
        writeFileSync(path.join(source, 'notes.txt'), 'first version');
        await t.Attached.insert1({ id: 1, inline: path.join(source, 'notes.txt'), stored: path.join(source, 'notes.txt') });
        const [inline] = await db.instance.connection.query<{ v: Buffer }>(
          `SELECT ${db.instance.connection.adapter.quoteIdentifier('inline')} AS v FROM ${db.instance.connection.adapter.fullTableName(db.schemaName, 'attached')}`,
        ).then((r) => r.rows);
        expect(Buffer.from(inline!.v)).toEqual(Buffer.from('notes.txt\0first version'));

        const first = (await t.Attached.fetch1()) as dj.Row;
        expect(first.inline).toBe(path.join(downloads, 'notes.txt'));
        expect(first.stored).toBe(path.join(downloads, 'notes.txt'));
        expect(readFileSync(first.inline as string, 'utf8')).toBe('first version');

        const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'attached', 'stored');
        expect(reference).toMatchObject({ hash: await computeHash(Buffer.from('notes.txt\0first version')), size: 'notes.txt\0first version'.length });

        writeFileSync(path.join(source, 'notes.txt'), 'second version');
        await t.Attached.insert1({ id: 2, stored: path.join(source, 'notes.txt') });
        expect(await t.Attached.restrict({ id: 2 }).fetch1('stored')).toBe(path.join(downloads, 'notes_1.txt'));
        expect(readFileSync(path.join(downloads, 'notes_1.txt'), 'utf8')).toBe('second version');
        // Fetching again finds the files already there.
        expect(await t.Attached.restrict({ id: 2 }).fetch1('stored')).toBe(path.join(downloads, 'notes_1.txt'));
        expect(await t.Attached.restrict({ id: 1 }).fetch1('stored')).toBe(path.join(downloads, 'notes.txt'));
      } finally {
        rmSync(source, { recursive: true, force: true });
      }
    });

    it('downloads different files of one name fetched together to distinct paths', async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'dj-attach-many-'));
      const target = mkdtempSync(path.join(tmpdir(), 'dj-attach-into-'));
      const saved = db.instance.config.download_path;
      db.instance.config.download_path = target;
      try {
        const rows = [];
        for (let id = 1; id <= 12; id += 1) {
          mkdirSync(path.join(folder, String(id)));
          writeFileSync(path.join(folder, String(id), 'data.bin'), `contents ${id % 6}`);
          rows.push({ id, inline: path.join(folder, String(id), 'data.bin'), stored: path.join(folder, String(id), 'data.bin') });
        }
        await t.Attached.insert(rows);
        const fetched = (await t.Attached.toDicts({ orderBy: 'id' })) as Array<{ id: number; inline: string; stored: string }>;
        for (const row of fetched) {
          expect(readFileSync(row.inline, 'utf8')).toBe(`contents ${row.id % 6}`);
          expect(readFileSync(row.stored, 'utf8')).toBe(`contents ${row.id % 6}`);
        }
        // Six distinct contents: six files, whatever order they were written in.
        expect(new Set(fetched.map((row) => row.stored)).size).toBe(6);
        expect(readdirSync(target).sort()).toEqual(['data.bin', 'data_1.bin', 'data_2.bin', 'data_3.bin', 'data_4.bin', 'data_5.bin']);
      } finally {
        db.instance.config.download_path = saved;
        rmSync(folder, { recursive: true, force: true });
        rmSync(target, { recursive: true, force: true });
      }
    });

    it('refuses attachments that are not files', async () => {
      await expect(t.Attached.insert1({ id: 1, inline: '/no/such/file.txt' })).rejects.toThrow(/Attachment file not found: \/no\/such\/file.txt/);
      await expect(t.Attached.insert1({ id: 1, inline: tmpdir() })).rejects.toThrow(/<attach> does not support directories/);
      await expect(t.Attached.insert1({ id: 1, inline: 42 })).rejects.toThrow(/<attach> expects a file path, got number/);
      await expect(t.Attached.insert1({ id: 1, inline: 42 })).rejects.toThrow(DataJointError);
    });
  });
});
