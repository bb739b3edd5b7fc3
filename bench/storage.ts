/**
 * Store-backed attributes: 1,000 values of 1 MB inserted and fetched through a codec,
 * against writing and reading the same number of 1 MB objects with the raw client (`fs`
 * for a folder store, `@aws-sdk/client-s3` for an S3 store, against s3rver on loopback in a
 * process of its own),
 * measured in the same run, with the peak RSS of each measurement.
 *
 * Cases are listed in {@link STORAGE_CASES}; a case declares its table and makes its
 * values, so another codec (`<object@>`, `<npy@>`) is one more entry. The database is an
 * embedded PGlite: its share of the work (1,000 short JSON references) is small.
 */
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as dj from 'datajoint';
import { closeStores, CODEC_CONCURRENCY } from '@dj/core/internal';
import { Upload } from '@aws-sdk/lib-storage';
import { newPglite, uniqueSchemaName, type S3ServerInfo } from '@dj/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createReadStream, createWriteStream, mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import * as path from 'node:path';
import { timed } from './harness';

/** Values per measurement (`DJ_BENCH_STORAGE_VALUES`, default 1,000), and their size. */
const VALUES = Number(process.env.DJ_BENCH_STORAGE_VALUES ?? 1000);
if (!Number.isSafeInteger(VALUES) || VALUES <= 0) throw new Error('DJ_BENCH_STORAGE_VALUES must be a positive whole number');
const VALUE_BYTES = 1024 * 1024;
/** Values inserted (and objects written) per call: bounds memory to a batch. */
const BATCH = 50;
/** Concurrent requests of the raw client: as many as one insert or fetch issues. */
const RAW_CONCURRENCY = CODEC_CONCURRENCY;

/** One kind of store the cases run against. */
interface StoreUnderTest {
  readonly kind: 'file' | 's3';
  /** The `stores` entry. */
  readonly settings: Record<string, unknown>;
  /** Writes and reads objects with the raw client. */
  readonly raw: {
    put(key: string, data: Buffer): Promise<void>;
    get(key: string): Promise<Buffer>;
    /** Whether an object is there (a `stat`, or a `HeadObject` request). */
    exists(key: string): Promise<boolean>;
  };
}

/** A benchmark case: a table with one store-backed attribute and the values it takes. */
export interface StorageCase {
  /** Label in the report, e.g. `<blob@> float64 arrays`. */
  readonly label: string;
  /** Attribute type, e.g. `<blob@>`. */
  readonly type: string;
  /** Value number `i` (about {@link VALUE_BYTES} of data) and its raw bytes for the baseline. */
  value(i: number): { value: unknown; bytes: Buffer };
  /**
   * Work the stored format itself requires, for a second baseline: content addressing hashes
   * every value (MD5) when it is written, writes it only when no object of that hash is there
   * yet (deduplication, as datajoint-python does: one existence check per value), and checks
   * the hash when it is read; `<blob>` compresses with zlib (datajoint-python keeps the
   * compressed bytes when smaller). The raw client is also measured doing that work around
   * its writes and reads.
   */
  readonly formatWork: { label: string; encode(bytes: Buffer): Promise<Buffer>; decode(stored: Buffer): Promise<Buffer> };
}

/** The MD5 digest content addressing computes on write and checks on read. */
function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Target of every ratio: datajoint throughput ≥ 0.9 of the raw client's in the same run. */
const TARGET_RATIO = 0.9;

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/** 1 MB of random float64 samples with full mantissas, like measurements; made once. */
const BASE_SAMPLES = Float64Array.from({ length: VALUE_BYTES / 8 }, () => Math.random());

/** The samples with the first one set to `seed`: every value distinct (no deduplication), cheap to make. */
function samples(seed: number): Float64Array {
  const data = BASE_SAMPLES.slice();
  data[0] = seed;
  return data;
}

