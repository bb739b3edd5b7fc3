/**
 * ObjectRef: what fetching an `<object@>` or `<filepath@>` attribute returns. It holds the
 * stored reference (path, size, …) and reads nothing until asked; files are streamed.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { Readable } from 'node:stream';
import { DataJointError } from '../../errors';
import type { Config } from '../../settings/config';
import { computeHashOfOwnBytes } from '../../storage/content-hash';
import type { StoreBackend } from '../../storage/store-backend';
import { checkStorePath } from '../../storage/store-path';
import { getStore } from '../../storage/store-registry';
import { runLimited } from '../codec-concurrency';
import { parseTimestamp, referenceObject } from './python-json';

/** Files of a folder object transferred at once. */
export const FOLDER_TRANSFER_CONCURRENCY = 16;

/** Folder files up to this size are transferred whole rather than streamed. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/** The JSON reference `<object@>` and `<filepath@>` keep in the table (datajoint-python's keys). */
export interface ObjectMetadata {
  path: string;
  store: string | null;
  size: number | null;
  ext?: string | null;
  is_dir: boolean;
  item_count?: number | null;
  timestamp: string | null;
  hash?: string | null;
  url?: string;
  mime_type?: string;
}

/** Raised by {@link ObjectRef.verify} when stored data does not match its reference. */
export class ObjectIntegrityError extends DataJointError {}

/** Where an ObjectRef finds its store. */
interface StoreLocator {
  readonly config: Config;
  /** Resolve a `null` store through `stores.filepath_default` (for `<filepath@>`). */
  readonly filepathDefault: boolean;
}

/** Reads a stored reference (an object or its JSON text), checking its path. */
export function parseObjectMetadata(stored: unknown, what = '<object@>'): ObjectMetadata {
  const data = referenceObject(stored, what);
  if (typeof data.path !== 'string') throw new DataJointError(`Invalid ${what} reference: path must be a string`);
  checkStorePath(data.path, `${what} path`);
  const store = typeof data.store === 'string' && data.store !== '' ? data.store : null;
  const size = typeof data.size === 'number' ? data.size : null;
  return { ...(data as unknown as ObjectMetadata), store, size, is_dir: data.is_dir === true };
}

/** Whether a manifest entry has a string path and a whole, non-negative size. */
function isManifestEntry(entry: unknown): entry is { path: string; size: number } {
  if (typeof entry !== 'object' || entry === null) return false;
  const { path, size } = entry as { path?: unknown; size?: unknown };
  return typeof path === 'string' && typeof size === 'number' && Number.isSafeInteger(size) && size >= 0;
}

/** A lazy handle on a stored file or folder. */
export class ObjectRef {
  /** Path relative to the store's root (includes the token). */
  readonly path: string;
  /** Store name (`null`: the default store). */
  readonly store: string | null;
  /** Bytes (summed for folders), or `null` when not recorded. */
  readonly size: number | null;
  /** Extension hint (`.dat`, `.zarr`), or `null`. */
  readonly ext: string | null;
  /** Whether the object is a folder (a key prefix). */
  readonly isDir: boolean;
  /** Files in a folder, or `null`. */
  readonly itemCount: number | null;
  /** When it was stored. */
  readonly timestamp: Date | null;
  /** Content hash with algorithm prefix, when recorded. */
  readonly hash: string | null;
  /** MIME type, when recorded. */
  readonly mimeType: string | null;
  private readonly metadata: ObjectMetadata;
  private backendCache: StoreBackend | null = null;

  /** @internal built by the codecs on fetch */
  constructor(
    metadata: ObjectMetadata,
    private readonly locator: StoreLocator,
  ) {
    this.metadata = metadata;
    this.path = metadata.path;
    this.store = metadata.store;
    this.size = metadata.size;
    this.ext = metadata.ext ?? null;
    this.isDir = metadata.is_dir;
    this.itemCount = metadata.item_count ?? null;
    this.timestamp = parseTimestamp(metadata.timestamp);
    this.hash = metadata.hash ?? null;
    this.mimeType = metadata.mime_type ?? null;
  }

  /** The stored reference, as kept in the table. */
  toJSON(): ObjectMetadata {
    return { ...this.metadata };
  }

  /** The store's backend (resolved on first I/O: fetching needs no store settings). */
  private get backend(): StoreBackend {
    this.backendCache ??= getStore(this.locator.config, this.store, { filepathDefault: this.locator.filepathDefault });
    return this.backendCache;
  }

  /** Full URL: `file:///…` or `s3://bucket/…`. */
  get url(): string {
    return this.metadata.url ?? this.backend.url(this.path);
  }

  private subpath(subpath: string | undefined): string {
    if (subpath === undefined || subpath === '') return this.path;
    if (!this.isDir) throw new DataJointError('Cannot use subpath on a file object');
    return checkStorePath(`${this.path}/${subpath.replace(/^\/+/, '')}`, 'subpath');
  }

  /** The whole file's bytes. For large files prefer {@link stream} or {@link download}. */
  async read(): Promise<Buffer> {
    if (this.isDir) throw new DataJointError('Cannot read() a directory. Use listdir() or stream(subpath) instead.');
    return this.backend.get(this.path);
  }

  /** A stream of the file (or of a file inside a folder object). */
  async stream(subpath?: string): Promise<Readable> {
    const path = this.subpath(subpath);
    if (path === this.path && this.isDir) throw new DataJointError('Cannot stream a directory; name a file inside it (subpath)');
    return this.backend.stream(path);
  }

  /** Names of the entries directly inside a folder object (or one of its subfolders). */
  async listdir(subpath = ''): Promise<string[]> {
    if (!this.isDir) throw new DataJointError('Cannot listdir() on a file. Use read() or stream() instead.');
    const folder = this.subpath(subpath);
    const names = new Set<string>();
    for await (const entry of this.backend.list(folder)) names.add(entry.path.slice(folder.length + 1).split('/')[0]!);
    return [...names].sort();
  }

