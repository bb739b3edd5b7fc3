/**
 * Garbage collection of store objects, as datajoint-python's `dj.gc.GarbageCollector` does
 * it: deleting rows never deletes store objects (content-addressed objects may be shared),
 * and an insert that fails or a `make()` that rolls back may leave objects no row refers to.
 * The collector lists, per schema, the objects of one store's hash section
 * (`{hash_prefix}/{schema}/…`) and schema section (`{schema_prefix}/{schema}/…`), reads the
 * references every table of the schema holds, and reports (by default) or deletes the rest.
 *
 * Which columns hold references is decided by their codecs: a codec whose
 * {@link Codec.addressing} is `'hash'` or `'schema'` (its own, or that of a codec it stores
 * through) has its stored values read with {@link Codec.referencedPaths}.
 */
import {
  CONTENT_HASH_PATTERN,
  getStore,
  joinStorePath,
  resolveCodecChain,
  resolveStoreName,
  type StoreBackend,
} from '@dj/core/internal';
import { DataJointError, type Codec, type Config } from '@dj/core';
import type { Schema } from '../schema/schema';
import { FreeTable } from '../tables/free-table';

/** Options of {@link GarbageCollector}. */
export interface GarbageCollectorOptions {
  /** The store to collect (default: the default store). */
  readonly store?: string | null;
  /** The settings that define the store (default: those of the first schema's connection). */
  readonly config?: Config;
}

/** Options of {@link GarbageCollector.collect}. */
export interface CollectOptions {
  /** Only report (the default); `false` deletes the orphans. */
  readonly dryRun?: boolean;
}

/** What a collection found and did (datajoint-python's report, in camelCase). */
export interface GarbageCollectionReport {
  readonly hashPathsReferenced: number;
  readonly hashPathsStored: number;
  readonly hashPathsOrphaned: number;
  readonly hashPathsOrphanedBytes: number;
  /** Orphaned content-addressed objects, as store paths. */
  readonly orphanedHashPaths: string[];
  readonly schemaPathsReferenced: number;
  readonly schemaPathsStored: number;
  readonly schemaPathsOrphaned: number;
  readonly schemaPathsOrphanedBytes: number;
  /** Orphaned schema-addressed files, as store paths. */
  readonly orphanedSchemaPaths: string[];
  readonly hashPathsDeleted: number;
  readonly schemaPathsDeleted: number;
  readonly deleted: number;
  readonly bytesFreed: number;
  /** Deletions that failed. */
  readonly errors: number;
  /** Problems while scanning; any of them makes a non-dry run refuse to delete. */
  readonly scanErrors: string[];
  readonly dryRun: boolean;
}

/** Suffix of the manifest written beside a folder-valued object. */
const MANIFEST_SUFFIX = '.manifest.json';

/**
 * Whether a stored file belongs to a referenced object: it is one, lies under one (a
 * folder-valued object), or is the manifest of one.
 */
