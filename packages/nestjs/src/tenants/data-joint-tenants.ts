/**
 * The tenants of a module configured with `tenants`: an Instance per tenant key, created on
 * first use and kept in a bounded LRU. An evicted tenant's Instance is closed once the
 * requests it is serving have finished; shutdown closes them all.
 */
import { LRUCache } from 'lru-cache';
import { contextValue } from '@dj/core/internal';
import { DataJointError } from '@dj/core';
import { Instance } from 'datajoint';
import type { Schema } from '@dj/schema';
import type { TenantOptions } from '../module-options';
import { ActiveTenant } from './active-tenant';

/** Tenants kept open when `maxTenants` is not given. */
export const DEFAULT_MAX_TENANTS = 100;

/** A schema name a tenant may use: a plain identifier, so that it means the same on every backend. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A tenant key while it is cached. */
interface TenantEntry {
  readonly key: string;
  readonly ready: Promise<ActiveTenant>;
  /** The tenant once `ready` has resolved. */
  tenant: ActiveTenant | null;
  /** Requests being served for it. */
  leases: number;
  /** Evicted: close once `leases` is 0. */
  retired: boolean;
  /** Starts closing the Instance (once). */
  readonly startClosing: () => void;
  /** Settles once the Instance is closed. */
  readonly closed: Promise<void>;
}

/** A tenant held for one request; `release()` once the request is over. */
export interface TenantLease {
  readonly tenant: ActiveTenant;
  release(): void;
}

/**
 * The tenants of one connection name. Inject it with `@InjectTenants(name?)`.
 *
 * @example
 * ```ts
 * constructor(@InjectTenants() private readonly tenants: DataJointTenants) {}
 * svg() { return new dj.Diagram(this.tenants.current().schema(lab)).toSvg(); }
 * ```
 */
export class DataJointTenants {
  private readonly templates = new Set<Schema>();
  private readonly cache: LRUCache<string, TenantEntry>;
  /** Instances given by `tenants.instance()` that serve a key now. */
  private readonly givenInstances = new WeakSet<Instance>();
  private readonly closing = new Set<Promise<void>>();
  /** The async-context key of the tenant a request runs for. */
  private readonly scopeKey = {};

  constructor(readonly options: TenantOptions) {
    const max = options.maxTenants ?? DEFAULT_MAX_TENANTS;
    if (!Number.isInteger(max) || max < 1) throw new DataJointError(`tenants.maxTenants must be a positive integer, got ${String(max)}.`);
    this.cache = new LRUCache<string, TenantEntry>({ max, dispose: (entry) => this.retire(entry) });
  }

  /** Keys of the tenants whose Instances are open, most recently used first. */
  keys(): string[] {
    return [...this.cache.keys()];
  }

  /** How many tenants are cached. */
  get size(): number {
    return this.cache.size;
  }

  /** @internal Makes `template`'s classes act on each tenant (called by `forFeature`). */
  addTemplate(template: Schema): void {
    if (this.templates.has(template)) return;
    if (this.cache.size > 0) throw new DataJointError(`${template} was registered after tenants were created: list it in DataJointModule.forFeature([...]) at startup.`);
    this.templates.add(template);
  }

  /**
   * The tenant of `key`, its Instance created and its schemas declared on first use.
   * @throws DataJointError when the options give an invalid schema name or an Instance already serving another key.
   */
  async get(key: string): Promise<ActiveTenant> {
    return this.entry(key).ready;
  }

