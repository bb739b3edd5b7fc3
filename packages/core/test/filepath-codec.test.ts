/**
 * `<filepath@>` rules without a database: the default is `stores.filepath_default`, the
 * reserved sections follow each store's prefixes, and `filepath_prefix` confines paths.
 */
import { Config, getCodec, type CodecContext } from '@dj/core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

describe('<filepath@>', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dj-filepath-'));
    mkdirSync(path.join(root, 'raw', 'm1'), { recursive: true });
    mkdirSync(path.join(root, 'blobs'), { recursive: true });
    writeFileSync(path.join(root, 'raw', 'm1', 'a.bin'), 'abcd');
    writeFileSync(path.join(root, 'other.bin'), 'x');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const codec = getCodec('<filepath>');
  const context = (stores: Record<string, unknown>, store: string | null = ''): CodecContext => ({ config: new Config({ stores }), store });

  it('uses stores.filepath_default for <filepath@> and records the store it resolved', async () => {
    const stores = { default: 'lab', filepath_default: 'acq', lab: { protocol: 'file', location: root }, acq: { protocol: 'file', location: path.join(root, 'raw') } };
    const stored = (await codec.encode('m1/a.bin', context(stores))) as Record<string, unknown>;
    expect(stored).toMatchObject({ path: 'm1/a.bin', store: 'acq', size: 4, is_dir: false });
    await expect(Promise.resolve().then(() => codec.encode('m1/a.bin', context({ default: 'lab', lab: stores.lab })))).rejects.toThrow(
      'stores.filepath_default is not configured. Set stores.filepath_default or specify store explicitly with <filepath@store>',
    );
  });

  it('refuses the sections a store reserves, by its own prefixes, and keeps paths inside filepath_prefix', async () => {
    const stores = { p: { protocol: 'file', location: root, hash_prefix: 'blobs', schema_prefix: 'objects', filepath_prefix: 'raw' } };
    await expect(codec.encode('blobs/x', context(stores, 'p'))).rejects.toThrow("<filepath@> cannot use reserved section 'blobs' (hash_prefix)");
    await expect(codec.encode('objects/x', context(stores, 'p'))).rejects.toThrow("<filepath@> cannot use reserved section 'objects' (schema_prefix)");
    await expect(codec.encode('other.bin', context(stores, 'p'))).rejects.toThrow("<filepath@> must use prefix 'raw' (filepath_prefix). Got path: other.bin");
    await expect(codec.encode('_hash/x', context(stores, 'p'))).rejects.toThrow("must use prefix 'raw'");
    await expect(codec.encode('raw/m1/a.bin', context(stores, 'p'))).resolves.toMatchObject({ path: 'raw/m1/a.bin', store: 'p', size: 4 });
    await expect(codec.encode('raw/m1', context(stores, 'p'))).resolves.toMatchObject({ size: null, is_dir: true });
  });
});