  /** Paths (relative to the folder object) and sizes of every file inside a folder object. */
  async files(): Promise<Array<{ path: string; size: number }>> {
    if (!this.isDir) throw new DataJointError('Cannot list files of a file object');
    const files: Array<{ path: string; size: number }> = [];
    for await (const entry of this.backend.list(this.path)) files.push({ path: entry.path.slice(this.path.length + 1), size: entry.size });
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The files a folder object's manifest lists, or `null` when it has none. */
  private async manifestFiles(): Promise<Array<{ path: string; size: number }> | null> {
    const manifestPath = `${this.path}.manifest.json`;
    if (!(await this.backend.head(manifestPath))) return null;
    let manifest: unknown;
    try {
      manifest = JSON.parse((await this.backend.get(manifestPath)).toString('utf8'));
    } catch (error) {
      throw new ObjectIntegrityError(`Invalid manifest ${manifestPath}: not JSON`, { cause: error });
    }
    const files = (manifest as { files?: unknown } | null)?.files;
    if (files === undefined) return null;
    // A manifest may have been written by anyone: its entries decide what is read and how.
    if (!Array.isArray(files) || !files.every((f: unknown) => isManifestEntry(f))) {
      throw new ObjectIntegrityError(`Invalid manifest ${manifestPath}: files must be entries with a path and a whole, non-negative size`);
    }
    return files;
  }

  /**
   * Downloads the object, streaming, to a local path. A file goes into `destination` when
   * that is a folder (under its stored name), else to `destination` itself; a folder's
   * files go under `destination`. Resolves to the local path.
   */
  async download(destination: string, subpath?: string): Promise<string> {
    const remote = this.subpath(subpath);
    if (this.isDir && remote === this.path) {
      await mkdir(destination, { recursive: true });
      const files = (await this.manifestFiles()) ?? (await this.files());
      const root = nodePath.resolve(destination);
      // Each local folder is created once per download, not once per file.
      const folders = new Map<string, Promise<unknown>>();
      const folderOf = (local: string): Promise<unknown> => {
        const folder = nodePath.dirname(local);
        let made = folders.get(folder);
        if (!made) folders.set(folder, (made = mkdir(folder, { recursive: true })));
        return made;
      };
      const tasks = files.map((file) => async () => {
        const local = nodePath.resolve(root, ...file.path.split('/'));
        if (!local.startsWith(root + nodePath.sep)) throw new DataJointError(`Refusing to write outside ${root}: ${file.path}`);
        const remote = checkStorePath(`${this.path}/${file.path}`, 'folder file');
        const mismatch = (size: number) =>
          new ObjectIntegrityError(`Size mismatch for ${file.path}: the manifest says ${file.size} bytes, the store holds ${size > file.size ? 'more' : size}`);
        if (file.size > SMALL_FILE_BYTES) {
          await this.backend.getFile(remote, local);
          const { size } = await stat(local);
          if (size !== file.size) throw mismatch(size);
          return;
        }
        // Small files in one read and one write: a stream per 4 KB file costs more than the file.
        // One byte more than the manifest says is read, never the whole of a larger object.
        const data = await this.backend.get(remote, { start: 0, end: file.size + 1 });
        if (data.length !== file.size) throw mismatch(data.length);
        await folderOf(local);
        await writeFile(local, data);
      });
      await runLimited(tasks, FOLDER_TRANSFER_CONCURRENCY);
      return destination;
    }
    let local = destination;
    const info = await stat(destination).catch(() => null);
    if (info?.isDirectory()) local = nodePath.join(destination, remote.split('/').pop()!);
    await this.backend.getFile(remote, local);
    return local;
  }

  /** Whether the object (or a path inside a folder object) exists in the store. */
  async exists(subpath?: string): Promise<boolean> {
    return this.backend.exists(this.subpath(subpath));
  }

  /**
   * Checks the stored data against the reference: a file's size (and hash when recorded),
   * a folder's files against its manifest.
   * @throws ObjectIntegrityError naming what differs
   */
  async verify(): Promise<true> {
    const backend = this.backend;
    if (this.isDir) {
      const listed = await this.manifestFiles();
      if (listed === null) return true; // stored without a manifest: nothing to check
      const stored = new Map((await this.files()).map((f) => [f.path, f.size]));
      const errors: string[] = [];
      for (const file of listed) {
        const size = stored.get(file.path);
        if (size === undefined) errors.push(`Missing file: ${file.path}`);
        else if (size !== file.size) errors.push(`Size mismatch for ${file.path}: expected ${file.size}, got ${size}`);
      }
      if (errors.length > 0) throw new ObjectIntegrityError(`Folder verification failed:\n${errors.join('\n')}`);
      return true;
    }
    const info = await backend.head(this.path);
    if (!info) throw new ObjectIntegrityError(`File does not exist: ${this.path}`);
    if (this.size !== null && info.size !== this.size) {
      throw new ObjectIntegrityError(`Size mismatch for ${this.path}: expected ${this.size}, got ${info.size}`);
    }
    if (this.hash) {
      const { hash: actual } = await computeHashOfOwnBytes(await backend.get(this.path));
      if (actual !== this.hash) throw new ObjectIntegrityError(`Hash mismatch for ${this.path}: expected ${this.hash}, got ${actual}`);
    }
    return true;
  }

  /** The object's path in its store. */
  toString(): string {
    return this.path;
  }

  /** Shown by `console.log`: `ObjectRef(file: path, size=n)`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ObjectRef(${this.isDir ? 'folder' : 'file'}: ${this.path}, size=${this.size})`;
  }
}
