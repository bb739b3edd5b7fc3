/**
 * Garbage collection of store objects (datajoint-python's test_gc.py): orphans left by
 * deleted rows, failed inserts and rolled-back make() calls are reported by a dry run and
 * removed by a real one; shared content-addressed objects and schema-addressed objects
 * (of any codec declaring `addressing = 'schema'`) still referenced are kept.
 */
import * as dj from 'datajoint';
import { getStore, getWritableStore, joinStorePath } from '@dj/core/internal';
import { registerCodec, unregisterCodec, type CodecContext, type StoreAddressing } from '@dj/core';
import { describeBackends, STORE_KINDS, useTestInstance, useTestStore } from '@dj/testing';

/**
 * A schema-addressed codec like `<object@>`: writes `{schema_prefix}/{schema}/{table}/{pk}/
 * {field}_{n}.bin` (and, for arrays of parts, a folder with a manifest beside it).
 */
class PartsCodec extends dj.Codec<string[], { path: string; store: string | null; size: number }> {
  readonly name = 'gc_test_parts';
  private counter = 0;
  dtype(): string {
    return 'json';
  }
  override get addressing(): StoreAddressing {
    return 'schema';
  }
  async encode(parts: string[], context: CodecContext) {
    const store = await getWritableStore(context.config, context.store);
    const keyPath = Object.entries(context.key ?? {}).map(([k, v]) => `${k}=${String(v)}`);
    this.counter += 1;
    const path = joinStorePath(store.spec.schemaPrefix, context.schema!, context.table!, ...keyPath, `${context.field!}_${this.counter}`);
    if (parts.length === 1) {
      await store.put(path, Buffer.from(parts[0]!));
    } else {
      for (const [i, part] of parts.entries()) await store.put(`${path}/part${i}`, Buffer.from(part));
      await store.put(`${path}.manifest.json`, Buffer.from(JSON.stringify({ item_count: parts.length })));
    }
    return { path, store: context.store || null, size: parts.join('').length };
  }
  async decode(stored: { path: string; store: string | null }, context: CodecContext): Promise<string[]> {
    const store = getStore(context.config, stored.store);
    if (await store.head(stored.path)) return [(await store.get(stored.path)).toString()];
    const parts: string[] = [];
    for await (const object of store.list(stored.path)) parts.push((await store.get(object.path)).toString());
    return parts;
  }
}
const partsCodec = new PartsCodec();

function define(schema: dj.Schema) {
  @schema.table
  class Item extends dj.Manual {
    static definition = `
    id : int32
    ---
    data = null : <blob@>
    raw = null : <hash@>
    doc = null : <attach@>
    parts = null : <gc_test_parts@>
    `;
  }

  @schema.table
  class Result extends dj.Computed {
    static definition = `
    -> Item
    ---
    out : <blob@>
    `;
    async make(key: dj.Row): Promise<void> {
      await this.insert1({ ...key, out: [key.id, 'computed'] });
      throw new Error('make fails after its insert');
    }
  }
  return { Item, Result };
}