  /** Runs `fn` inside the scope of tenant `key` (see {@link ActiveTenant.run}); its Instance stays open until `fn` ends. */
  async run<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    const lease = await this.lease(key);
    try {
      return await lease.tenant.run(fn);
    } finally {
      lease.release();
    }
  }

  /** Holds tenant `key` open (eviction waits) until `release()`. */
  async lease(key: string): Promise<TenantLease> {
    return this.leaseNow(key);
  }

  /**
   * {@link lease}, at once (no promise) when the tenant is open already: the middleware
   * takes one per request.
   * @internal
   */
  leaseNow(key: string): TenantLease | Promise<TenantLease> {
    const entry = this.entry(key);
    entry.leases += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      entry.leases -= 1;
      if (entry.retired && entry.leases === 0) this.closeEntry(entry);
    };
    if (entry.tenant) return { tenant: entry.tenant, release };
    return entry.ready.then(
      (tenant) => ({ tenant, release }),
      (err: unknown) => {
        release();
        throw err;
      },
    );
  }

  /**
   * The tenant the current request (or {@link run} call) is served for.
   * @throws DataJointError outside any tenant's scope.
   */
  current(): ActiveTenant {
    const tenant = contextValue<ActiveTenant>(this.scopeKey);
    if (!tenant) throw new DataJointError('No tenant is being served here: the request resolved to no tenant, or this runs outside a request.');
    return tenant;
  }

  /** Removes tenant `key` from the cache and resolves once its Instance is closed (after its requests end). */
  async evict(key: string): Promise<void> {
    const entry = this.cache.peek(key);
    if (!entry) return;
    this.cache.delete(key);
    await entry.closed;
  }

  /** Closes every tenant's Instance now, whether or not requests are still using them. */
  async close(): Promise<void> {
    const entries = [...this.cache.values()];
    this.cache.clear();
    for (const entry of entries) this.closeEntry(entry);
    await Promise.allSettled([...this.closing]);
  }

  private entry(key: string): TenantEntry {
    if (typeof key !== 'string' || key === '') throw new DataJointError(`A tenant key is a non-empty string, got ${typeof key === 'string' ? 'an empty string' : typeof key}.`);
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Named before anything is opened or cached: a refused key leaves the cache as it was.
    const names = new Map([...this.templates].map((template) => [template, this.schemaName(key, template)]));
    const ready = this.create(key, names);
    let startClosing!: () => void;
    const closing = new Promise<void>((resolve) => {
      startClosing = resolve;
    });
    const closed = closing.then(() =>
      ready.then(
        async (tenant) => {
          this.givenInstances.delete(tenant.instance);
          await tenant.instance.close();
        },
        () => undefined,
      ),
    );
    // Whoever awaits `closed` sees a failure to close; nobody awaiting it is no crash.
    closed.catch(() => undefined);
    const entry: TenantEntry = { key, ready, tenant: null, leases: 0, retired: false, startClosing, closed };
    this.cache.set(key, entry);
    entry.ready.then(
      (tenant) => {
        entry.tenant = tenant;
      },
      // A tenant that could not be created is forgotten, so that the next request tries again.
      () => {
        if (this.cache.peek(key) === entry) this.cache.delete(key);
      },
    );
    return entry;
  }

  private async create(key: string, names: ReadonlyMap<Schema, string>): Promise<ActiveTenant> {
    const given = await this.options.instance(key);
    if (given instanceof Instance && this.givenInstances.has(given)) {
      throw new DataJointError(`tenants.instance(${JSON.stringify(key)}) returned an Instance that serves another tenant: each tenant needs its own.`);
    }
    const instance = given instanceof Instance ? given : new Instance(given);
    this.givenInstances.add(instance);
    try {
      const schemas = new Map<Schema, Schema>();
      for (const [template, name] of names) schemas.set(template, template.on(instance, name));
      for (const schema of schemas.values()) await schema.ready();
      return new ActiveTenant(key, instance, schemas, this.scopeKey);
    } catch (err) {
      this.givenInstances.delete(instance);
      await instance.close();
      throw err;
    }
  }

  private schemaName(key: string, template: Schema): string {
    const name = this.options.schema(key, template);
    if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
      throw new DataJointError(
        `tenants.schema(${JSON.stringify(key)}) returned ${JSON.stringify(name)}: a tenant's schema name is letters, digits and underscores, starting with a letter or underscore, at most 64 characters.`,
      );
    }
    return name;
  }

  private retire(entry: TenantEntry): void {
    entry.retired = true;
    if (entry.leases === 0) this.closeEntry(entry);
  }

  private closeEntry(entry: TenantEntry): void {
    entry.startClosing();
    if (this.closing.has(entry.closed)) return;
    this.closing.add(entry.closed);
    void entry.closed.finally(() => this.closing.delete(entry.closed)).catch(() => undefined);
  }
}