/** The cases; other codecs add theirs here. */
export const STORAGE_CASES: StorageCase[] = [
  {
    label: '<blob@> 1 MB float64 arrays',
    type: '<blob@>',
    value: (i) => {
      const data = samples(i);
      return { value: dj.NDArray.fromTypedArray(data), bytes: Buffer.from(data.buffer) };
    },
    formatWork: {
      label: 'zlib + md5',
      encode: async (bytes) => {
        const stored = await deflateAsync(bytes);
        md5(stored);
        return stored;
      },
      decode: (stored) => {
        md5(stored);
        return inflateAsync(stored);
      },
    },
  },
  {
    label: '<hash@> 1 MB byte strings',
    type: '<hash@>',
    value: (i) => {
      const bytes = Buffer.from(samples(i).buffer);
      return { value: bytes, bytes };
    },
    formatWork: {
      label: 'md5',
      encode: async (bytes) => {
        md5(bytes);
        return bytes;
      },
      decode: async (stored) => {
        md5(stored);
        return stored;
      },
    },
  },
];

/** Runs `fn`, sampling the process's RSS; returns elapsed ms and the peak RSS in MB. */
async function measured(fn: () => Promise<unknown>): Promise<{ ms: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const ms = await timed(fn);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function inBatches(fn: (start: number, end: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < VALUES; start += BATCH) await fn(start, Math.min(VALUES, start + BATCH));
}

async function withConcurrency<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function fileStore(): Promise<StoreUnderTest & { cleanup(): void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'dj-bench-store-'));
  const rawRoot = path.join(root, 'raw');
  await fsp.mkdir(rawRoot);
  return {
    kind: 'file',
    settings: { protocol: 'file', location: root },
    raw: {
      put: (key, data) => fsp.writeFile(path.join(rawRoot, key), data),
      get: (key) => fsp.readFile(path.join(rawRoot, key)),
      exists: (key) => fsp.stat(path.join(rawRoot, key)).then(() => true, () => false),
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Starts s3rver in a child process (see s3-server-process.ts). */
async function startS3ServerProcess(): Promise<S3ServerInfo & { child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(__dirname, 's3-server-process.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => { throw new Error('s3rver exited'); })])) as [string];
  lines.close();
  return { ...(JSON.parse(line) as S3ServerInfo), child };
}

async function s3Store(server: S3ServerInfo): Promise<StoreUnderTest & { cleanup(): void }> {
  const bucket = `dj-bench-${Date.now().toString(36)}`;
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    kind: 's3',
    settings: { protocol: 's3', endpoint: server.endpoint, bucket, location: 'dj', access_key: server.accessKey, secret_key: server.secretKey, secure: false },
    raw: {
      put: async (key, data) => {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: `raw/${key}`, Body: data }));
      },
      get: async (key) => {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `raw/${key}` }));
        return Buffer.from(await response.Body!.transformToByteArray());
      },
      exists: (key) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: `raw/${key}` })).then(() => true, (error: unknown) => {
        if (error instanceof NotFound) return false;
        throw error;
      }),
    },
    cleanup: () => client.destroy(),
  };
}

interface Row {
  store: string;
  case: string;
  op: string;
  djMBps: number;
  rawMBps: number;
  djPeakMb: number;
  rawPeakMb: number;
}

/** Measurement rounds per side; each side's best is reported (see {@link runCase}). */
const ROUNDS = 2;

/** The faster of two timings, with the higher of their peaks. */
function best(a: Timing | undefined, b: Timing): Timing {
  return a === undefined ? b : { ms: Math.min(a.ms, b.ms), peakMb: Math.max(a.peakMb, b.peakMb) };
}

/**
 * Measures one case. Each side (datajoint, the raw client, the raw client doing the format's
 * work) runs {@link ROUNDS} rounds, in turns and in a rotated order, and keeps its best time:
 * s3rver is a separate process whose JIT warms up during the first requests, which would
 * otherwise favour whichever side runs second.
 */
