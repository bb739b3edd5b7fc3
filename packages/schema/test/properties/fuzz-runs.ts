/**
 * How many cases each property test tries: a bounded number in `npm test`, so that CI stays
 * fast, and `FUZZ_RUNS` for long local runs (`FUZZ_RUNS=5000 npm run jest -- properties`).
 */
import fc from 'fast-check';

/** Runs for one property: `FUZZ_RUNS` when set, else `defaultRuns`. */
export function fuzzRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}

/**
 * Parameters for `fc.assert`: the run count, and `FUZZ_SEED` to replay a failure that a
 * previous run reported.
 */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: fuzzRuns(defaultRuns), ...(Number.isInteger(seed) ? { seed } : {}) };
}
