/**
 * A store in a local (or mounted) folder: `protocol: 'file'`. Objects are files under the
 * store's `location`; writes go to a hidden partial file renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { DataJointError, MissingExternalFile } from '../errors';
import { streamToFile } from './local-file';
import type { ByteRange, StoreBackend, StoredObjectInfo, StoreWritable } from './store-backend';
import { checkStorePath, checkStorePrefix } from './store-path';
import type { FileStoreSpec } from './store-spec';

/** Suffix of files being written; they are invisible to `list`. */
const PARTIAL_SUFFIX = '.dj-partial';

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A folder store. */
export class FileStore implements StoreBackend {
  readonly spec: FileStoreSpec;
  /** Absolute path of the store's root folder. */
  readonly root: string;

  /** @throws DataJointError when `location` is not an existing folder. */
  constructor(spec: FileStoreSpec) {
    this.spec = spec;
    this.root = nodePath.resolve(spec.location);
    let isDirectory = false;
    try {
      isDirectory = statSync(this.root).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) {
      throw new DataJointError(`Inaccessible local directory ${spec.location} (config.stores["${spec.name}"].location)`);
    }
  }

  /** Absolute file name of a store path. */
  localPath(path: string): string {
    return nodePath.join(this.root, ...checkStorePath(path).split('/'));
  }

  url(path: string): string {
    return pathToFileURL(this.localPath(path)).href;
  }

  async put(path: string, data: StoreWritable): Promise<void> {
    const target = this.localPath(path);
    const folder = nodePath.dirname(target);
    const partial = `${target}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`;
    try {
      if (data instanceof Uint8Array) {
        // The folder usually exists (objects share it): create it only when the write says it is missing.
        await fsp.writeFile(partial, data).catch(async (error: unknown) => {
          if (!isNotFound(error)) throw error;
          await fsp.mkdir(folder, { recursive: true });
          await fsp.writeFile(partial, data);
        });
      } else {
        // A stream cannot be replayed after a failed open: the folder is made first.
        await fsp.mkdir(folder, { recursive: true });
        await pipeline(data instanceof Readable ? data : Readable.from(data), createWriteStream(partial));
      }
      await fsp.rename(partial, target);
    } catch (error) {
      await fsp.rm(partial, { force: true });
      throw error;
    }
  }

  async putFile(path: string, localFile: string): Promise<void> {
    await this.put(path, createReadStream(localFile));
  }

  async get(path: string, range?: ByteRange): Promise<Buffer> {
    const file = this.localPath(path);
    try {
      if (!range) return await fsp.readFile(file);
      const handle = await fsp.open(file, 'r');
      try {
        const { size } = await handle.stat();
        const end = Math.min(range.end ?? size, size);
        const length = Math.max(0, end - range.start);
        const buffer = Buffer.alloc(length);
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, range.start + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        return buffer.subarray(0, read);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw this.translate(error, path);
    }
  }

  async stream(path: string, range?: ByteRange): Promise<Readable> {
    const file = this.localPath(path);
    // Opening first turns a missing file into MissingExternalFile before any data flows.
    const handle = await fsp.open(file, 'r').catch((error: unknown) => {
      throw this.translate(error, path);
    });
    return handle.createReadStream({
      start: range?.start,
      end: range?.end === undefined ? undefined : range.end - 1,
      autoClose: true,
    });
  }

  async getFile(path: string, localFile: string): Promise<void> {
    await streamToFile(await this.stream(path), localFile);
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    try {
      const stat = await fsp.stat(this.localPath(path));
      return stat.isFile() ? { path, size: stat.size, lastModified: stat.mtime } : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await fsp.stat(this.localPath(path));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    const checked = checkStorePrefix(prefix);
    const start = checked === '' ? this.root : this.localPath(checked);
    yield* this.walk(start, checked);
  }

  private async *walk(folder: string, relative: string): AsyncIterable<StoredObjectInfo> {
    let entries;
    try {
      entries = await fsp.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const child = nodePath.join(folder, entry.name);
      if (entry.isDirectory()) {
        yield* this.walk(child, childRelative);
      } else if (entry.isFile() && !entry.name.endsWith(PARTIAL_SUFFIX)) {
        try {
          const stat = await fsp.stat(child);
          yield { path: childRelative, size: stat.size, lastModified: stat.mtime };
        } catch (error) {
          if (!isNotFound(error)) throw error; // deleted while listing
        }
      }
    }
  }

  async delete(path: string): Promise<boolean> {
    const file = this.localPath(path);
    try {
      await fsp.unlink(file);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    await this.pruneEmptyFolders(nodePath.dirname(file));
    return true;
  }

  async deleteFolder(prefix: string): Promise<number> {
    const checked = checkStorePrefix(prefix);
    if (checked === '') throw new DataJointError('Refusing to delete the whole store');
    let count = 0;
    for await (const object of this.list(checked)) {
      if (await this.delete(object.path)) count += 1;
    }
    await fsp.rm(this.localPath(checked), { recursive: true, force: true });
    await this.pruneEmptyFolders(nodePath.dirname(this.localPath(checked)));
    return count;
  }

  async close(): Promise<void> {}

  /** Removes empty folders from `folder` up to (not including) the root. */
  private async pruneEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (current.startsWith(this.root + nodePath.sep)) {
      try {
        await fsp.rmdir(current); // fails when not empty
      } catch {
        return;
      }
      current = nodePath.dirname(current);
    }
  }

  private translate(error: unknown, path: string): unknown {
    if (isNotFound(error) || (error as NodeJS.ErrnoException | null)?.code === 'EISDIR') {
      return new MissingExternalFile(`Missing external file ${this.localPath(path)}`, { cause: error });
    }
    return error;
  }
}
