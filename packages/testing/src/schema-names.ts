import { randomBytes } from 'node:crypto';

/** Prefix of every schema the fixtures create. */
export const TEST_SCHEMA_PREFIX = 'djtest_';

let counter = 0;

/**
 * A schema name no other suite, worker or concurrent run will use:
 * `djtest_<label>_<worker>_<pid>_<n>_<random>`, lower case, within MySQL's 64 characters.
 */
export function uniqueSchemaName(label = 's'): string {
  const worker = process.env.JEST_WORKER_ID ?? '0';
  const tag = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20);
  counter += 1;
  return `${TEST_SCHEMA_PREFIX}${tag}_${worker}_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
}
