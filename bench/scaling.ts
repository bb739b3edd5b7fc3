/**
 * How cost grows with the work, per backend: cascade plan and preview at 50/200/1,000
 * tables; insert, `toDicts()` and streaming (`for await`) rows/s and the peak RSS of each
 * at 10k/100k/1M rows (each size in its own process, so sizes do not pollute each other's
 * memory; `toDicts()` holds every row, so it stops at 100k and the 1M rows stream);
 * populate() keys/s at 1k/10k keys. Each row prints its growth per doubling of the work
 * (the cost ratio of two sizes, taken to the power 1 / log2 of their size ratio: 2.0 is
 * linear) and is flagged when that exceeds {@link SUPERLINEAR}. The table is written to
 * `bench/results/scaling.txt` and drawn as log-log charts in `bench/results/*.svg`.
 *
 * Smaller runs: `DJ_BENCH_SCALING_MAX_ROWS`, `DJ_BENCH_SCALING_MAX_TABLES` and
 * `DJ_BENCH_SCALING_MAX_KEYS` cap the sizes (e.g. 100000, 200, 1000).
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { createTestInstance, newPglite, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { bestPlanAndPreview, buildPipeline, planAndPreview } from './cascade-pipeline';
import { benchBackends, timed } from './harness';
import { declarePopulatePipeline } from './populate-pipeline';
import type { RowsMode, RowsResult } from './scaling-rows';
import { logLogChart, shortNumber } from './svg-chart';

function cap(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const TABLE_SIZES = [50, 200, 1000].filter((n) => n <= cap('DJ_BENCH_SCALING_MAX_TABLES', 1000));
const ROW_SIZES = [10_000, 100_000, 1_000_000].filter((n) => n <= cap('DJ_BENCH_SCALING_MAX_ROWS', 1_000_000));
const KEY_SIZES = [1000, 10_000].filter((n) => n <= cap('DJ_BENCH_SCALING_MAX_KEYS', 10_000));
/** `toDicts()` holds every row in memory: above this, rows are only streamed. */
const TO_DICTS_MAX = 100_000;
/** Rows per table of the cascade pipelines, and the seed (a tenth of the root's rows). */
const CASCADE_ROWS = 20;
const CASCADE_SEED = `id < ${CASCADE_ROWS / 10}`;
/** Cost per doubling of the work above which a row is flagged (2.0 is linear). */
export const SUPERLINEAR = 2.2;

const RESULTS_DIR = path.join(__dirname, '..', 'results');

/** How a series' values turn into cost: times are cost, rates are work / cost, memory is cost. */
type Kind = 'ms' | 'rate' | 'MB';

interface Series {
  readonly measure: string;
  readonly sizeLabel: string;
  readonly kind: Kind;
  readonly unit: string;
  readonly backend: string;
  readonly points: Array<{ size: number; value: number }>;
}

/** The growth in cost per doubling of the work between consecutive sizes. */
export function growthPerDoubling(kind: Kind, points: ReadonlyArray<{ size: number; value: number }>): number[] {
  const cost = (p: { size: number; value: number }) => (kind === 'rate' ? p.size / p.value : p.value);
  const out: number[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1]!;
    const b = points[i]!;
    out.push((cost(b) / cost(a)) ** (1 / Math.log2(b.size / a.size)));
  }
  return out;
}

class Collector {
  readonly series: Series[] = [];

  add(backend: string, measure: string, sizeLabel: string, kind: Kind, unit: string, size: number, value: number): void {
    let s = this.series.find((x) => x.backend === backend && x.measure === measure);
    if (!s) {
      s = { backend, measure, sizeLabel, kind, unit, points: [] };
      this.series.push(s);
    }
    s.points.push({ size, value });
    console.log(`  ${backend} ${measure} at ${shortNumber(size)} ${sizeLabel}: ${value.toFixed(1)} ${unit}`);
  }
}

function runChild(backend: TestBackend, mode: RowsMode, rows: number, schema: string, pgliteDir: string): Promise<RowsResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'scaling-rows.js'), [backend.name, mode, String(rows), schema, pgliteDir], { stdio: 'inherit' });
    let result: RowsResult | null = null;
    child.once('message', (m) => (result = m as RowsResult));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`scaling-rows ${mode} ${rows} exited with ${code}`))));
  });
}

async function instanceOn(backend: TestBackend): Promise<dj.Instance> {
  if (backend.name !== 'pglite') return createTestInstance(backend);
  return new dj.Instance({ backend: 'pglite', pglite: await newPglite(), loglevel: 'WARNING' });
}

async function cascadeScaling(backend: TestBackend, out: Collector): Promise<void> {
  for (const tables of TABLE_SIZES) {
    const inst = await instanceOn(backend);
    const schema = inst.Schema(uniqueSchemaName('bench_scaling_cascade'));
    const { classes } = await buildPipeline(schema, tables, CASCADE_ROWS);
    const seed = () => classes.get('Root')!.restrict(CASCADE_SEED);
    const cold = await planAndPreview(schema, seed());
    const warm = await bestPlanAndPreview(schema, seed, 3);
    out.add(backend.name, 'cascade plan, cold', 'tables', 'ms', 'ms', tables, cold.planMs);
    out.add(backend.name, 'cascade plan, cached graph', 'tables', 'ms', 'ms', tables, warm.planMs);
    out.add(backend.name, 'cascade preview (counts)', 'tables', 'ms', 'ms', tables, warm.previewMs);
    await schema.drop({ prompt: false });
    await inst.close();
  }
}

