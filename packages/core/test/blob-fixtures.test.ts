/**
 * Decodes every `<blob>` cell that datajoint-python wrote into the `dj_interop_lab` fixture
 * pipeline (`expected.json` of `PYTHON_FIXTURES_DIR`, key `blob_cells` of each table
 * and the error stacks of the jobs tables) and compares it with the tagged `decoded` value
 * recorded there. Each decoded value is then packed again and must unpack to the same value
 * (and, where no Python float with an integral value is involved, to the same bytes).
 *
 * Missing fixtures fail the test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PYTHON_FIXTURES_DIR } from '@dj/testing';
import {
  BlobDate,
  BlobDateTime,
  BlobDecimal,
  BlobTime,
  BlobTuple,
  BlobUuid,
  Complex,
  NDArray,
  pack,
  unpack,
} from '../src/codecs/blob';


/** A value in the tagged JSON of expected.json (see its README, "How expected.json is laid out"). */
interface Tagged {
  type: string;
  value?: unknown;
  hex?: string;
  items?: Array<[Tagged, Tagged]>;
  dtype?: string;
  shape?: number[];
}

/** One blob cell of expected.json. */
interface BlobCell {
  label: string;
  hex?: string;
  isNull: boolean;
  compressed?: boolean;
  protocol?: string;
  storedBytes?: number;
  uncompressedBytes?: number;
  decoded: Tagged | null;
}

interface RawCell {
  key?: Record<string, unknown>;
  attribute?: string;
  null?: boolean;
  hex?: string;
  compressed?: boolean;
  protocol?: string;
  stored_bytes?: number;
  uncompressed_bytes?: number;
  decoded: Tagged | null;
}

interface RawTable {
  class?: string | null;
  table_name?: string;
  blob_cells?: RawCell[];
  error_jobs?: Array<{ backend: string; key: Record<string, unknown>; error_stack: RawCell }>;
}

/** Reads the cells, or says why they cannot be read. */
function loadCells(): { cells: BlobCell[]; problem?: string } {
  const file = path.join(PYTHON_FIXTURES_DIR, 'expected.json');
  if (!existsSync(file)) {
    return {
      cells: [],
      problem: `datajoint-python fixtures not found: ${file} does not exist. Set DJ_FIXTURES_DIR to a copy of them.`,
    };
  }
  const expected = JSON.parse(readFileSync(file, 'utf8')) as { tables: RawTable[]; hidden_tables: RawTable[] };
  const toCell = (label: string, raw: RawCell): BlobCell => ({
    label,
    hex: raw.hex,
    isNull: raw.null === true,
    compressed: raw.compressed,
    protocol: raw.protocol,
    storedBytes: raw.stored_bytes,
    uncompressedBytes: raw.uncompressed_bytes,
    decoded: raw.decoded,
  });
  const cells: BlobCell[] = [];
  for (const table of [...expected.tables, ...expected.hidden_tables]) {
    const name = table.class ?? table.table_name ?? '?';
    for (const raw of table.blob_cells ?? []) {
      cells.push(toCell(`${name}.${raw.attribute} ${JSON.stringify(raw.key)}`, raw));
    }
    for (const job of table.error_jobs ?? []) {
      cells.push(toCell(`${table.table_name}.error_stack ${job.backend} ${JSON.stringify(job.key)}`, job.error_stack));
    }
  }
  return { cells };
}

