/**
 * Paths inside a store. Every path a backend is given is relative to the store's root and
 * is checked here first, so that no value (a key, a file name, a stored reference read
 * back from a table) can reach outside the store.
 */
import { DataJointError } from '../errors';

/**
 * Checks a path relative to a store's root and returns it with `/` separators.
 * @throws DataJointError for empty, absolute or escaping paths and control characters.
 */
export function checkStorePath(path: string, what = 'store path'): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new DataJointError(`Invalid ${what}: it must be a non-empty string`);
  }
  // Control characters (NUL above all) are refused by file systems inconsistently.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) {
    throw new DataJointError(`Invalid ${what} ${JSON.stringify(path)}: control characters and backslashes are not allowed`);
  }
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    throw new DataJointError(`Invalid ${what} ${JSON.stringify(path)}: it must be relative to the store's root`);
  }
  const parts = path.split('/');
  if (parts.some((part) => part === '..' || part === '.')) {
    throw new DataJointError(`Invalid ${what} ${JSON.stringify(path)}: '.' and '..' segments are not allowed`);
  }
  if (parts.slice(0, -1).some((part) => part === '')) {
    throw new DataJointError(`Invalid ${what} ${JSON.stringify(path)}: empty segments are not allowed`);
  }
  return path;
}

/** A folder prefix for listing: `''` (the whole store) or a checked path. */
export function checkStorePrefix(prefix: string): string {
  if (prefix === '') return '';
  return checkStorePath(prefix.replace(/\/+$/, ''), 'store prefix');
}

/** Joins path segments with `/`, skipping empty ones and trimming their slashes. */
export function joinStorePath(...parts: Array<string | null | undefined>): string {
  return parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part.length > 0)
    .join('/');
}
