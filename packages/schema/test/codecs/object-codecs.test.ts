/**
 * `<object@>`, `<npy@>` and `<filepath@>` on every backend, in a folder and an S3 store:
 * schema-addressed paths and references as datajoint-python writes them, lazy references
 * on fetch, streaming downloads, folder manifests, filepath rules, and no store object
 * left behind by an insert that fails.
 */
import * as dj from 'datajoint';
import { getStore, type StoreBackend } from '@dj/core/internal';
import { NDArray, type Connection } from '@dj/core';
import { describeBackends, STORE_KINDS, useTestInstance, useTestStore } from '@dj/testing';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

function define(schema: dj.Schema) {
  @schema.table
  class Recording extends dj.Manual {
    static definition = `
    subject : varchar(20)
    session : int32
    ---
    raw = null : <object@>
    trace = null : <npy@main>
    `;
  }

  @schema.table
  class Reference extends dj.Manual {
    static definition = `
    id : int32
    ---
    file : <filepath@>
    `;
  }
  return { Recording, Reference };
}

async function rawColumn(connection: Connection, schema: string, table: string, column: string, order: string): Promise<Array<Record<string, unknown>>> {
  const { adapter } = connection;
  const result = await connection.query<Record<string, unknown>>(
    `SELECT ${adapter.quoteIdentifier(column)} AS v FROM ${adapter.fullTableName(schema, table)} ORDER BY ${adapter.quoteIdentifier(order)}`,
  );
  return result.rows.map((row) => (typeof row.v === 'string' ? JSON.parse(row.v) : row.v) as Record<string, unknown>);
}

async function storedPaths(store: StoreBackend, prefix = ''): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of store.list(prefix)) paths.push(entry.path);
  return paths.filter((p) => p !== 'datajoint_store.json').sort();
}

const TOKEN = '[A-Za-z0-9_-]{8}';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