function isCovered(path: string, referenced: ReadonlySet<string>): boolean {
  const owner = path.endsWith(MANIFEST_SUFFIX) ? path.slice(0, -MANIFEST_SUFFIX.length) : path;
  if (referenced.has(owner)) return true;
  for (let slash = owner.lastIndexOf('/'); slash > 0; slash = owner.lastIndexOf('/', slash - 1)) {
    if (referenced.has(owner.slice(0, slash))) return true;
  }
  return false;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Collects the orphaned objects of one store for a fixed set of schemas. */
export class GarbageCollector {
  /** The schemas whose tables may reference the store's objects. */
  readonly schemas: readonly Schema[];
  /** The collected store's name. */
  readonly store: string;
  /** The configuration the store is read from (the first schema's connection's). */
  readonly config: Config;
  private readonly backend: StoreBackend;
  private scanErrors: string[] = [];

  /** @throws DataJointError without schemas, or when the store is not configured. */
  constructor(schemas: Schema | readonly Schema[], options: GarbageCollectorOptions = {}) {
    const list = Array.isArray(schemas) ? [...(schemas as readonly Schema[])] : [schemas as Schema];
    if (list.length === 0) throw new DataJointError('At least one schema must be provided');
    this.schemas = list;
    this.config = options.config ?? list[0]!.connection.config;
    this.store = resolveStoreName(this.config, options.store);
    this.backend = getStore(this.config, this.store);
  }

  /** Store paths of content-addressed objects the schemas' rows refer to in this store. */
  async hashReferences(): Promise<Set<string>> {
    return (await this.references()).hash;
  }

  /** Store paths of schema-addressed objects the schemas' rows refer to in this store. */
  async schemaReferences(): Promise<Set<string>> {
    return (await this.references()).schema;
  }

  private refersToThisStore(store: string | null): boolean {
    try {
      return resolveStoreName(this.config, store) === this.store;
    } catch {
      return false; // the default store is not configured: a null reference cannot be here
    }
  }

  /** The references of every codec column of the schemas, by addressing, in one pass. */
  private async references(): Promise<Record<'hash' | 'schema', Set<string>>> {
    const referenced = { hash: new Set<string>(), schema: new Set<string>() };
    for (const schema of this.schemas) {
      const { connection } = schema;
      const { adapter } = connection;
      for (const tableName of await schema.listTables()) {
        const table = new FreeTable(connection, adapter.fullTableName(schema.name, tableName));
        try {
          await table.ready();
        } catch (error) {
          this.scanErrors.push(`${table.fullTableName}: ${errorText(error)}`);
          continue;
        }
        for (const attribute of table.heading.attributes) {
          if (attribute.codec === null) continue;
          let chain: readonly Codec[];
          try {
            chain = resolveCodecChain(attribute.codec).chain;
          } catch (error) {
            // Without its codec nobody can tell what a column refers to: never guess.
            this.scanErrors.push(`${table.fullTableName}.${attribute.name}: ${errorText(error)}`);
            continue;
          }
          const addressing = chain.find((codec) => codec.addressing !== null)?.addressing;
          if (!addressing) continue;
          const codec = chain[chain.length - 1]!; // the codec whose values the column holds
          const column = adapter.quoteIdentifier(attribute.name);
          try {
            const result = await connection.query<Record<string, unknown>>(
              `SELECT ${column} AS ${adapter.quoteIdentifier('ref')} FROM ${table.fullTableName} WHERE ${column} IS NOT NULL`,
            );
            for (const row of result.rows) {
              for (const { path, store } of codec.referencedPaths(row.ref)) {
                if (this.refersToThisStore(store)) referenced[addressing].add(path);
              }
            }
          } catch (error) {
            this.scanErrors.push(`${table.fullTableName}.${attribute.name}: ${errorText(error)}`);
          }
        }
      }
    }
    return referenced;
  }

  /** Content-addressed objects stored for one schema: path → size. */
  async listHashPaths(schemaName: string): Promise<Map<string, number>> {
    const stored = new Map<string, number>();
    try {
      for await (const object of this.backend.list(joinStorePath(this.backend.spec.hashPrefix, schemaName))) {
        const name = object.path.slice(object.path.lastIndexOf('/') + 1);
        if (CONTENT_HASH_PATTERN.test(name)) stored.set(object.path, object.size);
      }
    } catch (error) {
      this.scanErrors.push(`listHashPaths(${schemaName}): ${errorText(error)}`);
    }
    return stored;
  }

  /** Schema-addressed files stored for one schema (manifests included): path → size. */
  async listSchemaPaths(schemaName: string): Promise<Map<string, number>> {
    const stored = new Map<string, number>();
    try {
      for await (const object of this.backend.list(joinStorePath(this.backend.spec.schemaPrefix, schemaName))) {
        stored.set(object.path, object.size);
      }
    } catch (error) {
      this.scanErrors.push(`listSchemaPaths(${schemaName}): ${errorText(error)}`);
    }
    return stored;
  }

  /**
   * Reports, and unless `dryRun` (the default) deletes, the objects no row refers to.
   * @throws DataJointError when deleting after a scan that had errors (a partial scan could
   * take live objects for orphans).
   */
  async collect(options: CollectOptions = {}): Promise<GarbageCollectionReport> {
    const dryRun = options.dryRun ?? true;
    this.scanErrors = [];
    const { hash: hashReferenced, schema: schemaReferenced } = await this.references();
    const hashStored = new Map<string, number>();
    const schemaStored = new Map<string, number>();
    for (const schema of this.schemas) {
      for (const [path, size] of await this.listHashPaths(schema.name)) hashStored.set(path, size);
      for (const [path, size] of await this.listSchemaPaths(schema.name)) schemaStored.set(path, size);
    }
    const orphanedHashPaths = [...hashStored.keys()].filter((path) => !hashReferenced.has(path)).sort();
    const orphanedSchemaPaths = [...schemaStored.keys()].filter((path) => !isCovered(path, schemaReferenced)).sort();
    const sizeOf = (sizes: Map<string, number>, paths: string[]) => paths.reduce((total, path) => total + (sizes.get(path) ?? 0), 0);

    let hashPathsDeleted = 0;
    let schemaPathsDeleted = 0;
    let bytesFreed = 0;
    let errors = 0;
    if (!dryRun) {
      if (this.scanErrors.length > 0) {
        throw new DataJointError(
          `Refusing to delete: ${this.scanErrors.length} scan error(s) — partial listing risks classifying live files as orphaned. Errors: ${this.scanErrors.join('; ')}`,
        );
      }
      const remove = async (path: string, sizes: Map<string, number>): Promise<boolean> => {
        try {
          if (!(await this.backend.delete(path))) return false;
          bytesFreed += sizes.get(path) ?? 0;
          return true;
        } catch (error) {
          errors += 1;
          this.config.logger.warn(`Failed to delete ${path}: ${errorText(error)}`);
          return false;
        }
      };
      for (const path of orphanedHashPaths) if (await remove(path, hashStored)) hashPathsDeleted += 1;
      for (const path of orphanedSchemaPaths) if (await remove(path, schemaStored)) schemaPathsDeleted += 1;
    }
    return {
      hashPathsReferenced: hashReferenced.size,
      hashPathsStored: hashStored.size,
      hashPathsOrphaned: orphanedHashPaths.length,
      hashPathsOrphanedBytes: sizeOf(hashStored, orphanedHashPaths),
      orphanedHashPaths,
      schemaPathsReferenced: schemaReferenced.size,
      schemaPathsStored: schemaStored.size,
      schemaPathsOrphaned: orphanedSchemaPaths.length,
      schemaPathsOrphanedBytes: sizeOf(schemaStored, orphanedSchemaPaths),
      orphanedSchemaPaths,
      hashPathsDeleted,
      schemaPathsDeleted,
      deleted: hashPathsDeleted + schemaPathsDeleted,
      bytesFreed,
      errors,
      scanErrors: [...this.scanErrors],
      dryRun,
    };
  }
}

/**
 * Finds, and with `dryRun: false` deletes, the objects of a store that no row of the given
 * schemas refers to. Run it dry first and read the report.
 *
 * ```ts
 * const report = await dj.gc(schema);                  // what would go
 * await dj.gc(schema, { dryRun: false });              // delete it
 * ```
 */
export async function gc(schemas: Schema | readonly Schema[], options: GarbageCollectorOptions & CollectOptions = {}): Promise<GarbageCollectionReport> {
  return new GarbageCollector(schemas, options).collect({ dryRun: options.dryRun });
}
