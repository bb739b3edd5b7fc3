import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Config, DataJointError } from '@dj/core';
import { getStore, getStoreSpec, parseStoreSpec, resolveStoreName, S3Store, s3EndpointUrl, FileStore, type S3StoreSpec } from '@dj/core/internal';

function tempProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-stores-'));
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

const withStores = (stores: Record<string, unknown>) => new Config({ stores });

describe('store specs', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-store-root-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('applies datajoint-python defaults to a file store', () => {
    const config = withStores({ default: 'main', main: { protocol: 'file', location: folder } });
    expect(getStoreSpec(config)).toEqual({
      name: 'main',
      protocol: 'file',
      location: folder,
      subfolding: null,
      partitionPattern: null,
      tokenLength: 8,
      hashPrefix: '_hash',
      schemaPrefix: '_schema',
      filepathPrefix: null,
      stage: null,
    });
    expect(getStoreSpec(config, '')).toEqual(getStoreSpec(config, 'main'));
  });

  it('reads every s3 key, with secure on by default', () => {
    const config = withStores({
      cold: {
        protocol: 'S3', endpoint: 'minio:9000', bucket: 'b', location: 'lab/data', access_key: 'ak', secret_key: 'sk',
        subfolding: [2, 2], partition_pattern: '{subject_id}', token_length: 12, hash_prefix: 'h', schema_prefix: 's', filepath_prefix: 'raw',
      },
    });
    const spec = getStoreSpec(config, 'cold') as S3StoreSpec;
    expect(spec).toMatchObject({
      protocol: 's3', endpoint: 'minio:9000', bucket: 'b', location: 'lab/data', accessKey: 'ak', secretKey: 'sk', secure: true,
      subfolding: [2, 2], partitionPattern: '{subject_id}', tokenLength: 12, hashPrefix: 'h', schemaPrefix: 's', filepathPrefix: 'raw',
    });
    expect(s3EndpointUrl(spec)).toBe('https://minio:9000');
    expect(s3EndpointUrl({ ...spec, secure: false })).toBe('http://minio:9000');
    expect(s3EndpointUrl({ ...spec, endpoint: 'http://x:1' })).toBe('http://x:1');
    const backend = getStore(config, 'cold');
    expect(backend).toBeInstanceOf(S3Store);
    expect(backend.url('_hash/s/abc')).toBe('s3://b/lab/data/_hash/s/abc');
  });

  it('names the default stores and refuses missing ones as datajoint-python does', () => {
    expect(() => getStoreSpec(withStores({}))).toThrow(new DataJointError('stores.default is not configured'));
    expect(() => resolveStoreName(withStores({}), null, { filepathDefault: true })).toThrow(/stores.filepath_default is not configured/);
    expect(() => getStoreSpec(withStores({ default: 7 }))).toThrow('stores.default must be a string');
    expect(() => getStoreSpec(withStores({ default: 'x' }))).toThrow("Storage 'x' is requested but not configured in stores");
    expect(() => getStoreSpec(withStores({ default: 'main' }), 'default')).toThrow("Storage 'default' is requested but not configured in stores");
    expect(() => getStoreSpec(withStores({ toString: 1 }), 'constructor')).toThrow(/not configured/);
    const both = withStores({ default: 'a', filepath_default: 'b', a: { protocol: 'file', location: folder }, b: { protocol: 'file', location: folder } });
    expect(getStoreSpec(both).name).toBe('a');
    expect(getStoreSpec(both, null, { filepathDefault: true }).name).toBe('b');
  });

  it('refuses invalid settings with the store and key named', () => {
    const bad = (settings: Record<string, unknown>) => () => parseStoreSpec('main', settings);
    expect(bad({ protocol: 'ftp', location: 'x' })).toThrow('Unknown protocol "ftp" in config.stores["main"]');
    expect(bad({ protocol: 'gcs', bucket: 'b', location: 'x' })).toThrow(/supports "gcs"; this implementation supports file and s3/);
    expect(bad({ protocol: 'file' })).toThrow('config.stores["main"] is missing: location');
    expect(bad({ protocol: 's3', location: '' })).toThrow('config.stores["main"] is missing: endpoint, bucket');
    expect(bad({ protocol: 'file', location: 'x', bucket: 'b' })).toThrow('Invalid key(s) in config.stores["main"]: bucket');
    expect(bad({ protocol: 'file', location: 'x', subfolding: [2, 'a'] })).toThrow(/subfolding must be a list of positive integers/);
    expect(bad({ protocol: 'file', location: 'x', token_length: 0 })).toThrow(/token_length must be a positive integer/);
    expect(bad({ protocol: 'file', location: 3 })).toThrow(/config.stores\["main"\].location must be a string/);
    expect(bad({ protocol: 'file', location: 'x', hash_prefix: 'data', schema_prefix: 'data/schema' })).toThrow(
      'config.stores["main"]: hash_prefix="data" and schema_prefix="data/schema" overlap. Storage section prefixes must be mutually exclusive.',
    );
    expect(bad({ protocol: 's3', endpoint: 'e', bucket: 'b', location: '', access_key: 'a' })).toThrow(/Incomplete S3 credentials/);
    expect(bad({ protocol: 's3', endpoint: 'e', bucket: 'b', location: '', secure: 'maybe' })).toThrow(/secure must be true or false/);
    expect(parseStoreSpec('main', { protocol: 's3', endpoint: 'e', bucket: 'b', location: '', secure: 'false' })).toMatchObject({ secure: false });
    expect(parseStoreSpec('main', { protocol: 'file', location: 'x', schema_prefix: '' })).toMatchObject({ schemaPrefix: '' });
  });

  it('requires the folder of a file store to exist', () => {
    const config = withStores({ default: 'gone', gone: { protocol: 'file', location: path.join(folder, 'missing') } });
    expect(() => getStore(config)).toThrow(/Inaccessible local directory .*missing/);
    expect(getStore(withStores({ default: 'here', here: { protocol: 'file', location: folder } }))).toBeInstanceOf(FileStore);
  });

  it('takes S3 credentials from the secrets folder and whole stores from DJ_STORES', () => {
    const root = tempProject();
    fs.writeFileSync(path.join(root, 'datajoint.json'), JSON.stringify({ stores: { default: 'main', main: { protocol: 's3', endpoint: 'e:9000', bucket: 'b', location: 'l' } } }));
    fs.mkdirSync(path.join(root, '.secrets'));
    fs.writeFileSync(path.join(root, '.secrets', 'stores.main.access_key'), 'AK\n');
    fs.writeFileSync(path.join(root, '.secrets', 'stores.main.secret_key'), ' SK ');
    const config = Config.create({ env: {}, cwd: root, systemSecretsDir: '/nonexistent' });
    expect(getStoreSpec(config)).toMatchObject({ accessKey: 'AK', secretKey: 'SK' });

    const fromEnv = Config.create({
      env: { DJ_STORES: JSON.stringify({ default: 'env', env: { protocol: 'file', location: folder } }) },
      cwd: root,
      systemSecretsDir: '/nonexistent',
    });
    expect(getStoreSpec(fromEnv)).toMatchObject({ name: 'env', protocol: 'file' });
  });

  it('rebuilds a backend when its settings change', () => {
    const config = withStores({ default: 'main', main: { protocol: 'file', location: folder } });
    const first = getStore(config);
    expect(getStore(config)).toBe(first);
    config.stores = { default: 'main', main: { protocol: 'file', location: folder, subfolding: [1] } };
    const second = getStore(config);
    expect(second).not.toBe(first);
    expect(second.spec.subfolding).toEqual([1]);
  });
});
