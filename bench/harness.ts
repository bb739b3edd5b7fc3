/**
 * Small helpers shared by the benchmarks: which backends to measure, timing, and a
 * report that prints each result as a ratio to the raw driver measured in the same run.
 */
import { resolveTestBackends, type TestBackend } from '@dj/testing';

/** Backends to measure: PGlite always, servers from DJ_TEST_MYSQL / DJ_TEST_POSTGRES. */
export function benchBackends(): TestBackend[] {
  const { available, unavailable } = resolveTestBackends();
  for (const u of unavailable) console.log(`(skipping ${u.name}: ${u.reason})`);
  return available;
}

/** Runs `fn` and returns elapsed milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Best of `rounds` timings (the least disturbed run), after one warm-up run; `before`
 * runs untimed ahead of each run.
 */
export async function bestOf(rounds: number, fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i <= rounds; i += 1) {
    if (before) await before();
    const ms = await timed(fn);
    if (i > 0) best = Math.min(best, ms);
  }
  return best;
}

export interface Measurement {
  backend: string;
  what: string;
  unit: string;
  datajoint: number;
  raw: number;
  /** Peer libraries measured in the same run: name → rate in `unit` (absent where a peer has no driver for the backend). */
  peers?: Readonly<Record<string, number>>;
}

/**
 * Prints rates and the DataJoint/raw ratio (higher is better; 1.0 = as fast as the driver),
 * then each peer's rate and DataJoint's ratio to it (above 1.0: DataJoint is faster).
 */
export function report(title: string, rows: Measurement[]): void {
  const peerNames = [...new Set(rows.flatMap((m) => Object.keys(m.peers ?? {})))].sort();
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
  console.log(`\n${title}`);
  console.table(
    rows.map((m) => {
      const line: Record<string, string | number> = {
        backend: m.backend,
        measure: m.what,
        [`datajoint ${m.unit}`]: Math.round(m.datajoint),
        [`raw driver ${m.unit}`]: Math.round(m.raw),
        'dj / raw': ratio(m.datajoint, m.raw),
      };
      for (const peer of peerNames) {
        const rate = m.peers?.[peer];
        line[`${peer} ${m.unit}`] = rate === undefined ? '—' : Math.round(rate);
        line[`dj / ${peer}`] = rate === undefined ? '—' : ratio(m.datajoint, rate);
      }
      return line;
    }),
  );
}
