/**
 * Jest fixtures for object stores: a fresh store per suite, in a temporary folder
 * (`file`) or in a new bucket of the run's S3 test server (`s3`), removed afterwards.
 *
 * ```ts
 * describeBackends('blobs on $name', (backend) => {
 *   describe.each(STORE_KINDS)('in a %s store', (kind) => {
 *     const store = useTestStore(kind);
 *     const db = useTestInstance(backend);
 *     beforeAll(() => { db.instance.config.stores = store.stores; });
 *   });
 * });
 * ```
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { closeStores, getStore } from '@dj/core/internal';
import { Config } from '@dj/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportS3Server, s3ServerFromEnvironment, startS3Server, type RunningS3Server, type S3ServerInfo } from './s3-server';

/** The kinds of store every storage feature is tested on. */
export type StoreKind = 'file' | 's3';
/** Every kind of store, for `describe.each(STORE_KINDS)`. */
export const STORE_KINDS: readonly StoreKind[] = ['file', 's3'];

/** What {@link useTestStore} provides once its `beforeAll` has run. */
export interface TestStoreContext {
  readonly kind: StoreKind;
  /** Name of the store in the `stores` setting. */
  readonly name: string;
  /** The store's settings (`stores.<name>`). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** A whole `stores` setting: this store, also as `default` and `filepath_default`. */
  readonly stores: Readonly<Record<string, unknown>>;
  /** The folder of a `file` store, or the bucket of an `s3` store. */
  readonly location: string;
  /** The S3 server of an `s3` store. */
  readonly server: S3ServerInfo | null;
}

/** Options of {@link useTestStore}. */
export interface TestStoreOptions {
  /** Store name (default `'main'`). */
  readonly name?: string;
  /** Extra store settings (`subfolding`, `hash_prefix`, …). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

let ownServer: Promise<RunningS3Server> | null = null;

/** The run's S3 test server; started in this process when the global setup did not. */
export async function testS3Server(): Promise<S3ServerInfo> {
  const shared = s3ServerFromEnvironment();
  if (shared) return shared;
  ownServer ??= startS3Server();
  const server = await ownServer;
  exportS3Server(server);
  return server;
}

/** A client of the test server (the SDK is loaded by the first S3 store a suite asks for). */
async function s3Client(server: S3ServerInfo): Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }> {
  const sdk = await import('@aws-sdk/client-s3');
  const client = new sdk.S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
  });
  return { sdk, client };
}

let bucketCounter = 0;

/** A fresh store for the enclosing `describe` block; see the module comment. */
export function useTestStore(kind: StoreKind, options: TestStoreOptions = {}): TestStoreContext {
  const name = options.name ?? 'main';
  const state: { context: TestStoreContext | null; cleanup: (() => Promise<void>) | null } = { context: null, cleanup: null };

  beforeAll(async () => {
    let settings: Record<string, unknown>;
    let location: string;
    let server: S3ServerInfo | null = null;
    if (kind === 'file') {
      location = mkdtempSync(path.join(tmpdir(), 'dj-store-'));
      settings = { protocol: 'file', location, ...options.settings };
      state.cleanup = async () => rmSync(location, { recursive: true, force: true });
    } else {
      server = await testS3Server();
      bucketCounter += 1;
      location = `dj-test-${process.pid}-${Date.now().toString(36)}-${bucketCounter}`;
      const { sdk, client } = await s3Client(server);
      await client.send(new sdk.CreateBucketCommand({ Bucket: location }));
      settings = {
        protocol: 's3',
        endpoint: server.endpoint,
        bucket: location,
        location: 'dj',
        access_key: server.accessKey,
        secret_key: server.secretKey,
        secure: false,
        ...options.settings,
      };
      state.cleanup = async () => {
        // Empty the bucket through a store rooted at the bucket itself, then remove it.
        const config = new Config({ stores: { all: { ...settings, location: '' } } });
        const store = getStore(config, 'all');
        const objects: string[] = [];
        for await (const object of store.list('')) objects.push(object.path);
        await Promise.all(objects.map((object) => store.delete(object)));
        await closeStores(config);
        await client.send(new sdk.DeleteBucketCommand({ Bucket: location }));
        client.destroy();
      };
    }
    state.context = {
      kind,
      name,
      settings,
      stores: { default: name, filepath_default: name, [name]: settings },
      location,
      server,
    };
  });

  afterAll(async () => {
    await state.cleanup?.();
  });

  const context = (): TestStoreContext => {
    if (!state.context) throw new Error('useTestStore: the store exists once beforeAll has run');
    return state.context;
  };
  return {
    get kind() { return kind; },
    get name() { return name; },
    get settings() { return context().settings; },
    get stores() { return context().stores; },
    get location() { return context().location; },
    get server() { return context().server; },
  };
}