async function runCase(store: StoreUnderTest, benchCase: StorageCase, index: number): Promise<Row[]> {
  const pglite = await newPglite();
  const inst = new dj.Instance({ backend: 'pglite', pglite, loglevel: 'WARNING', stores: { default: 'bench', bench: store.settings } });
  const schema = inst.Schema(uniqueSchemaName('bench_storage'));
  const Values = { Values: class extends dj.Manual {
    static definition = `
    id : int32
    ---
    value : ${benchCase.type}
    `;
  } }.Values;
  schema.table(Values);
  await schema.ready();
  const table = await schema.getTable('values');
  const work = benchCase.formatWork;
  /** Value `i` of round `round`: distinct across cases and rounds, so nothing is deduplicated. */
  const valueOf = (round: number, i: number) => benchCase.value(i + (index * ROUNDS + round) * VALUES);
  const rawKeys = (round: number, prefix: string, start: number, end: number) =>
    Array.from({ length: end - start }, (_, k) => ({ key: `${prefix}${index}-${round}-${start + k}`, i: start + k }));

  type Side = { insert(round: number): Promise<void>; fetch(round: number): Promise<void> };
  type SideName = 'dj' | 'raw' | 'work';
  const sides: Record<SideName, Side> = {
    dj: {
      insert: (round) => inBatches(async (start, end) => {
        const rows = [];
        for (let i = start; i < end; i += 1) rows.push({ id: round * VALUES + i, value: valueOf(round, i).value });
        await table.insert(rows);
      }),
      fetch: (round) => inBatches(async (start, end) => {
        const rows = await table.restrict(`id >= ${round * VALUES + start} AND id < ${round * VALUES + end}`).toDicts();
        if (rows.length !== end - start) throw new Error('fetched the wrong number of rows');
      }),
    },
    raw: {
      insert: (round) => inBatches((start, end) =>
        withConcurrency(rawKeys(round, '', start, end), RAW_CONCURRENCY, ({ key, i }) => store.raw.put(key, valueOf(round, i).bytes))),
      fetch: (round) => inBatches((start, end) =>
        withConcurrency(rawKeys(round, '', start, end), RAW_CONCURRENCY, async ({ key }) => {
          if ((await store.raw.get(key)).length !== VALUE_BYTES) throw new Error('short raw read');
        })),
    },
    work: {
      insert: (round) => inBatches((start, end) =>
        withConcurrency(rawKeys(round, `${work.label}-`, start, end), RAW_CONCURRENCY, async ({ key, i }) => {
          const stored = await work.encode(valueOf(round, i).bytes);
          if (!(await store.raw.exists(key))) await store.raw.put(key, stored);
        })),
      fetch: (round) => inBatches((start, end) =>
        withConcurrency(rawKeys(round, `${work.label}-`, start, end), RAW_CONCURRENCY, async ({ key }) => {
          if ((await work.decode(await store.raw.get(key))).length !== VALUE_BYTES) throw new Error('short raw read');
        })),
    },
  };
  const names: SideName[] = ['dj', 'raw', 'work'];
  const timings = { insert: new Map<SideName, Timing>(), fetch: new Map<SideName, Timing>() };
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = names.map((_, k) => names[(k + round) % names.length]!);
    for (const op of ['insert', 'fetch'] as const) {
      for (const name of order) timings[op].set(name, best(timings[op].get(name), await measured(() => sides[name][op](round))));
    }
  }
  await schema.drop({ prompt: false });
  await closeStores(inst.config);
  await inst.close();

  const mbps = (ms: number) => (VALUES * VALUE_BYTES) / 2 ** 20 / (ms / 1000);
  const row = (label: string, op: 'insert' | 'fetch', baseline: SideName): Row => {
    const dj = timings[op].get('dj')!;
    const raw = timings[op].get(baseline)!;
    return { store: store.kind, case: benchCase.label, op: label, djMBps: mbps(dj.ms), rawMBps: mbps(raw.ms), djPeakMb: dj.peakMb, rawPeakMb: raw.peakMb };
  };
  return [
    row('insert / put', 'insert', 'raw'),
    row('fetch / get', 'fetch', 'raw'),
    row(`insert / ${work.label} + exists + put`, 'insert', 'work'),
    row(`fetch / get + ${work.label}`, 'fetch', 'work'),
  ];
}

