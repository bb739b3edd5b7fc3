/**
 * datajoint-python's query cache: while a cache key is set (`connection.setQueryCache(key)`),
 * every statement must be a SELECT (or SHOW), and its result is kept in a file of the
 * folder the `query_cache` setting names, so that the same statement with the same values
 * and key is answered from the file, without the server. A different key starts a fresh
 * cache; `purgeQueryCache()` empties the folder.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { QueryResult } from '../dialects/driver';
import { DataJointError } from '../errors';
import type { Config } from '../settings/config';

/** Statements a cached connection may run: reads only (a parenthesised SELECT of a union too). */
const READ_STATEMENT = /^\s*\(*\s*(SELECT|SHOW)\b/i;

/** The file names the cache writes: an md5 digest each. */
const CACHE_FILE = /^[0-9a-f]{32}$/;

export class QueryCache {
  private key: string | null = null;

  constructor(private readonly config: Config) {}

  /** Whether results are cached. */
  get active(): boolean {
    return this.key !== null;
  }

  /** Turns caching on under `key`, or off with `null`. */
  setKey(key: string | null): void {
    if (key !== null && (typeof key !== 'string' || key === '')) {
      throw new DataJointError('The query cache key must be a non-empty string, or null to turn caching off.');
    }
    this.key = key;
  }

  /** The folder of the `query_cache` setting. */
  private folder(): string {
    const folder = this.config.query_cache;
    if (!folder) throw new DataJointError("Provide a folder in the query_cache setting (config.query_cache = '/path') when using query caching.");
    return folder;
  }

  /**
   * The result of `sql` with `params`: from its file, or from `run` (then kept in the file).
   * @throws DataJointError for a statement that is not a SELECT, or without a `query_cache` folder.
   */
  async resolve<R>(sql: string, params: readonly unknown[], run: () => Promise<QueryResult<R>>): Promise<QueryResult<R>> {
    if (!READ_STATEMENT.test(sql)) throw new DataJointError('Only SELECT queries are allowed when query caching is on.');
    const folder = this.folder();
    const digest = createHash('md5').update(this.key!).update(serialize([...params])).update(sql).digest('hex');
    const file = path.join(folder, digest);
    try {
      return deserialize(await fs.promises.readFile(file)) as QueryResult<R>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const result = await run();
    await fs.promises.mkdir(folder, { recursive: true });
    // written whole under a temporary name, then renamed: a concurrent reader never sees half a file
    const partial = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(partial, serialize({ rows: result.rows, rowCount: result.rowCount }));
    await fs.promises.rename(partial, file);
    return result;
  }

  /** Deletes every cached result (the files the cache wrote; nothing else in the folder). */
  async purge(): Promise<void> {
    const folder = this.config.query_cache;
    if (!folder || !fs.existsSync(folder)) return;
    for (const name of await fs.promises.readdir(folder)) {
      if (CACHE_FILE.test(name)) await fs.promises.rm(path.join(folder, name), { force: true });
    }
  }
}
