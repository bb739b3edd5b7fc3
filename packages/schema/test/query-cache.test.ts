/**
 * The query cache (datajoint-python `conn.set_query_cache` / `purge_query_cache` and the
 * `query_cache` setting): while a key is set only SELECTs run, and their results come
 * from files in the `query_cache` folder once cached; another key, or a purge, starts over.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Sample extends dj.Manual {
    static definition = `
    sample_id : int32
    ---
    big : int64
    taken : datetime
    data = null : <blob>
    `;
  }
  return { Sample };
}

describeBackends('query cache on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'qcache' });
  let t: ReturnType<typeof define>;
  let folder: string;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-qcache-'));
    db.instance.config.query_cache = path.join(folder, 'cache');
    await t.Sample.deleteQuick();
    await t.Sample.insert1({ sample_id: 1, big: 2n ** 62n, taken: new Date('2024-05-01T10:00:00Z'), data: { m: [1, 2, 3] } });
  });

  afterEach(() => {
    db.instance.connection.setQueryCache(null);
    db.instance.config.query_cache = null;
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers repeated queries from the cache, values intact, until the key changes or the cache is purged', async () => {
    const connection = db.instance.connection;
    connection.setQueryCache('run-1');
    const first = await t.Sample.toDicts();
    expect(first).toEqual([{ sample_id: 1, big: 2n ** 62n, taken: new Date('2024-05-01T10:00:00Z'), data: { m: [1, 2, 3] } }]);
    expect(fs.readdirSync(path.join(folder, 'cache')).length).toBeGreaterThan(0);

    connection.setQueryCache(null);
    await t.Sample.insert1({ sample_id: 2, big: 5, taken: new Date('2024-05-02T10:00:00Z') });

    connection.setQueryCache('run-1');
    expect(await t.Sample.toDicts()).toEqual(first); // from the cache: the new row is not seen
    const streamed: dj.Row[] = [];
    for await (const row of t.Sample) streamed.push(row);
    expect(streamed).toHaveLength(1);

    connection.setQueryCache('run-2');
    expect(await t.Sample.count()).toBe(2);

    await connection.purgeQueryCache();
    expect(fs.readdirSync(path.join(folder, 'cache'))).toEqual([]);
    connection.setQueryCache('run-1');
    expect(await t.Sample.count()).toBe(2);
  });

  it('refuses anything but SELECT while caching, writing nothing', async () => {
    db.instance.connection.setQueryCache('k');
    await expect(t.Sample.insert1({ sample_id: 3, big: 1, taken: new Date() })).rejects.toThrow('Only SELECT queries are allowed when query caching is on.');
    await expect(t.Sample.restrict({ sample_id: 1 }).deleteQuick()).rejects.toThrow(dj.DataJointError);
    db.instance.connection.setQueryCache(null);
    expect(await t.Sample.count()).toBe(1);
  });

  it('needs the query_cache folder, and a string key', async () => {
    db.instance.config.query_cache = null;
    db.instance.connection.setQueryCache('k');
    await expect(t.Sample.count()).rejects.toThrow(/Provide a folder in the query_cache setting/);
    expect(() => db.instance.connection.setQueryCache('')).toThrow(dj.DataJointError);
  });

  it('purges only the files it wrote', async () => {
    fs.mkdirSync(path.join(folder, 'cache'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'cache', 'notes.txt'), 'keep');
    db.instance.connection.setQueryCache('k');
    await t.Sample.count();
    await db.instance.connection.purgeQueryCache();
    expect(fs.readdirSync(path.join(folder, 'cache'))).toEqual(['notes.txt']);
  });
});
