/**
 * The built-in `<attach>` codec: a file stored with its name, as `filename\0contents`, in the
 * table (`<attach>`) or content-addressed in a store (`<attach@store>`, through `<hash>`).
 * Fetching writes the file into `download_path` and returns its path; a different file of
 * the same name already there is kept, the new one getting `name_1.ext`, `name_2.ext`, …
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';
import { DataJointError } from '../errors';
import { Codec, type CodecContext } from './codec';

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

/** The file name recorded with an attachment, checked: it becomes a path on this machine. */
function checkedFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (name === '' || name === '.' || name === '..' || /[/\\\u0000-\u001f]/.test(name)) {
    throw new DataJointError(`Invalid attachment file name ${JSON.stringify(name)}`);
  }
  return name;
}

async function readIfFile(file: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return null;
    throw error;
  }
}

/** Whether `file` exists and holds exactly `contents`. */
async function holds(file: string, contents: Buffer): Promise<boolean> {
  const existing = await readIfFile(file);
  return existing !== null && existing.equals(contents);
}

/**
 * Puts the file `partial` at `target` unless something is there already (then `false`).
 * A hard link is atomic and never replaces a file, so concurrent fetches of different files
 * of one name cannot overwrite each other; file systems without links get an exclusive copy.
 */
async function placeIfFree(partial: string, target: string): Promise<boolean> {
  try {
    await fsp.link(partial, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
  }
  try {
    await fsp.copyFile(partial, target, fsConstants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Writes an attachment into `folder` as datajoint-python does and returns its path: under
 * its own name unless a file of that name with other contents is there, then under the
 * first `stem_N.ext` that is free or already holds the same contents.
 */
export async function saveAttachment(folder: string, fileName: string, contents: Buffer): Promise<string> {
  const name = checkedFileName(fileName);
  await fsp.mkdir(folder, { recursive: true });
  let ext = nodePath.extname(name);
  if (ext === '.') ext = '';
  const stem = ext ? name.slice(0, -ext.length) : name;
  const partial = nodePath.join(folder, `.${name}.${randomBytes(6).toString('hex')}.dj-partial`);
  await fsp.writeFile(partial, contents);
  try {
    for (let counter = 0; ; counter += 1) {
      const target = nodePath.join(folder, counter === 0 ? name : `${stem}_${counter}${ext}`);
      // Checked again when the name was taken meanwhile: a value fetched twice at once (the same
      // attachment in two columns or rows) is written by one of them and found by the other.
      if ((await holds(target, contents)) || (await placeIfFree(partial, target)) || (await holds(target, contents))) return target;
    }
  } finally {
    await fsp.rm(partial, { force: true });
  }
}

/** `<attach>` / `<attach@store>`: a file, stored with its name; fetched into `download_path`. */
export class AttachCodec extends Codec<string, Buffer> {
  readonly name = 'attach';

  /** Bytes in the table, or content-addressed through `<hash>` in a store. */
  dtype(inStore: boolean): string {
    return inStore ? '<hash>' : 'bytes';
  }

  /** Reads the file at `value` into `filename\0contents`. */
  async encode(value: string, _context: CodecContext): Promise<Buffer> {
    let stat;
    try {
      stat = await fsp.stat(value);
    } catch (error) {
      throw new DataJointError(`Attachment file not found: ${value}`, { cause: error });
    }
    if (stat.isDirectory()) throw new DataJointError(`<attach> does not support directories: ${value}`);
    const name = nodePath.basename(value);
    return Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0]), await fsp.readFile(value)]);
  }

  /** Writes the file into `download_path` and returns its local path. */
  async decode(stored: Buffer | Uint8Array, context: CodecContext): Promise<string> {
    const bytes = Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    const separator = bytes.indexOf(0);
    if (separator < 0) throw new DataJointError('Invalid attachment: no file name separator');
    const name = bytes.subarray(0, separator).toString('utf8');
    return saveAttachment(context.config.download_path, name, bytes.subarray(separator + 1));
  }

  override validate(value: unknown): void {
    if (typeof value !== 'string') throw new DataJointError(`<attach> expects a file path, got ${typeName(value)}`);
  }
}

/** The `<attach>` codec instance. */
export const attachCodec = new AttachCodec();
