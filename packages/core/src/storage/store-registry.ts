/**
 * Store backends by name. Each Config keeps its own backends (one S3 client per store, so
 * its connections are reused); a backend is rebuilt when the store's settings change.
 */
import type { Config } from '../settings/config';
import { FileStore } from './file-store';
import { S3Store } from './s3-store';
import type { StoreBackend } from './store-backend';
import { ensureStoreMarker } from './store-marker';
import { getStoreSpec, type StoreSpec } from './store-spec';

interface OpenStore {
  readonly fingerprint: string;
  readonly backend: StoreBackend;
  marker?: Promise<unknown>;
}

const openStores = new WeakMap<Config, Map<string, OpenStore>>();

/** Options of {@link getStore}. */
export interface GetStoreOptions {
  /** Use `stores.filepath_default` when no store is named (for `<filepath@>`). */
  readonly filepathDefault?: boolean;
}

/** A backend for a validated spec. */
export function createStoreBackend(spec: StoreSpec): StoreBackend {
  return spec.protocol === 'file' ? new FileStore(spec) : new S3Store(spec);
}

function entryFor(config: Config, store: string | null | undefined, options: GetStoreOptions): OpenStore {
  const spec = getStoreSpec(config, store, options);
  const fingerprint = JSON.stringify(spec);
  let stores = openStores.get(config);
  if (!stores) {
    stores = new Map();
    openStores.set(config, stores);
  }
  const existing = stores.get(spec.name);
  if (existing && existing.fingerprint === fingerprint) return existing;
  if (existing) void existing.backend.close();
  const entry: OpenStore = { fingerprint, backend: createStoreBackend(spec) };
  stores.set(spec.name, entry);
  return entry;
}

/**
 * The backend of a store for reading.
 * @param store store name; `''`, `null` or `undefined` for the default store.
 * @throws DataJointError when the store is not configured or its settings are invalid.
 */
export function getStore(config: Config, store?: string | null, options: GetStoreOptions = {}): StoreBackend {
  return entryFor(config, store, options).backend;
}

/**
 * The backend of a store for writing: as {@link getStore}, and the store's
 * `datajoint_store.json` marker is checked (or created) once first.
 */
export async function getWritableStore(config: Config, store?: string | null, options: GetStoreOptions = {}): Promise<StoreBackend> {
  const entry = entryFor(config, store, options);
  entry.marker ??= ensureStoreMarker(entry.backend).catch((error: unknown) => {
    entry.marker = undefined; // retry on the next write
    throw error;
  });
  await entry.marker;
  return entry.backend;
}

/** Closes the backends a Config opened (their S3 clients). */
export async function closeStores(config: Config): Promise<void> {
  const stores = openStores.get(config);
  if (!stores) return;
  openStores.delete(config);
  await Promise.all([...stores.values()].map((entry) => entry.backend.close()));
}