async function rowScaling(backend: TestBackend, out: Collector): Promise<void> {
  const admin = backend.name === 'pglite' ? null : await createTestInstance(backend);
  for (const rows of ROW_SIZES) {
    const schema = uniqueSchemaName('bench_scaling_rows');
    const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-scaling-'));
    try {
      const modes: RowsMode[] = rows <= TO_DICTS_MAX ? ['insert', 'toDicts', 'stream'] : ['insert', 'stream'];
      for (const mode of modes) {
        const { ms, peakRssMb } = await runChild(backend, mode, rows, schema, pgliteDir);
        const label = mode === 'toDicts' ? 'toDicts()' : mode === 'stream' ? 'for await (streaming)' : 'insert';
        out.add(backend.name, `${label} rows/s`, 'rows', 'rate', 'rows/s', rows, (rows / ms) * 1000);
        out.add(backend.name, `${label} peak RSS`, 'rows', 'MB', 'MB', rows, peakRssMb);
      }
    } finally {
      if (admin) await admin.connection.query(admin.connection.adapter.dropSchemaSql(schema));
      fs.rmSync(pgliteDir, { recursive: true, force: true });
    }
  }
  await admin?.close();
}

async function populateScaling(backend: TestBackend, out: Collector): Promise<void> {
  for (const keys of KEY_SIZES) {
    const inst = await instanceOn(backend);
    const schema = inst.Schema(uniqueSchemaName('bench_scaling_populate'));
    const { Key, Result } = declarePopulatePipeline(schema);
    await Result.ready();
    await Key.insert(Array.from({ length: keys }, (_, i) => ({ key_id: i, x: i / 3 })));
    const ms = await timed(() => Result.populate());
    if ((await Result.count()) !== keys) throw new Error(`populate() computed ${await Result.count()} of ${keys} keys`);
    out.add(backend.name, 'populate() keys/s', 'keys', 'rate', 'keys/s', keys, (keys / ms) * 1000);
    await schema.drop({ prompt: false });
    await inst.close();
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The table as text: per measure, one line per backend with its values, growth per doubling and flag. */
function formatTable(series: readonly Series[]): string {
  const lines: string[] = [];
  const measures = [...new Set(series.map((s) => s.measure))];
  for (const measure of measures) {
    const rows = series.filter((s) => s.measure === measure);
    const first = rows[0]!;
    const sizes = [...new Set(rows.flatMap((s) => s.points.map((p) => p.size)))].sort((a, b) => a - b);
    lines.push('');
    lines.push(`${measure} (${first.unit}) by ${first.sizeLabel}`);
    lines.push(`  ${pad('backend', 12)}${sizes.map((s) => pad(shortNumber(s), 12, true)).join('')}   ${'cost × per doubling'.padEnd(24)}flag`);
    for (const s of rows) {
      const values = sizes.map((size) => {
        const p = s.points.find((x) => x.size === size);
        return pad(p ? (p.value >= 100 ? Math.round(p.value).toString() : p.value.toFixed(1)) : '—', 12, true);
      });
      const growth = growthPerDoubling(s.kind, s.points);
      const flag = growth.some((g) => g > SUPERLINEAR) ? `SUPERLINEAR (> ${SUPERLINEAR}× per doubling)` : '';
      lines.push(`  ${pad(s.backend, 12)}${values.join('')}   ${growth.map((g) => g.toFixed(2)).join(', ').padEnd(24)}${flag}`);
    }
  }
  return lines.join('\n');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function writeCharts(series: readonly Series[]): string[] {
  const files: string[] = [];
  for (const measure of [...new Set(series.map((s) => s.measure))]) {
    const rows = series.filter((s) => s.measure === measure);
    const first = rows[0]!;
    const file = path.join(RESULTS_DIR, `scaling-${slug(measure)}.svg`);
    const svg = logLogChart({
      title: `${measure} by ${first.sizeLabel}`,
      xLabel: first.sizeLabel,
      yLabel: first.unit,
      series: rows.map((s) => ({ name: s.backend, points: s.points.map((p) => ({ x: p.size, y: p.value })) })),
    });
    fs.writeFileSync(file, svg);
    files.push(path.relative(path.join(__dirname, '..', '..'), file));
  }
  return files;
}

export async function scalingBenchmark(): Promise<void> {
  const out = new Collector();
  const backends = benchBackends();
  console.log(`\nScaling: tables ${TABLE_SIZES.join('/')}, rows ${ROW_SIZES.join('/')}, keys ${KEY_SIZES.join('/')} (progress below, table at the end)`);
  for (const backend of backends) {
    await cascadeScaling(backend, out);
    await rowScaling(backend, out);
    await populateScaling(backend, out);
  }
  const header =
    `Scaling, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}: ` +
    `cost × per doubling of the work is 2.00 when linear; flagged above ${SUPERLINEAR}. ` +
    `Rates are per second (higher is better); peak RSS is the whole child process's, one process per size and operation ` +
    `(PGlite's rows live in a database directory on disk there, shared by the processes); cached-graph plan and preview: best of 3.`;
  const table = `${header}\n${formatTable(out.series)}\n`;
  console.log(`\n${table}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'scaling.txt'), table);
  console.log(`written: bench/results/scaling.txt, ${writeCharts(out.series).join(', ')}`);
}
