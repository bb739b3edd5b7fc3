import { Config, DataJointError, MissingExternalFile, BucketInaccessible } from '@dj/core';
import { getStoreSpec, S3Store, type S3StoreSpec, getStore, getWritableStore, closeStores, STORE_MARKER_FILENAME, type StoreBackend } from '@dj/core/internal';
import { STORE_KINDS, useTestStore } from '@dj/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

async function collect(iterable: AsyncIterable<{ path: string; size: number }>): Promise<Array<[string, number]>> {
  const out: Array<[string, number]> = [];
  for await (const item of iterable) out.push([item.path, item.size]);
  return out.sort(([a], [b]) => a.localeCompare(b));
}

describe.each(STORE_KINDS)('%s store backend', (kind) => {
  const store = useTestStore(kind);
  let config: Config;
  let backend: StoreBackend;

  beforeAll(() => {
    config = new Config({ stores: store.stores });
    backend = getStore(config);
  });
  afterAll(async () => closeStores(config));

  it('writes, reads, heads and deletes an object', async () => {
    const data = Buffer.from('hello store');
    await backend.put('a/b/c.bin', data);
    expect(await backend.get('a/b/c.bin')).toEqual(data);
    expect(await backend.head('a/b/c.bin')).toMatchObject({ path: 'a/b/c.bin', size: data.length });
    expect(await backend.exists('a/b/c.bin')).toBe(true);
    expect(await backend.exists('a/b')).toBe(true);
    expect(await backend.exists('a/x')).toBe(false);
    expect(await backend.delete('a/b/c.bin')).toBe(true);
    expect(await backend.delete('a/b/c.bin')).toBe(false);
    expect(await backend.head('a/b/c.bin')).toBeNull();
  });

  it('reads byte ranges and streams', async () => {
    const data = Buffer.from('0123456789');
    await backend.put('range.bin', data);
    expect((await backend.get('range.bin', { start: 2, end: 5 })).toString()).toBe('234');
    expect((await backend.get('range.bin', { start: 7 })).toString()).toBe('789');
    expect((await backend.get('range.bin', { start: 20 })).length).toBe(0);
    const chunks: Buffer[] = [];
    for await (const chunk of await backend.stream('range.bin', { start: 1, end: 3 })) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('12');
  });

  it('uploads large streams in parts and replaces objects whole', async () => {
    const part = Buffer.alloc(1024 * 1024, 7);
    async function* chunks() {
      for (let i = 0; i < 20; i++) yield part;
    }
    await backend.put('big/obj', chunks());
    expect((await backend.head('big/obj'))?.size).toBe(20 * part.length);
    const big = Buffer.alloc(18 * 1024 * 1024, 3);
    await backend.put('big/obj', big);
    const back = await backend.get('big/obj');
    expect(back.length).toBe(big.length);
    expect(back.equals(big)).toBe(true);
    await backend.put('big/stream', Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
    expect((await backend.get('big/stream')).toString()).toBe('abcd');
  });

  it('copies files in and out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dj-files-'));
    try {
      writeFileSync(path.join(dir, 'in.txt'), 'file contents');
      await backend.putFile('files/in.txt', path.join(dir, 'in.txt'));
      await backend.getFile('files/in.txt', path.join(dir, 'sub', 'out.txt'));
      expect(readFileSync(path.join(dir, 'sub', 'out.txt'), 'utf8')).toBe('file contents');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists recursively with sizes and deletes folders', async () => {
    await backend.put('tree/x/1', Buffer.from('1'));
    await backend.put('tree/x/2', Buffer.from('22'));
    await backend.put('tree/y', Buffer.from('333'));
    await backend.put('treetop', Buffer.from('4444'));
    expect(await collect(backend.list('tree'))).toEqual([['tree/x/1', 1], ['tree/x/2', 2], ['tree/y', 3]]);
    expect(await collect(backend.list('tree/x/'))).toEqual([['tree/x/1', 1], ['tree/x/2', 2]]);
    expect(await collect(backend.list('nothing'))).toEqual([]);
    expect(await backend.deleteFolder('tree')).toBe(3);
    expect(await collect(backend.list('tree'))).toEqual([]);
    expect(await backend.exists('treetop')).toBe(true);
    await expect(backend.deleteFolder('')).rejects.toThrow(DataJointError);
  });

  it('lists and deletes across pages of keys', async () => {
    // Pages of 2 keys on S3 (the default page is 1,000): 5 keys take 3 pages and 2 continuations.
    const paged = kind === 's3' ? new S3Store(getStoreSpec(config) as S3StoreSpec, { listPageSize: 2 }) : backend;
    try {
      const names = ['pages/a', 'pages/b', 'pages/c/d', 'pages/c/e', 'pages/f'];
      for (const name of names) await backend.put(name, Buffer.from(name));
      expect(await collect(paged.list('pages'))).toEqual(names.map((name) => [name, name.length]));
      expect(await paged.deleteFolder('pages')).toBe(5);
      expect(await collect(backend.list('pages'))).toEqual([]);
    } finally {
      if (paged !== backend) await paged.close();
    }
  });

  it('reports a missing object as MissingExternalFile', async () => {
    await expect(backend.get('no/such/object')).rejects.toThrow(MissingExternalFile);
    await expect(backend.stream('no/such/object')).rejects.toThrow(MissingExternalFile);
  });

  it('refuses paths that leave the store', async () => {
    for (const bad of ['../escape', 'a/../../b', '/abs', 'a//b', 'a\\b', 'nul\0byte', '', './x']) {
      await expect(backend.put(bad, Buffer.from('x'))).rejects.toThrow(DataJointError);
      await expect(backend.get(bad)).rejects.toThrow(DataJointError);
    }
  });

  it('writes the datajoint_store.json marker at the store root once', async () => {
    const writable = await getWritableStore(config);
    const marker = JSON.parse((await writable.get(STORE_MARKER_FILENAME)).toString()) as Record<string, unknown>;
    expect(marker).toMatchObject({ project_name: null, format_version: '1.0' });
    expect(typeof marker.created).toBe('string');
    const again = await getWritableStore(config);
    expect(again).toBe(writable);
    if (kind === 'file') {
      expect(readFileSync(path.join(store.location, STORE_MARKER_FILENAME), 'utf8')).toContain('"format_version": "1.0"');
    }
  });

  it('gives the URL of a path', () => {
    const url = backend.url('p/q.bin');
    if (kind === 'file') expect(url).toBe(`file://${path.join(store.location, 'p', 'q.bin')}`);
    else expect(url).toBe(`s3://${store.location}/dj/p/q.bin`);
  });
});

describe('S3 store errors', () => {
  const store = useTestStore('s3');

  it('reports a missing bucket as BucketInaccessible', async () => {
    const config = new Config({ stores: { default: 'gone', gone: { ...store.settings, bucket: 'no-such-bucket-dj' } } });
    await expect(getStore(config).get('x')).rejects.toThrow(BucketInaccessible);
    await expect(getStore(config).put('x', Buffer.from('x'))).rejects.toThrow(BucketInaccessible);
    await closeStores(config);
  });

  it('reports an unreachable endpoint as BucketInaccessible', async () => {
    const config = new Config({ stores: { default: 'off', off: { ...store.settings, endpoint: 'http://127.0.0.1:9' } } });
    await expect(getStore(config).get('x')).rejects.toThrow(BucketInaccessible);
    await closeStores(config);
  });
});