describeBackends('object, npy and filepath codecs on $name', (backend) => {
  describe.each(STORE_KINDS)('in a %s store', (kind) => {
    const store = useTestStore(kind);
    const db = useTestInstance(backend, { label: 'objects' });
    let t: ReturnType<typeof define>;
    let local: string;
    let backendStore: StoreBackend;

    beforeAll(async () => {
      local = mkdtempSync(path.join(tmpdir(), 'dj-objects-'));
      db.instance.config.stores = store.stores;
      t = define(db.schema());
      await db.schema().ready();
      backendStore = getStore(db.instance.config, 'main');
    });
    afterAll(() => rmSync(local, { recursive: true, force: true }));

    beforeEach(async () => {
      await t.Recording.deleteQuick();
      await t.Reference.deleteQuick();
      for (const p of await storedPaths(backendStore, '_schema')) await backendStore.delete(p);
    });

    it('stores a file at its schema-addressed path and fetches a lazy ObjectRef', async () => {
      const file = path.join(local, 'ephys.dat');
      writeFileSync(file, Buffer.from('0123456789'));
      await t.Recording.insert1({ subject: 'm/1', session: 3, raw: file });
      const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'recording', 'raw', 'session');
      expect(reference).toEqual({
        path: expect.stringMatching(new RegExp(`^_schema/${db.schemaName}/recording/subject=m%2F1/session=3/raw_${TOKEN}\\.dat$`)),
        store: null,
        size: 10,
        ext: '.dat',
        is_dir: false,
        item_count: null,
        timestamp: expect.stringMatching(TIMESTAMP),
      });
      expect(await storedPaths(backendStore, '_schema')).toEqual([reference!.path]);

      const ref = (await t.Recording.fetch1('raw')) as dj.ObjectRef;
      expect(ref).toBeInstanceOf(dj.ObjectRef);
      expect(ref.path).toBe(reference!.path);
      expect(ref.size).toBe(10);
      expect(ref.isDir).toBe(false);
      expect((await ref.read()).toString()).toBe('0123456789');
      const chunks: Buffer[] = [];
      for await (const chunk of await ref.stream()) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('0123456789');
      const target = mkdtempSync(path.join(local, 'download-'));
      const downloaded = await ref.download(target);
      expect(downloaded).toBe(path.join(target, (reference!.path as string).split('/').pop()!));
      expect(readFileSync(downloaded, 'utf8')).toBe('0123456789');
      await expect(ref.verify()).resolves.toBe(true);
    });

    it('stores bytes and [ext, stream] pairs, and null as null', async () => {
      await t.Recording.insert([
        { subject: 'a', session: 1, raw: Buffer.from('bytes') },
        { subject: 'a', session: 2, raw: ['.txt', Readable.from([Buffer.from('str'), Buffer.from('eamed')])] },
        { subject: 'a', session: 3, raw: null },
      ]);
      const references = await rawColumn(db.instance.connection, db.schemaName, 'recording', 'raw', 'session');
      expect(references[0]).toMatchObject({ size: 5, ext: null, is_dir: false });
      expect(references[0]!.path).toMatch(new RegExp(`/subject=a/session=1/raw_${TOKEN}$`));
      expect(references[1]).toMatchObject({ size: 8, ext: '.txt' });
      expect(references[1]!.path).toMatch(new RegExp(`/raw_${TOKEN}\\.txt$`));
      expect(references[2]).toBeNull();
      const rows = await t.Recording.toDicts({ orderBy: ['session'] });
      expect((await (rows[1]!.raw as dj.ObjectRef).read()).toString()).toBe('streamed');
      expect(rows[2]!.raw).toBeNull();
      await expect(t.Recording.insert1({ subject: 'a', session: 4, raw: ['/../../x', Buffer.from('x')] })).rejects.toThrow('<object> extension "/../../x"');
      await expect(t.Recording.insert1({ subject: 'a', session: 4, raw: 42 })).rejects.toThrow('<object> expects bytes, a path, or an [ext, data] pair, got number');
    });

    it('uploads a folder with its manifest, as datajoint-python lays it out', async () => {
      const folder = path.join(local, 'scan.zarr');
      mkdirSync(path.join(folder, 'c', '0'), { recursive: true });
      writeFileSync(path.join(folder, '.zarray'), '{"shape": [2]}');
      writeFileSync(path.join(folder, 'c', '0', '0'), Buffer.alloc(100, 1));
      await t.Recording.insert1({ subject: 'b', session: 1, raw: folder });
      const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'recording', 'raw', 'session');
      expect(reference).toMatchObject({ size: 114, ext: null, is_dir: true, item_count: 2 });
      const objectPath = reference!.path as string;
      expect(objectPath).toMatch(new RegExp(`/subject=b/session=1/raw_${TOKEN}$`));
      expect(await storedPaths(backendStore, '_schema')).toEqual([`${objectPath}.manifest.json`, `${objectPath}/.zarray`, `${objectPath}/c/0/0`].sort());
      const manifestText = (await backendStore.get(`${objectPath}.manifest.json`)).toString();
      const manifest = JSON.parse(manifestText) as { files: Array<{ path: string; size: number }> };
      expect(manifestText).toMatch(/^\{\n {2}"files": \[\n {4}\{\n {6}"path": /);
      expect(manifest).toMatchObject({ total_size: 114, item_count: 2, created: expect.stringMatching(TIMESTAMP) });
      expect(manifest.files.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: '.zarray', size: 14 },
        { path: 'c/0/0', size: 100 },
      ]);

      const ref = (await t.Recording.fetch1('raw')) as dj.ObjectRef;
      expect(ref.isDir).toBe(true);
      expect(await ref.listdir()).toEqual(['.zarray', 'c']);
      await expect(ref.read()).rejects.toThrow('Cannot read() a directory');
      expect(Buffer.concat(await (await ref.stream('c/0/0')).toArray())).toEqual(Buffer.alloc(100, 1));
      const target = path.join(local, 'scan-copy');
      await ref.download(target);
      expect(readFileSync(path.join(target, 'c', '0', '0'))).toEqual(Buffer.alloc(100, 1));
      await expect(ref.verify()).resolves.toBe(true);
      await backendStore.delete(`${objectPath}/c/0/0`);
      await expect(ref.verify()).rejects.toThrow('Missing file: c/0/0');
    });

    it('uploads a folder\'s larger files streamed and its links to files, each with its size in the manifest', async () => {
      const outside = path.join(local, 'outside');
      mkdirSync(path.join(outside, 'sub'), { recursive: true });
      writeFileSync(path.join(outside, 'linked.txt'), 'linked');
      const folder = path.join(local, 'mixed');
      mkdirSync(folder, { recursive: true });
      const large = Buffer.alloc(1024 * 1024 + 7, 3); // over the size sent whole: streamed
      writeFileSync(path.join(folder, 'large.bin'), large);
      writeFileSync(path.join(folder, 'small.txt'), 'small');
      symlinkSync(path.join(outside, 'linked.txt'), path.join(folder, 'link.txt'));
      symlinkSync(path.join(outside, 'sub'), path.join(folder, 'folder-link')); // not followed
      symlinkSync(path.join(outside, 'missing'), path.join(folder, 'dangling')); // left out
      await t.Recording.insert1({ subject: 'b', session: 2, raw: folder });
      const [reference] = await rawColumn(db.instance.connection, db.schemaName, 'recording', 'raw', 'session');
      expect(reference).toMatchObject({ size: large.length + 5 + 6, is_dir: true, item_count: 3 });
      const objectPath = reference!.path as string;
      const manifest = JSON.parse((await backendStore.get(`${objectPath}.manifest.json`)).toString()) as { files: Array<{ path: string; size: number }>; total_size: number };
      expect(manifest.total_size).toBe(large.length + 11);
      expect(manifest.files.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: 'large.bin', size: large.length },
        { path: 'link.txt', size: 6 },
        { path: 'small.txt', size: 5 },
      ]);
      expect(await backendStore.get(`${objectPath}/large.bin`)).toEqual(large);
      expect((await backendStore.get(`${objectPath}/link.txt`)).toString()).toBe('linked');
      await expect((await t.Recording.fetch1('raw') as dj.ObjectRef).verify()).resolves.toBe(true);
    });

    it('checks a folder manifest before trusting it on download', async () => {
      const folder = path.join(local, 'checked');
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'a.bin'), Buffer.alloc(10, 2));
      await t.Recording.insert1({ subject: 'c', session: 1, raw: folder });
      const ref = (await t.Recording.fetch1('raw')) as dj.ObjectRef;
      const manifestPath = `${ref.path}.manifest.json`;
      const manifest = JSON.parse((await backendStore.get(manifestPath)).toString()) as { files: Array<{ path: string; size: number }> };
      const rewrite = (files: unknown) => backendStore.put(manifestPath, Buffer.from(JSON.stringify({ ...manifest, files })));
      // The store holds more than the manifest says: one byte past the stated size is read, and refused.
      await rewrite([{ path: 'a.bin', size: 4 }]);
      await expect(ref.download(path.join(local, 'checked-short'))).rejects.toThrow('Size mismatch for a.bin: the manifest says 4 bytes, the store holds more');
      await rewrite([{ path: 'a.bin', size: 12 }]);
      await expect(ref.download(path.join(local, 'checked-long'))).rejects.toThrow('the manifest says 12 bytes, the store holds 10');
      for (const bad of [[{ path: 'a.bin', size: -1 }], [{ path: 'a.bin', size: 1.5 }], [{ path: 7, size: 1 }], 'a.bin']) {
        await rewrite(bad);
        await expect(ref.download(path.join(local, 'checked-bad'))).rejects.toThrow(dj.ObjectIntegrityError);
      }
      await backendStore.put(manifestPath, Buffer.from('{not json'));
      await expect(ref.download(path.join(local, 'checked-bad'))).rejects.toThrow('not JSON');
      await rewrite(manifest.files);
      await ref.download(path.join(local, 'checked-ok'));
      expect(readFileSync(path.join(local, 'checked-ok', 'a.bin'))).toEqual(Buffer.alloc(10, 2));
    });

    it('stores arrays as standard .npy files and fetches lazy NpyRefs', async () => {
      const array = NDArray.fromTypedArray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
      await t.Recording.insert([
        { subject: 'c', session: 1, trace: array },
        { subject: 'c', session: 2, trace: new Int16Array([7, -8]) },
      ]);
      const references = await rawColumn(db.instance.connection, db.schemaName, 'recording', 'trace', 'session');
      expect(references[0]).toEqual({
        path: expect.stringMatching(new RegExp(`^_schema/${db.schemaName}/recording/subject=c/session=1/trace_${TOKEN}\\.npy$`)),
        store: 'main',
        dtype: 'float32',
        shape: [2, 3],
      });
      expect(references[1]).toMatchObject({ dtype: 'int16', shape: [2] });
      const stored = await backendStore.get(references[0]!.path as string);
      expect(stored.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
      expect(stored.length).toBe(128 + 24);

      const refs = (await t.Recording.toArrays('trace', { orderBy: ['session'] }))[0] as dj.NpyRef[];
      expect(refs[0]).toBeInstanceOf(dj.NpyRef);
      expect(refs[0]!.isLoaded).toBe(false);
      expect(refs[0]!.shape).toEqual([2, 3]);
      expect(refs[0]!.dtype).toBe('float32');
      expect(refs[0]!.nbytes).toBe(24);
      expect(String(refs[0])).toBe('NpyRef(shape=(2, 3), dtype=float32, not loaded)');
      const loaded = await refs[0]!.load();
      expect(loaded.toNested()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(refs[0]!.isLoaded).toBe(true);
      expect((await refs[1]!.load()).toNested()).toEqual([7, -8]);
      await expect(t.Recording.insert1({ subject: 'c', session: 3, trace: [1, 2] })).rejects.toThrow('<npy> requires an NDArray or a typed array, got Array');
    });

    it('leaves no store object behind when an insert fails', async () => {
      await t.Recording.insert1({ subject: 'd', session: 1, raw: Buffer.from('first') });
      const before = await storedPaths(backendStore, '_schema');
      // A duplicate key fails the statement after both values were uploaded.
      await expect(
        t.Recording.insert([
          { subject: 'd', session: 2, raw: Buffer.from('x'), trace: new Float64Array([1]) },
          { subject: 'd', session: 1, raw: Buffer.from('y'), trace: new Float64Array([2]) },
        ]),
      ).rejects.toThrow(dj.DuplicateError);
      expect(await storedPaths(backendStore, '_schema')).toEqual(before);
      // A bad value in a later row: the earlier rows' uploads are removed too.
      await expect(
        t.Recording.insert([
          { subject: 'd', session: 3, raw: Buffer.from('z') },
          { subject: 'd', session: 4, raw: path.join(local, 'no-such-file') },
        ]),
      ).rejects.toThrow('Source path not found');
      expect(await storedPaths(backendStore, '_schema')).toEqual(before);
      // A transaction that rolls back after the insert.
      await expect(
        db.instance.connection.transaction(async () => {
          await t.Recording.insert1({ subject: 'd', session: 5, raw: Buffer.from('w') });
          throw new Error('make() failed');
        }),
      ).rejects.toThrow('make() failed');
      expect(await storedPaths(backendStore, '_schema')).toEqual(before);
      // replace keeps the last of several rows with one key; the others' uploads go.
      await t.Recording.insert(
        [
          { subject: 'd', session: 6, raw: Buffer.from('1') },
          { subject: 'd', session: 6, raw: Buffer.from('2') },
        ],
        { replace: true },
      );
      expect(await storedPaths(backendStore, '_schema')).toHaveLength(before.length + 1);
      // skipDuplicates: the skipped row's upload goes, the inserted row's stays.
      const beforeSkip = await storedPaths(backendStore, '_schema');
      await t.Recording.insert(
        [
          { subject: 'd', session: 1, raw: Buffer.from('skipped'), trace: new Float64Array([3]) },
          { subject: 'd', session: 8, raw: Buffer.from('new'), trace: null },
        ],
        { skipDuplicates: true },
      );
      const afterSkip = await storedPaths(backendStore, '_schema');
      expect(afterSkip).toHaveLength(beforeSkip.length + 1); // the new row's raw; the skipped row's raw and trace are gone
      expect(afterSkip.filter((p) => !beforeSkip.includes(p))[0]).toMatch(/\/subject=d\/session=8\/raw_/);
      expect((await (await t.Recording.restrict({ subject: 'd', session: 1 }).fetch1('raw') as dj.ObjectRef).read()).toString()).toBe('first');
      // The garbage collector agrees: every stored object is referenced.
      const report = await dj.gc(db.schema());
      expect(report.schemaPathsOrphaned).toBe(0);
      expect(report.schemaPathsReferenced).toBe(await t.Recording.count());
    });

    it('leaves folders and arrays to the garbage collector once their rows are deleted', async () => {
      const folder = path.join(local, 'gc-folder');
      mkdirSync(path.join(folder, 'sub'), { recursive: true });
      writeFileSync(path.join(folder, 'sub', 'a.bin'), 'a');
      await t.Recording.insert1({ subject: 'e', session: 1, raw: folder, trace: new Float64Array([1]) });
      expect((await dj.gc(db.schema())).schemaPathsOrphaned).toBe(0);
      await t.Recording.deleteQuick();
      const report = await dj.gc(db.schema());
      expect(report.schemaPathsOrphaned).toBe(3); // the folder's file, its manifest, the .npy
      await dj.gc(db.schema(), { dryRun: false });
      expect(await storedPaths(backendStore, '_schema')).toEqual([]);
    });

    it('references existing files with <filepath@>, refusing reserved and escaping paths', async () => {
      await backendStore.put('acquisition/s1/data.bin', Buffer.from('abc'));
      await t.Reference.insert1({ id: 1, file: 'acquisition/s1/data.bin' });
      await t.Reference.insert1({ id: 2, file: 'acquisition/s1' });
      const references = await rawColumn(db.instance.connection, db.schemaName, 'reference', 'file', 'id');
      expect(references[0]).toEqual({ path: 'acquisition/s1/data.bin', store: 'main', size: 3, is_dir: false, timestamp: expect.stringMatching(TIMESTAMP) });
      expect(references[1]).toMatchObject({ path: 'acquisition/s1', size: null, is_dir: true });
      const ref = (await t.Reference.restrict({ id: 1 }).fetch1('file')) as dj.ObjectRef;
      expect((await ref.read()).toString()).toBe('abc');

      await expect(t.Reference.insert1({ id: 3, file: '_hash/x/data.bin' })).rejects.toThrow("<filepath@> cannot use reserved section '_hash' (hash_prefix)");
      await expect(t.Reference.insert1({ id: 3, file: '_schema/x' })).rejects.toThrow("cannot use reserved section '_schema' (schema_prefix)");
      await expect(t.Reference.insert1({ id: 3, file: '../etc/passwd' })).rejects.toThrow("'.' and '..' segments are not allowed");
      await expect(t.Reference.insert1({ id: 3, file: '/etc/passwd' })).rejects.toThrow("relative to the store's root");
      await expect(t.Reference.insert1({ id: 3, file: 'acquisition/missing.bin' })).rejects.toThrow("File not found in store 'main': acquisition/missing.bin");
      expect(await t.Reference.count()).toBe(2);
    });

    it('fetches references without touching the store', async () => {
      await t.Recording.insert1({ subject: 'f', session: 1, raw: Buffer.from('lazy'), trace: new Float64Array([1, 2]) });
      const stores = db.instance.config.stores;
      db.instance.config.stores = {}; // no store at all: fetching must not need one
      try {
        const row = await t.Recording.fetch1();
        expect((row.raw as dj.ObjectRef).size).toBe(4);
        expect((row.trace as dj.NpyRef).shape).toEqual([2]);
        await expect((row.raw as dj.ObjectRef).read()).rejects.toThrow('stores.default is not configured');
        await expect((row.trace as dj.NpyRef).load()).rejects.toThrow("Storage 'main' is requested but not configured");
      } finally {
        db.instance.config.stores = stores;
      }
    });

    it('refuses stored references that point outside the store', async () => {
      const { adapter } = db.instance.connection;
      const evil = JSON.stringify({ path: '../../etc/passwd', store: null, size: 1, is_dir: false, timestamp: null });
      await db.instance.connection.query(
        `INSERT INTO ${adapter.fullTableName(db.schemaName, 'reference')} (${adapter.quoteIdentifier('id')}, ${adapter.quoteIdentifier('file')}) VALUES (?, ?)`,
        [9, evil],
      );
      await expect(t.Reference.fetch1('file')).rejects.toThrow("'.' and '..' segments are not allowed");
    });
  });
});

describe('store-only codecs', () => {
  it('refuse declarations without @', () => {
    expect(() => dj.getCodec('<object>').dtype(false)).toThrow('<object> requires @ (store only)');
    expect(() => dj.getCodec('<npy>').dtype(false)).toThrow('<npy> requires @ (store only)');
    expect(() => dj.getCodec('<filepath>').dtype(false)).toThrow('<filepath> requires @ symbol');
  });
});