describeBackends('garbage collection on $name', (backend) => {
  beforeAll(() => registerCodec(partsCodec));
  afterAll(() => unregisterCodec(partsCodec.name));

  describe.each(STORE_KINDS)('in a %s store', (kind) => {
    const store = useTestStore(kind);
    const other = useTestStore(kind, { name: 'other' });
    const db = useTestInstance(backend, { label: 'gc', isolation: 'test' });
    let t: ReturnType<typeof define>;

    beforeEach(async () => {
      db.instance.config.stores = { ...store.stores, other: other.settings };
      // Each test starts from empty stores (PGlite tests reuse one schema name).
      for (const name of ['main', 'other']) {
        for (const section of ['_hash', '_schema']) await getStore(db.instance.config, name).deleteFolder(section);
      }
      t = define(db.schema());
      await db.schema().ready();
    });

    it('reports orphans in a dry run and deletes only them, keeping shared content', async () => {
      const shared = [1, 2, 3];
      await t.Item.insert([
        { id: 1, data: shared, raw: Buffer.from('only one'), parts: ['a'] },
        { id: 2, data: shared, raw: null, parts: ['b', 'c'] },
        { id: 3, data: 'three', raw: Buffer.from('third'), parts: null },
      ]);
      const clean = await dj.gc(db.schema());
      expect(clean).toMatchObject({
        hashPathsReferenced: 4, hashPathsStored: 4, hashPathsOrphaned: 0,
        schemaPathsReferenced: 2, schemaPathsStored: 4, schemaPathsOrphaned: 0, deleted: 0, dryRun: true, scanErrors: [],
      });

      await t.Item.restrict({ id: 1 }).deleteQuick();
      await t.Item.restrict({ id: 2 }).deleteQuick();
      const dry = await dj.gc(db.schema());
      // `shared` is still used by nothing now; 'only one' and the parts of rows 1 and 2 are orphans.
      expect(dry).toMatchObject({ hashPathsOrphaned: 2, schemaPathsOrphaned: 4, deleted: 0, bytesFreed: 0, dryRun: true });
      expect(dry.hashPathsOrphanedBytes).toBeGreaterThan('only one'.length);
      expect(dry.schemaPathsOrphanedBytes).toBe(1 + 1 + 1 + JSON.stringify({ item_count: 2 }).length);
      expect(dry.orphanedSchemaPaths.some((p) => p.endsWith('.manifest.json'))).toBe(true);
      expect(await t.Item.toDicts()).toHaveLength(1);
      const backendStore = getStore(db.instance.config);
      for (const path of dry.orphanedHashPaths) expect(await backendStore.exists(path)).toBe(true);

      const done = await dj.gc(db.schema(), { dryRun: false });
      expect(done).toMatchObject({ hashPathsDeleted: 2, schemaPathsDeleted: 4, deleted: 6, errors: 0, dryRun: false });
      expect(done.bytesFreed).toBe(dry.hashPathsOrphanedBytes + dry.schemaPathsOrphanedBytes);
      expect(await t.Item.restrict({ id: 3 }).fetch1('data')).toBe('three');
      expect(await t.Item.restrict({ id: 3 }).fetch1('raw')).toEqual(Buffer.from('third'));
      expect(await dj.gc(db.schema())).toMatchObject({ hashPathsOrphaned: 0, schemaPathsOrphaned: 0, hashPathsStored: 2 });
    });

    it('keeps a shared object while any row refers to it', async () => {
      await t.Item.insert([{ id: 1, data: 'same' }, { id: 2, data: 'same' }]);
      await t.Item.restrict({ id: 1 }).deleteQuick();
      expect(await dj.gc(db.schema(), { dryRun: false })).toMatchObject({ hashPathsReferenced: 1, hashPathsOrphaned: 0, deleted: 0 });
      expect(await t.Item.restrict({ id: 2 }).fetch1('data')).toBe('same');
    });

    it('finds what a failed insert uploaded, with no row referring to it', async () => {
      await t.Item.insert1({ id: 1, data: 'first' });
      await expect(t.Item.insert([{ id: 2, data: 'uploaded then refused' }, { id: 1, data: 'duplicate' }])).rejects.toThrow(dj.DuplicateError);
      expect(await t.Item.toDicts({ orderBy: 'id' })).toHaveLength(1);
      const report = await dj.gc(db.schema());
      expect(report).toMatchObject({ hashPathsReferenced: 1, hashPathsOrphaned: 2 });
      await dj.gc(db.schema(), { dryRun: false });
      expect(await t.Item.fetch1('data')).toBe('first');
    });

    it('finds what a rolled-back make() uploaded', async () => {
      await t.Item.insert1({ id: 7 });
      const { errorList } = await t.Result.populate({ suppressErrors: true });
      expect(errorList).toHaveLength(1);
      expect(await t.Result.toDicts()).toEqual([]);
      expect(await dj.gc(db.schema())).toMatchObject({ hashPathsReferenced: 0, hashPathsOrphaned: 1 });
      expect(await dj.gc(db.schema(), { dryRun: false })).toMatchObject({ hashPathsDeleted: 1 });
    });

    it('collects one store at a time and never touches other schemas or stores', async () => {
      const item = await db.schema().getTable('item');
      await item.insert1({ id: 1, data: 'default store' });
      const otherStore = await getWritableStore(db.instance.config, 'other');
      const foreign = joinStorePath('_hash', db.schemaName, 'aaaaaaaaaaaaaaaaaaaaaaaaaa');
      await otherStore.put(foreign, Buffer.from('x'));
      const unrelated = joinStorePath('_hash', `${db.schemaName}_x`, 'aaaaaaaaaaaaaaaaaaaaaaaaaa');
      const main = getStore(db.instance.config);
      await main.put(unrelated, Buffer.from('y'));
      await t.Item.deleteQuick();
      expect(await dj.gc(db.schema(), { store: 'other', dryRun: false })).toMatchObject({ hashPathsDeleted: 1 });
      expect(await otherStore.exists(foreign)).toBe(false);
      const report = await new dj.GarbageCollector(db.schema()).collect({ dryRun: false });
      expect(report.hashPathsDeleted).toBe(1);
      expect(await main.exists(unrelated)).toBe(true);
      expect(() => new dj.GarbageCollector([])).toThrow('At least one schema must be provided');
      expect(() => new dj.GarbageCollector(db.schema(), { store: 'nowhere' })).toThrow(/Storage 'nowhere' is requested but not configured/);
    });

    it('refuses to delete when it cannot tell what a column refers to', async () => {
      await t.Item.insert1({ id: 1, parts: ['kept'] });
      await t.Item.deleteQuick();
      unregisterCodec(partsCodec.name);
      try {
        const report = await dj.gc(db.schema());
        expect(report.scanErrors.join('\n')).toMatch(/item.*parts.*gc_test_parts/);
        await expect(dj.gc(db.schema(), { dryRun: false })).rejects.toThrow(/Refusing to delete: 1 scan error/);
      } finally {
        registerCodec(partsCodec);
      }
      expect(await dj.gc(db.schema(), { dryRun: false })).toMatchObject({ schemaPathsDeleted: 1 });
    });
  });
});