/** A float as expected.json writes it: NaN and infinities as strings. */
function floatJson(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/**
 * An array element as expected.json writes it: numbers (integers beyond 2^53 as decimal
 * strings), `[re, im]` for complex, and tagged values in object arrays.
 */
function elementJson(value: unknown, hint: unknown, isObject: boolean): unknown {
  if (isObject) return tag(value, hint as Tagged | undefined);
  if (typeof value === 'number') return floatJson(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Complex) return [floatJson(value.re), floatJson(value.im)];
  return value;
}

/** Row-major nested elements of an array, as expected.json writes them. */
function nestedJson(array: NDArray, hint: unknown): unknown {
  const isObject = array.dtype === 'object';
  const walk = (nested: unknown, at: unknown, depth: number): unknown =>
    depth < array.ndim
      ? (nested as unknown[]).map((item, i) => walk(item, Array.isArray(at) ? at[i] : undefined, depth + 1))
      : elementJson(nested, at, isObject);
  return walk(array.toNested(), hint, 0);
}

/**
 * The tagged JSON of a decoded JavaScript value. Decoded Python ints and floats are both
 * numbers, so for an integral number the expected tag (`hint`) says which one it was.
 */
function tag(value: unknown, hint?: Tagged): unknown {
  if (value === null) return { type: 'none' };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'bigint') return { type: 'int', value: value.toString() };
  if (typeof value === 'number') {
    if (hint?.type === 'int' && Number.isSafeInteger(value) && !Object.is(value, -0)) return { type: 'int', value: String(value) };
    return { type: 'float', value: floatJson(value) };
  }
  if (typeof value === 'string') return { type: 'str', value };
  if (Buffer.isBuffer(value)) return { type: 'bytes', hex: value.toString('hex') };
  if (value instanceof Complex) return { type: 'complex', value: [floatJson(value.re), floatJson(value.im)] };
  if (value instanceof BlobDecimal) return { type: 'decimal', value: value.value };
  if (value instanceof BlobUuid) return { type: 'uuid', value: value.value };
  if (value instanceof BlobDateTime) return { type: 'datetime', value: value.toString() };
  if (value instanceof BlobDate) return { type: 'date', value: value.toString() };
  if (value instanceof BlobTime) return { type: 'time', value: value.toString() };
  if (value instanceof NDArray) {
    return { type: 'ndarray', dtype: value.dtype, shape: [...value.shape], value: nestedJson(value, hint?.value) };
  }
  const hints = Array.isArray(hint?.value) ? (hint.value as Tagged[]) : [];
  const tagAll = (items: unknown[]): unknown[] => items.map((item, i) => tag(item, hints[i]));
  if (value instanceof BlobTuple) return { type: 'tuple', value: tagAll([...value]) };
  if (Array.isArray(value)) return { type: 'list', value: tagAll(value) };
  if (value instanceof Set) return { type: 'set', value: tagAll([...value]) };
  if (value instanceof Map || (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)) {
    const entries: Array<[unknown, unknown]> = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
    const itemHints = hint?.items ?? [];
    return { type: 'dict', items: entries.map(([k, v], i) => [tag(k, itemHints[i]?.[0]), tag(v, itemHints[i]?.[1])]) };
  }
  return { type: `unexpected ${(value as object).constructor?.name ?? typeof value}` };
}

/** Whether a tagged value holds a Python float with an integral value (it re-packs as an int). */
function hasIntegralFloat(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasIntegralFloat);
  if (value === null || typeof value !== 'object') return false;
  const tagged = value as Tagged;
  if (tagged.type === 'float' && typeof tagged.value === 'number' && Number.isInteger(tagged.value)) return true;
  if (tagged.type === 'ndarray') return tagged.dtype === 'object' && hasIntegralFloat(tagged.value);
  return hasIntegralFloat(tagged.value) || hasIntegralFloat(tagged.items);
}

/** The uncompressed payload of a blob. */
function payloadOf(blob: Buffer): Buffer {
  return blob.subarray(0, 6).toString('latin1') === 'ZL123\0' ? inflateSync(blob.subarray(14)) : blob;
}

const { cells, problem } = loadCells();

describe('blob cells written by datajoint-python (the python-declared fixtures)', () => {
  it('finds the fixtures', () => {
    if (problem) throw new Error(problem);
    expect(cells.length).toBeGreaterThanOrEqual(40);
    expect(cells.some((cell) => cell.compressed)).toBe(true);
    expect(cells.some((cell) => cell.isNull)).toBe(true);
  });

  const stored = cells.filter((cell) => !cell.isNull);
  const nulls = cells.filter((cell) => cell.isNull);

  if (stored.length > 0) {
    it.each(stored.map((cell) => [cell.label, cell] as const))('decodes %s', (_label, cell) => {
      const blob = Buffer.from(cell.hex!, 'hex');
      expect(blob.length).toBe(cell.storedBytes);
      expect(payloadOf(blob).length).toBe(cell.uncompressedBytes);
      expect(payloadOf(blob).subarray(0, 3).toString('latin1')).toBe(cell.protocol);
      expect(blob.subarray(0, 6).toString('latin1') === 'ZL123\0').toBe(cell.compressed);
      const decoded = unpack(blob);
      expect(tag(decoded, cell.decoded ?? undefined)).toEqual(cell.decoded);
    });

    it.each(stored.map((cell) => [cell.label, cell] as const))('re-packs %s', (_label, cell) => {
      const blob = Buffer.from(cell.hex!, 'hex');
      const decoded = unpack(blob);
      const repacked = pack(decoded);
      expect(tag(unpack(repacked), cell.decoded ?? undefined)).toEqual(cell.decoded);
      if (!hasIntegralFloat(cell.decoded)) {
        // Same payload, hence same protocol; the compressed form may differ, since Node's
        // zlib build need not emit the same deflate stream as Python's.
        expect(pack(decoded, { compress: false }).toString('hex')).toBe(payloadOf(blob).toString('hex'));
        expect(repacked.subarray(0, 6).toString('latin1') === 'ZL123\0').toBe(cell.compressed);
      }
    });
  }

  if (nulls.length > 0) {
    it.each(nulls.map((cell) => [cell.label, cell] as const))('has no bytes and decodes to null: %s', (_label, cell) => {
      expect(cell.hex ?? null).toBeNull();
      expect(cell.decoded).toBeNull();
      expect(unpack(null)).toBeNull();
    });
  }
});
