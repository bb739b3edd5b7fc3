/**
 * MD5 digests of large values, computed on worker threads.
 *
 * Content addressing hashes every stored value when it is written and again when it is read
 * back. On the main thread that costs about 2.5 ms per megabyte, during which the event loop
 * (every other query of every tenant) waits, and the hashing of one value cannot overlap the
 * store transfers of the next. Values of at least {@link THREADED_MIN_BYTES} are hashed on a
 * small pool of threads started on first use; smaller ones cost less to hash than to hand
 * over and are hashed in place.
 *
 * Bytes travel to a thread by moving an `ArrayBuffer`, never by posting a copy (the
 * structured clone of a megabyte costs about as much as hashing half of it): bytes the
 * caller owns are moved there and back; other bytes are copied into a spare buffer that is
 * moved there and back, and spares are kept for the next values until the pool has been idle
 * for a second (a fresh buffer costs page faults as well as the copy).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { DataJointError } from '../errors';

/** Values this large or larger are hashed on a thread: handing one over costs about 0.1 ms. */
export const THREADED_MIN_BYTES = 256 * 1024;

/**
 * Threads in the pool: one per core, at most four (the main thread mostly waits while they
 * hash); one in a worker thread (`populate({ processes })`), whose siblings share the cores.
 */
const THREADS = isMainThread ? Math.max(1, Math.min(4, availableParallelism())) : 1;

/** Spare buffers kept for reuse, the largest one kept, and how long they are kept unused. */
const MAX_SPARES = 2 * THREADS;
const MAX_SPARE_BYTES = 16 * 1024 * 1024;
const SPARE_LIFETIME_MS = 1000;
/** Spares are allocated in steps of this size, so that values of about one size share them. */
const SPARE_STEP_BYTES = 64 * 1024;

/**
 * The thread's program, evaluated from source so that it runs alike from TypeScript sources
 * and from builds: it hashes the first `length` bytes of `bytes` and moves `bytes` back.
 */
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, bytes, length }) => {
  const digest = new Uint8Array(createHash('md5').update(new Uint8Array(bytes, 0, length)).digest());
  parentPort.postMessage({ id, digest, bytes }, [bytes]);
});
`;

/** A thread's answer: the digest, and the buffer that was moved to it. */
interface Answer {
  readonly digest: Uint8Array;
  readonly bytes: ArrayBuffer;
}

interface Pending {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/** One hashing thread and the requests it has not answered yet. */
class HashThread {
  private readonly worker = new Worker(THREAD_SOURCE, { eval: true });
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /** @param onFailure called once if the thread dies, after its pending requests are rejected. */
  constructor(onFailure: (thread: HashThread) => void) {
    this.worker.unref(); // an idle pool never keeps the process alive
    this.worker.on('message', ({ id, ...answer }: Answer & { id: number }) => {
      const request = this.pending.get(id);
      if (!request) return;
      this.pending.delete(id);
      if (this.pending.size === 0) this.worker.unref();
      request.resolve(answer);
    });
    const fail = (cause: unknown) => {
      const error = new DataJointError('The content-hashing thread stopped', { cause });
      for (const request of this.pending.values()) request.reject(error);
      this.pending.clear();
      onFailure(this);
    };
    this.worker.once('error', fail);
    this.worker.once('exit', (code) => fail(new Error(`exit code ${code}`)));
  }

  /** Requests not yet answered. */
  get load(): number {
    return this.pending.size;
  }

  /** Moves `bytes` to the thread, which hashes their first `length` bytes and moves them back. */
  digest(bytes: ArrayBuffer, length: number): Promise<Answer> {
    const id = this.nextId++;
    // While a request is out the thread must keep the process alive, or an await on it could end the program.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, bytes, length }, [bytes]);
    });
  }
}

let threads: HashThread[] = [];
let spares: ArrayBuffer[] = [];
let sparesRelease: NodeJS.Timeout | null = null;

/** The least busy thread, starting threads until the pool is full. */
function leastBusyThread(): HashThread {
  const idle = threads.find((thread) => thread.load === 0);
  if (idle) return idle;
  if (threads.length < THREADS) {
    const thread = new HashThread((failed) => {
      threads = threads.filter((other) => other !== failed);
    });
    threads.push(thread);
    return thread;
  }
  return threads.reduce((best, thread) => (thread.load < best.load ? thread : best));
}

/** A buffer of at least `length` bytes to copy a value into: a spare one if there is one. */
function takeSpare(length: number): ArrayBuffer {
  const index = spares.findIndex((spare) => spare.byteLength >= length);
  return index >= 0 ? spares.splice(index, 1)[0]! : new ArrayBuffer(Math.ceil(length / SPARE_STEP_BYTES) * SPARE_STEP_BYTES);
}

/** Keeps a buffer back from a thread for the next value, until the pool has been idle a while. */
function returnSpare(spare: ArrayBuffer): void {
  if (spares.length < MAX_SPARES && spare.byteLength <= MAX_SPARE_BYTES) spares.push(spare);
  if (sparesRelease) {
    sparesRelease.refresh();
    return;
  }
  sparesRelease = setTimeout(() => {
    spares = [];
    sparesRelease = null;
  }, SPARE_LIFETIME_MS);
  sparesRelease.unref();
}

/** The `ArrayBuffer` a view covers whole (so it can be moved as it is), or null. */
function wholeBuffer(data: Uint8Array): ArrayBuffer | null {
  const { buffer } = data;
  return data.byteOffset === 0 && data.byteLength === buffer.byteLength && buffer instanceof ArrayBuffer ? buffer : null;
}

/**
 * The MD5 digest of `data`; on a worker thread when it is large. `data` is left as it is.
 * @internal
 */
export async function md5Digest(data: Uint8Array): Promise<Uint8Array> {
  if (data.byteLength < THREADED_MIN_BYTES) return createHash('md5').update(data).digest();
  const carrier = takeSpare(data.byteLength);
  new Uint8Array(carrier, 0, data.byteLength).set(data);
  const answer = await leastBusyThread().digest(carrier, data.byteLength);
  returnSpare(answer.bytes);
  return answer.digest;
}

/**
 * The MD5 digest of bytes that nothing else refers to, such as bytes just read from a store.
 * While a thread hashes them they are moved to it rather than copied, so `data` is unusable
 * afterwards: use the returned bytes.
 * @internal
 */
export async function md5DigestOfOwnBytes(data: Buffer): Promise<{ digest: Uint8Array; data: Buffer }> {
  const buffer = wholeBuffer(data);
  if (data.byteLength < THREADED_MIN_BYTES || !buffer) return { digest: await md5Digest(data), data };
  const length = data.byteLength; // moving the buffer empties `data`
  const answer = await leastBusyThread().digest(buffer, length);
  return { digest: answer.digest, data: Buffer.from(answer.bytes, 0, length) };
}