export async function storageBenchmark(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = await startS3ServerProcess();
  const rows: Row[] = [];
  try {
    for (const makeStore of [fileStore, () => s3Store(server)]) {
      const store = await makeStore();
      try {
        for (const [index, benchCase] of STORAGE_CASES.entries()) rows.push(...(await runCase(store, benchCase, index)));
      } finally {
        store.cleanup();
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
  console.log(
    `\nStore-backed attributes: ${VALUES} values of 1 MB, ${BATCH} per call, vs the raw client (fs / @aws-sdk/client-s3, ${RAW_CONCURRENCY} requests at once, on s3rver in another process); best of ${ROUNDS} rounds per side, taken in turns.` +
      ' Rows "<work> + exists + put" / "get + <work>": the raw client also doing the work the stored format requires (MD5 content hash on write, written only if not there yet, hash checked on read; zlib for <blob>).',
  );
  printRows(rows);
}

/** Prints measured rows with their ratio beside the target; peak RSS of this process, sampled every 20 ms. */
function printRows(rows: readonly Row[]): void {
  console.table(rows.map((r) => {
    const ratio = r.djMBps / r.rawMBps;
    return {
      store: r.store,
      case: r.case,
      operation: r.op,
      'datajoint MB/s': Math.round(r.djMBps * 10) / 10,
      'raw MB/s': Math.round(r.rawMBps * 10) / 10,
      ratio: Number(ratio.toFixed(2)),
      target: `≥ ${TARGET_RATIO}`,
      met: ratio >= TARGET_RATIO ? 'yes' : 'no',
      'datajoint peak RSS MB': Math.round(r.djPeakMb),
      'raw peak RSS MB': Math.round(r.rawPeakMb),
    };
  }));
}

// ---------------------------------------------------------------- <object@> files and folders

/**
 * `<object@>` sizes: large files (default 10 × 100 MB = 1 GB) and one folder of small files
 * (default 10,000 × 4 KB). Override with `DJ_BENCH_OBJECT_FILES`, `DJ_BENCH_OBJECT_FILE_MB`,
 * `DJ_BENCH_SMALL_FILES`, `DJ_BENCH_SMALL_FILE_KB`; `DJ_BENCH_OBJECT_STORES=file` (or `s3`)
 * measures one kind of store.
 */
function objectSizes(): { files: number; fileMb: number; smallFiles: number; smallKb: number } {
  const option = (name: string, fallback: number): number => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  return {
    files: option('DJ_BENCH_OBJECT_FILES', 10),
    fileMb: option('DJ_BENCH_OBJECT_FILE_MB', 100),
    smallFiles: option('DJ_BENCH_SMALL_FILES', 10_000),
    smallKb: option('DJ_BENCH_SMALL_FILE_KB', 4),
  };
}

/** Raw transfers of local files: `fs` streams, or `@aws-sdk/client-s3` (multipart `Upload`, streamed `GetObject`). */
interface RawFiles {
  upload(key: string, localFile: string): Promise<void>;
  download(key: string, localFile: string): Promise<void>;
}

function rawFilesFor(settings: Record<string, unknown>, root: string): RawFiles {
  if (settings.protocol === 'file') {
    const rawRoot = path.join(root, 'raw-files');
    const copy = async (from: string, to: string) => {
      await fsp.mkdir(path.dirname(to), { recursive: true });
      await pipeline(createReadStream(from), createWriteStream(to));
    };
    return {
      upload: (key, localFile) => copy(localFile, path.join(rawRoot, key)),
      download: (key, localFile) => copy(path.join(rawRoot, key), localFile),
    };
  }
  const client = new S3Client({
    endpoint: String(settings.endpoint),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: String(settings.access_key), secretAccessKey: String(settings.secret_key) },
  });
  const bucket = String(settings.bucket);
  return {
    upload: async (key, localFile) => {
      await new Upload({ client, params: { Bucket: bucket, Key: `raw-files/${key}`, Body: createReadStream(localFile) } }).done();
    },
    download: async (key, localFile) => {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `raw-files/${key}` }));
      await fsp.mkdir(path.dirname(localFile), { recursive: true });
      await pipeline(response.Body as Readable, createWriteStream(localFile));
    },
  };
}

