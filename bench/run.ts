/**
 * Runs the benchmarks: `npm run bench` (all) or `npm run bench -- query`.
 * Every number is printed next to the raw driver measured in the same run.
 */
import { cascadeBenchmark } from './cascade';
import { compileBenchmark } from './compile';
import { declareBenchmark } from './declare';
import { fetchBenchmark } from './fetch';
import { insertBenchmark } from './insert';
import { populateBenchmark } from './populate';
import { processesBenchmark } from './populate-processes';
import { queryBenchmark } from './query';
import { scalingBenchmark } from './scaling';
import { typecheckBenchmark } from './typecheck';
import { tenantsBenchmark } from './tenants';
import { objectStorageBenchmark, storageBenchmark } from './storage';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  query: queryBenchmark,
  insert: insertBenchmark,
  fetch: fetchBenchmark,
  compile: compileBenchmark,
  cascade: cascadeBenchmark,
  populate: populateBenchmark,
  typecheck: typecheckBenchmark,
  declare: declareBenchmark,
  storage: storageBenchmark,
  tenants: tenantsBenchmark,
  processes: processesBenchmark,
  objects: objectStorageBenchmark,
};

/** Run by name only (`npm run bench -- scaling`): minutes long, and it writes `bench/results/`. */
const ON_REQUEST: Record<string, () => Promise<void>> = { scaling: scalingBenchmark };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);
  for (const name of names) {
    const bench = BENCHMARKS[name] ?? ON_REQUEST[name];
    if (!bench) throw new Error(`Unknown benchmark "${name}". Known: ${[...Object.keys(BENCHMARKS), ...Object.keys(ON_REQUEST)].join(', ')}`);
    await bench();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
