/**
 * The built-in `<object@store>` codec: files and folders stored schema-addressed
 * (`{schema_prefix}/{schema}/{table}/{key}/{field}_{token}{ext}`), a JSON reference in the
 * table, an {@link ObjectRef} on fetch. Uploads stream from disk; nothing is held whole.
 */
import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DataJointError } from '../../errors';
import type { StoreBackend } from '../../storage/store-backend';
import type { CodecContext } from '../codec';
import { runLimited } from '../codec-concurrency';
import { FOLDER_TRANSFER_CONCURRENCY, ObjectRef, parseObjectMetadata, SMALL_FILE_BYTES, type ObjectMetadata } from './object-ref';
import { pythonJsonIndented, pythonUtcTimestamp } from './python-json';
import { SchemaAddressedCodec } from './schema-addressed';

/** Bytes or a stream of bytes, as `[ext, data]` gives them. */
export type ObjectData = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * What `<object@>` accepts: a local file or folder path (string or `file:` URL), bytes, an
 * `[ext, data]` pair (extension and bytes or a stream), or a stored reference to pass through.
 */
export type ObjectValue = string | URL | Uint8Array | readonly [string, ObjectData] | ObjectMetadata;


function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

function isPair(value: unknown): value is readonly [string, ObjectData] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isData(value[1]);
}

function isData(value: unknown): value is ObjectData {
  return value instanceof Uint8Array || value instanceof Readable || (typeof value === 'object' && value !== null && Symbol.asyncIterator in value);
}

function isMetadata(value: unknown): value is ObjectMetadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { path?: unknown }).path === 'string';
}

/** Python's `Path(name).suffix`: the last dot part, `''` for none, a trailing dot or a leading-dot name. */
function suffixOf(name: string): string {
  const ext = nodePath.extname(name);
  return ext === '.' ? '' : ext;
}

/**
 * Files under a local folder (recursively; symbolic links to folders are not followed).
 * Regular files are not stat-ed here: their upload learns their size (one serial stat per
 * file before the first upload costs more than a folder of small files takes to send).
 */
async function localFiles(root: string): Promise<Array<{ local: string; relative: string }>> {
  const files: Array<{ local: string; relative: string }> = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const local = nodePath.join(folder, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(local, relative);
      } else if (entry.isFile()) {
        files.push({ local, relative });
      } else if (entry.isSymbolicLink()) {
        const info = await stat(local).catch(() => null);
        if (info?.isFile()) files.push({ local, relative });
      }
    }
  };
  await walk(root, '');
  return files;
}

/**
 * Uploads one file of a folder and resolves to its size. Small files are read whole (at most
 * FOLDER_TRANSFER_CONCURRENCY × 1 MB in memory), their size taken from the open file: a
 * stream per 4 KB file costs more than the file itself. Larger files stream.
 */
async function putFolderFile(backend: StoreBackend, target: string, local: string): Promise<number> {
  const handle = await open(local, 'r');
  let data: Buffer | null = null;
  let size: number;
  try {
    size = (await handle.stat()).size;
    if (size <= SMALL_FILE_BYTES) data = await handle.readFile();
  } finally {
    await handle.close();
  }
  if (data === null) {
    await backend.putFile(target, local);
    return size;
  }
  await backend.put(target, data);
  return data.length;
}

/** The sum of sizes. */
function totalOf(sizes: readonly number[]): number {
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Counts the bytes of a stream as they pass. */
async function* counted(source: AsyncIterable<Uint8Array>, total: { bytes: number }): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    total.bytes += chunk.byteLength;
    yield chunk;
  }
}

/** `<object@store>`: schema-addressed files and folders. */
export class ObjectCodec extends SchemaAddressedCodec<ObjectValue | ObjectRef, ObjectMetadata> {
  readonly name = 'object';

  override validate(value: unknown): void {
    if (typeof value === 'string' || value instanceof URL || value instanceof Uint8Array || isPair(value) || isMetadata(value)) return;
    throw new DataJointError(`<object> expects bytes, a path, or an [ext, data] pair, got ${describe(value)}`);
  }

  async encode(value: ObjectValue | ObjectRef, context: CodecContext): Promise<ObjectMetadata> {
    if (value instanceof ObjectRef) value = value.toJSON();
    if (isMetadata(value)) return parseObjectMetadata(value); // already stored (staged inserts)
    const store = this.recordedStore(context);
    if (typeof value === 'string' || value instanceof URL) {
      const source = typeof value === 'string' ? value : fileURLToPath(value);
      const info = await stat(source).catch(() => null);
      if (!info) throw new DataJointError(`Source path not found: ${source}`);
      if (info.isDirectory()) return this.putFolder(source, context, store);
      const ext = suffixOf(nodePath.basename(source));
      const path = this.objectPath(context, ext);
      await this.upload(context, path, false, (backend) => backend.putFile(path, source));
      return this.metadata(path, store, info.size, ext, false, null);
    }
    const [ext, data] = value instanceof Uint8Array ? [null, value] : value;
    if (ext !== null && !/^\.?[\w.+-]*$/.test(ext)) {
      throw new DataJointError(`<object> extension ${JSON.stringify(ext)} may hold only letters, digits and . _ + -`);
    }
    const path = this.objectPath(context, ext);
    const total = { bytes: 0 };
    await this.upload(context, path, false, (backend) =>
      backend.put(path, data instanceof Uint8Array ? data : counted(data, total)),
    );
    return this.metadata(path, store, data instanceof Uint8Array ? data.byteLength : total.bytes, ext, false, null);
  }

  /** An ObjectRef on the stored reference; nothing is read. */
  decode(stored: ObjectMetadata, context: CodecContext): ObjectRef {
    return new ObjectRef(parseObjectMetadata(stored), { config: context.config, filepathDefault: false });
  }

  private metadata(path: string, store: string | null, size: number, ext: string | null, isDir: boolean, itemCount: number | null): ObjectMetadata {
    return { path, store, size, ext, is_dir: isDir, item_count: itemCount, timestamp: pythonUtcTimestamp() };
  }

  /** Uploads a folder's files and writes its manifest (`{path}.manifest.json`) as Python does. */
  private async putFolder(source: string, context: CodecContext, store: string | null): Promise<ObjectMetadata> {
    const path = this.objectPath(context, null);
    const files = await localFiles(source);
    const sizes: number[] = new Array(files.length);
    await this.upload(context, path, true, async (backend) => {
      await runLimited(
        files.map((file, i) => async () => {
          sizes[i] = await putFolderFile(backend, `${path}/${file.relative}`, file.local);
        }),
        FOLDER_TRANSFER_CONCURRENCY,
      );
      const manifest = {
        files: files.map((file, i) => ({ path: file.relative, size: sizes[i]! })),
        total_size: totalOf(sizes),
        item_count: files.length,
        created: pythonUtcTimestamp(),
      };
      await backend.put(`${path}.manifest.json`, Buffer.from(pythonJsonIndented(manifest), 'utf8'));
    });
    return this.metadata(path, store, totalOf(sizes), null, true, files.length);
  }
}

/** The `<object>` codec instance. */
export const objectCodec = new ObjectCodec();
