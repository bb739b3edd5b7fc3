/**
 * The `datajoint_store.json` marker at a store's root, as datajoint-python writes it: it
 * says the folder or bucket prefix is a DataJoint store and which format its layout uses.
 */
import { DataJointError, MissingExternalFile } from '../errors';
import { VERSION } from '../version';
import type { StoreBackend } from './store-backend';

/** File name of the marker, at the store's root. */
export const STORE_MARKER_FILENAME = 'datajoint_store.json';

/** Layout version this implementation writes and reads. */
export const STORE_FORMAT_VERSION = '1.0';

/** Contents of the marker. */
export interface StoreMarker {
  readonly project_name: string | null;
  readonly created: string;
  readonly format_version: string;
  readonly datajoint_version: string;
  readonly [key: string]: unknown;
}

/**
 * Reads the store's marker, creating it when the store has none.
 * @throws DataJointError when the marker is not a DataJoint marker or names a newer layout.
 */
export async function ensureStoreMarker(store: StoreBackend): Promise<StoreMarker> {
  let text: string | null = null;
  try {
    text = (await store.get(STORE_MARKER_FILENAME)).toString('utf8');
  } catch (error) {
    if (!(error instanceof MissingExternalFile)) throw error;
  }
  if (text === null) {
    const marker: StoreMarker = {
      project_name: null,
      created: new Date().toISOString(),
      format_version: STORE_FORMAT_VERSION,
      datajoint_version: VERSION,
    };
    await store.put(STORE_MARKER_FILENAME, Buffer.from(JSON.stringify(marker, null, 2), 'utf8'));
    return marker;
  }
  let marker: unknown;
  try {
    marker = JSON.parse(text);
  } catch (error) {
    throw new DataJointError(`${store.url(STORE_MARKER_FILENAME)} is not valid JSON; is this folder a DataJoint store?`, { cause: error });
  }
  if (typeof marker !== 'object' || marker === null || Array.isArray(marker)) {
    throw new DataJointError(`${store.url(STORE_MARKER_FILENAME)} is not a DataJoint store marker`);
  }
  const format = (marker as Record<string, unknown>).format_version;
  if (typeof format === 'string' && Number.parseInt(format, 10) > Number.parseInt(STORE_FORMAT_VERSION, 10)) {
    throw new DataJointError(`Store ${store.spec.name} uses layout format ${format}; this DataJoint reads format ${STORE_FORMAT_VERSION}`);
  }
  return marker as StoreMarker;
}
