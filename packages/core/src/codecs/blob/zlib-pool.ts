/**
 * zlib work on libuv's thread pool, at most one stream per thread at a time. File-system
 * calls share that pool: with more compressions queued than threads, each read, write or
 * rename of the same insert would wait behind all of them; with one per thread it waits for
 * the first to finish.
 */
import { promisify } from 'node:util';
import { constants as zlibConstants, deflate, inflate } from 'node:zlib';

/** libuv's thread pool size (its default is 4). */
const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/**
 * Streams (de)compressed at once: one per thread of the pool. Not capped at the core count:
 * on a machine shared with other processes, threads are what earns CPU time. (Leaving a
 * thread idle for I/O measured slower: compression, not the store, bounds a `<blob@>`
 * insert, and the store's calls are short.)
 */
const ZLIB_SLOTS = Math.max(1, THREAD_POOL_SIZE);

let running = 0;
const waiting: Array<() => void> = [];

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= ZLIB_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/**
 * Output buffer size of one (de)compression: room for the whole result, so that it takes one
 * trip to the thread pool rather than one per 16 KB (zlib's default chunk), each with a
 * callback on the main thread. The setting changes how output is collected, never the bytes.
 */
function chunkSizeFor(outputBytes: number): number {
  return Math.max(zlibConstants.Z_MIN_CHUNK, Math.min(outputBytes, MAX_CHUNK_BYTES));
}

/** Largest output buffer allocated at once (larger outputs take several trips). */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

/** zlib-compresses (default level, as Python's `zlib.compress`) on the thread pool. */
export function deflateInPool(data: Buffer): Promise<Buffer> {
  // Incompressible data grows by a few bytes per 16 KB block: a little more than the input.
  return inSlot(() => deflateAsync(data, { chunkSize: chunkSizeFor(data.length + (data.length >>> 10) + 64) }));
}

/** Decompresses a zlib stream of `expectedBytes` (the blob header says) on the thread pool. */
export function inflateInPool(data: Buffer, expectedBytes: number): Promise<Buffer> {
  return inSlot(() => inflateAsync(data, { chunkSize: chunkSizeFor(expectedBytes + 1) }));
}
