/** The code version recorded with jobs and job metadata (`jobs.version_method`). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

let gitVersion: Promise<string> | null = null;

/** `git rev-parse --short HEAD` for `'git'` (empty outside a repository), else empty; at most 64 characters. */
export function codeVersion(method: unknown): Promise<string> {
  if (method !== 'git') return Promise.resolve('');
  gitVersion ??= promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'])
    .then(({ stdout }) => stdout.trim().slice(0, 64))
    .catch(() => '');
  return gitVersion;
}