/** Writes `count` files of `bytes` each (distinct pseudo-random content), streaming. */
async function makeFiles(folder: string, count: number, bytes: number, name: (i: number) => string): Promise<string[]> {
  await fsp.mkdir(folder, { recursive: true });
  const block = Buffer.from(BASE_SAMPLES.buffer).subarray(0, Math.min(bytes, VALUE_BYTES));
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const file = path.join(folder, name(i));
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const handle = await fsp.open(file, 'w');
    try {
      for (let written = 0; written < bytes; written += block.length) {
        const chunk = block.subarray(0, Math.min(block.length, bytes - written));
        chunk.writeUInt32LE(i, 0); // distinct content per file
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    files.push(file);
  }
  return files;
}

async function objectCases(store: StoreUnderTest, work: string): Promise<Row[]> {
  const sizes = objectSizes();
  const pglite = await newPglite();
  const inst = new dj.Instance({ backend: 'pglite', pglite, loglevel: 'WARNING', stores: { default: 'bench', bench: store.settings } });
  const schema = inst.Schema(uniqueSchemaName('bench_objects'));
  schema.table({ Objects: class extends dj.Manual {
    static definition = `
    id : int32
    ---
    data : <object@>
    `;
  } }.Objects);
  await schema.ready();
  const table = await schema.getTable('objects');
  const raw = rawFilesFor(store.settings, path.join(work, 'store'));
  const rows: Row[] = [];
  const report = (label: string, totalBytes: number, dj: { insert: Timing; fetch: Timing }, rawTimes: { insert: Timing; fetch: Timing }) => {
    const mbps = (ms: number) => totalBytes / 2 ** 20 / (ms / 1000);
    const measuredRows: Row[] = [
      { store: store.kind, case: label, op: 'insert / put', djMBps: mbps(dj.insert.ms), rawMBps: mbps(rawTimes.insert.ms), djPeakMb: dj.insert.peakMb, rawPeakMb: rawTimes.insert.peakMb },
      { store: store.kind, case: label, op: 'fetch+download / get', djMBps: mbps(dj.fetch.ms), rawMBps: mbps(rawTimes.fetch.ms), djPeakMb: dj.fetch.peakMb, rawPeakMb: rawTimes.fetch.peakMb },
    ];
    for (const r of measuredRows) console.error(`  ${r.store} ${r.case} ${r.op}: ${r.djMBps.toFixed(1)} vs ${r.rawMBps.toFixed(1)} MB/s`);
    rows.push(...measuredRows);
  };
  try {
    // Large files: one row each, inserted in one call; fetched and downloaded.
    const fileBytes = Math.round(sizes.fileMb * 2 ** 20);
    const large = await makeFiles(path.join(work, 'large'), sizes.files, fileBytes, (i) => `recording-${i}.dat`);
    const djLarge = {
      insert: await measured(() => table.insert(large.map((file, id) => ({ id, data: file })))),
      fetch: await measured(async () => {
        const refs = (await table.toArrays('data'))[0] as dj.ObjectRef[];
        await withConcurrency(refs, RAW_CONCURRENCY, async (ref) => {
          await ref.download(path.join(work, 'dj-large', path.basename(ref.path)));
        });
      }),
    };
    const rawLarge = {
      insert: await measured(() => withConcurrency(large, RAW_CONCURRENCY, (file) => raw.upload(path.basename(file), file))),
      fetch: await measured(() => withConcurrency(large, RAW_CONCURRENCY, (file) => raw.download(path.basename(file), path.join(work, 'raw-large', path.basename(file))))),
    };
    report(`<object@> ${sizes.files} files of ${sizes.fileMb} MB`, sizes.files * fileBytes, djLarge, rawLarge);
    await Promise.all(large.map((file) => fsp.rm(file)));
    await fsp.rm(path.join(work, 'dj-large'), { recursive: true, force: true });
    await fsp.rm(path.join(work, 'raw-large'), { recursive: true, force: true });

    // Small files: one folder object.
    const smallBytes = Math.round(sizes.smallKb * 1024);
    const folder = path.join(work, 'small');
    const small = await makeFiles(folder, sizes.smallFiles, smallBytes, (i) => `${String(Math.floor(i / 100)).padStart(3, '0')}/${i}.bin`);
    const relative = small.map((file) => path.relative(folder, file).split(path.sep).join('/'));
    // Two rounds per side, alternating (dj, raw, dj, raw), best of each: the first requests
    // of a run also warm up s3rver (another process), which would favour whichever side goes second.
    const djRound = async (round: number) => ({
      insert: await measured(() => table.insert1({ id: 1_000_000 + round, data: folder })),
      fetch: await measured(async () => {
        const ref = (await table.restrict({ id: 1_000_000 + round }).fetch1('data')) as dj.ObjectRef;
        await ref.download(path.join(work, `dj-small-${round}`));
      }),
    });
    const rawRound = async (round: number) => ({
      insert: await measured(() => withConcurrency(relative, 16, (key) => raw.upload(`small-${round}/${key}`, path.join(folder, key)))),
      fetch: await measured(() => withConcurrency(relative, 16, (key) => raw.download(`small-${round}/${key}`, path.join(work, `raw-small-${round}`, key)))),
    });
    const bestOfBoth = (a: { insert: Timing; fetch: Timing }, b: { insert: Timing; fetch: Timing }) => ({
      insert: best(a.insert, b.insert),
      fetch: best(a.fetch, b.fetch),
    });
    let djSmall = await djRound(0);
    let rawSmall = await rawRound(0);
    djSmall = bestOfBoth(djSmall, await djRound(1));
    rawSmall = bestOfBoth(rawSmall, await rawRound(1));
    report(`<object@> folder of ${sizes.smallFiles} files of ${sizes.smallKb} KB`, sizes.smallFiles * smallBytes, djSmall, rawSmall);
  } finally {
    await schema.drop({ prompt: false });
    await closeStores(inst.config);
    await inst.close();
  }
  return rows;
}

type Timing = { ms: number; peakMb: number };

/** `<object@>` against raw `fs` and the raw S3 client, in a folder store and on s3rver. */
export async function objectStorageBenchmark(): Promise<void> {
  const sizes = objectSizes();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = await startS3ServerProcess();
  const rows: Row[] = [];
  try {
    const kinds = (process.env.DJ_BENCH_OBJECT_STORES ?? 'file,s3').split(',');
    for (const makeStore of [fileStore, () => s3Store(server)]) {
      const store = await makeStore();
      if (!kinds.includes(store.kind)) {
        store.cleanup();
        continue;
      }
      const work = mkdtempSync(path.join(tmpdir(), 'dj-bench-objects-'));
      const settings = store.kind === 'file' ? { ...store.settings, location: path.join(work, 'store') } : store.settings;
      if (store.kind === 'file') await fsp.mkdir(path.join(work, 'store'), { recursive: true });
      try {
        rows.push(...(await objectCases({ ...store, settings }, work)));
      } finally {
        store.cleanup();
        rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
  console.log(
    `\n<object@>: ${sizes.files} files of ${sizes.fileMb} MB (one row each) and a folder of ${sizes.smallFiles} files of ${sizes.smallKb} KB,` +
      ` vs raw fs streams / @aws-sdk/client-s3 (s3rver in another process); peak RSS of this process, sampled every 20 ms`,
  );
  printRows(rows);
}
