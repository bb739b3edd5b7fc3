/** Writing a downloaded object to a local file, for every backend's `getFile`. */
import { createWriteStream, promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Writes a stream to `localFile`, creating its folder; the stream is destroyed if that fails (it holds an open file or socket). */
export async function streamToFile(source: Readable, localFile: string): Promise<void> {
  try {
    await fsp.mkdir(nodePath.dirname(nodePath.resolve(localFile)), { recursive: true });
  } catch (error) {
    source.destroy();
    throw error;
  }
  await pipeline(source, createWriteStream(localFile));
}
