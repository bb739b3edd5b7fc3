/**
 * The table tiers. Their table names carry a prefix: Manual none, Lookup `#`, Imported `_`,
 * Computed `__`; a Part table is named after its master (`master__part`).
 */
import { DataJointError, type QueryExpression, type Restriction, type Row } from '@dj/core';
import { type Tier } from '@dj/core/internal';
import { JobsTable } from '../jobs/jobs-table';
import { checkedKeySource, defaultKeySource } from '../populate/key-source';
import { populate, progress, type MakeMethods, type PopulateOptions, type PopulateResult, type PopulateTarget } from '../populate/populate';
import type { InsertRow } from '../insert/insert-rows';
import { UserTable, type TableClass } from './user-table';
import { forwardClassCalls } from './class-calls';
import { bindingOf, requireBinding } from './table-binding';
import { currentMakeOf } from './populate-context';
import { Diagram } from '@dj/diagram';
import { copyInScope, inTenantScopeOf } from '../tenants/tenant-scope';

/** Data entered by hand or by applications. */
export class Manual extends UserTable {
  static override readonly tier: Tier = 'manual';
}

const filledContents = new WeakSet<object>();

/**
 * Small, fixed reference data. Rows given as `static contents = [...]` (objects, or arrays
 * in heading order) are inserted when the table is declared, duplicates skipped.
 */
export class Lookup extends UserTable {
  static override readonly tier: Tier = 'lookup';

  /** A table declared again after a drop gets its contents again. */
  override forgetTable(): void {
    filledContents.delete(this.constructor);
    super.forgetTable();
  }

  /**
   * {@link HeadingSource}: also its contents inserted (or being inserted).
   * @internal
   */
  override get headingReady(): boolean {
    return super.headingReady && filledContents.has(this.constructor);
  }

  override async prepareHeading(): Promise<void> {
    await super.prepareHeading();
    const cls = this.constructor as typeof Lookup & { contents?: readonly InsertRow[] };
    if (filledContents.has(cls)) return;
    filledContents.add(cls);
    const contents = cls.contents ?? [];
    if (contents.length === 0) return;
    try {
      if (contents.length <= (await this.count())) return;
      if (this.heading.hasAutoIncrement) {
        this.connection.config.logger.warn(`Contents has changed but cannot be inserted because ${cls.name} has autoincrement.`);
        return;
      }
      await this.insertIntoReadyTable(contents, { skipDuplicates: true });
    } catch (err) {
      filledContents.delete(cls);
      throw err;
    }
  }
}

/** Options of `progress()`. */
export interface ProgressOptions {
  /** Only keys matching this (anything `restrict()` takes). */
  restriction?: Restriction;
  /** Also log the progress (`Stats   Completed 3 of 4 (75.0%)   2024-01-31 12:00:00`), as datajoint-python's `display=True`. */
  display?: boolean;
}

/**
 * Tables filled by `populate()`: one `make(key)` per key of the key source (by default the
 * join of the parents the primary key references). Define `async make(key)`, or the three
 * parts `makeFetch(key)`, `makeCompute(key, fetched)`, `makeInsert(key, computed)`; override
 * the keys with `static get keySource()`.
 */
export abstract class AutoPopulated extends UserTable {
  private cachedKeySource: Promise<QueryExpression> | null = null;
  private jobsTable: JobsTable | null = null;

  protected override get autoPopulated(): boolean {
    return true;
  }

  /** The keys `populate()` computes rows for. */
  keySource(): Promise<QueryExpression> {
    this.cachedKeySource ??= (async () => {
      await this.ready();
      // a key source naming the template's classes reaches this tenant's copies
      const override = inTenantScopeOf(this.constructor, () => (this.constructor as { keySource?: unknown }).keySource);
      if (override !== undefined) return checkedKeySource(override, (name) => this.heading.has(name));
      return defaultKeySource(this.connection, this.schemaName, this.tableName);
    })().catch((err: unknown) => {
      this.cachedKeySource = null;
      throw err;
    });
    return this.cachedKeySource;
  }

  /**
   * Inside `make(key)`: the upstream trace of the key (datajoint-python 2.3
   * `self.upstream`), `Diagram.trace(this.restrict(key))`, built on first use and kept for
   * the call. `this.upstream.get(Session)` gives the rows of an ancestor the key depends on;
   * a table that is no ancestor fails.
   * @throws DataJointError outside `make()`.
   */
  get upstream(): Diagram {
    const call = currentMakeOf(this);
    if (!call?.key) {
      throw new DataJointError(
        'this.upstream is only available inside make(). Outside make(), construct a trace explicitly: dj.Diagram.trace(Table.restrict(key)).',
      );
    }
    const key = Object.fromEntries(Object.entries(call.key).filter(([name]) => this.heading.has(name)));
    // the key's row is not inserted yet: the key itself stands for it
    call.upstream ??= Diagram.trace(this.restrict(key), { pendingRows: [key] });
    return call.upstream as Diagram;
  }

  /** The jobs queue of this table (declared on first use). */
  get jobs(): JobsTable {
    this.jobsTable ??= new JobsTable({
      connection: this.connection,
      schemaName: this.schemaName,
      tableName: this.tableName,
      fullTableName: this.fullTableName,
      ready: () => this.ready(),
      keySource: () => this.keySource(),
      keysQuery: () => this.proj(),
    });
    return this.jobsTable;
  }

  /** The key's attributes the table has (a key-source key may lack attributes of the table's own key). */
  private ownAttributes(key: Row): Row {
    return Object.keys(key).every((k) => this.heading.has(k)) ? key : Object.fromEntries(Object.entries(key).filter(([k]) => this.heading.has(k)));
  }

  private populateTarget(): PopulateTarget {
    return {
      tableClass: this.constructor,
      connection: this.connection,
      schemaName: this.schemaName,
      tableName: this.tableName,
      fullTableName: this.fullTableName,
      label: this.constructor.name,
      methods: this as MakeMethods,
      rowsOf: (keys) => this.restrict(Array.isArray(keys) ? keys.map((key) => this.ownAttributes(key)) : this.ownAttributes(keys as Row)),
      keysQuery: () => this.proj(),
      keySource: () => this.keySource(),
      jobs: () => this.jobs,
      hasJobMetadata: () => this.heading.find('_job_start_time') !== undefined,
    };
  }

  /**
   * Computes the missing rows: `make(key)` for every key of the key source the table lacks,
   * each in its own transaction. Resolves to `{ successCount, errorList }`.
   */
  async populate(options: PopulateOptions = {}): Promise<PopulateResult> {
    const target = await this.preparedTarget();
    // make() of a tenant's copy names the template's classes: they act on the tenant
    return inTenantScopeOf(this.constructor, () => populate(target, options));
  }

  /**
   * What populating this table needs, once the table and its parts are declared and their
   * headings loaded (a populate worker thread computes keys on it).
   * @internal
   */
  async preparedTarget(): Promise<PopulateTarget> {
    await this.ready();
    // make() inserts into the parts inside its transaction, where no table can be declared
    for (const part of bindingOf(this.constructor)?.parts ?? []) await UserTable.ready.call(part as TableClass);
    return this.populateTarget();
  }

  /** Keys left to compute and keys in all. */
  async progress(options: ProgressOptions = {}): Promise<{ remaining: number; total: number }> {
    await this.ready();
    const result = await progress(this.populateTarget(), options.restriction);
    if (options.display) this.connection.config.logger.info(progressLine(this.constructor.name, result));
    return result;
  }

  /** `populate()` of the class's instance (installed by {@link forwardClassCalls}). */
  declare static populate: AutoPopulated['populate'];
  /** `progress()` of the class's instance (installed by {@link forwardClassCalls}). */
  declare static progress: AutoPopulated['progress'];

  /** The jobs queue of this table. */
  static get jobs(): JobsTable {
    return instanceOf(this).jobs;
  }
}
forwardClassCalls(AutoPopulated, ['populate', 'progress']);

/** The instance of an auto-populated class (an abstract class cannot state its `new ()`, so the tier's subclasses are taken as constructible). */
function instanceOf(cls: typeof AutoPopulated): AutoPopulated {
  const instance = UserTable.instance<AutoPopulated>;
  return instance.call(cls as unknown as new () => AutoPopulated);
}

/** The line `progress({ display: true })` logs, as datajoint-python writes it. */
export function progressLine(label: string, { remaining, total }: { remaining: number; total: number }): string {
  const percent = 100 - (100 * remaining) / (total + 1e-12);
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return `${label.padEnd(20)} Completed ${total - remaining} of ${total} (${percent.toFixed(1)}%)   ${stamp}`;
}

/** Data imported from outside the database by `make()` during `populate()`. */
export class Imported extends AutoPopulated {
  static override readonly tier: Tier = 'imported';
}

/** Data computed from other tables by `make()` during `populate()`. */
export class Computed extends AutoPopulated {
  static override readonly tier: Tier = 'computed';
}

/**
 * Details of a master's rows, declared as a static property of the master:
 * `static Trial = class Trial extends dj.Part { static definition = '-> master ...' }`.
 */
export class Part extends UserTable {
  static override readonly tier: Tier = 'part';

  /** The master class (inside `tenant.run()`, the tenant's copy of it). */
  static get master(): TableClass {
    const master = requireBinding(copyInScope(this) ?? this).master;
    if (master === null) throw new DataJointError(`Part table class ${this.name} has no master: declare it as a static property of its master class.`);
    return master as unknown as TableClass;
  }

  override get isPartTable(): boolean {
    return true;
  }

  protected override get autoPopulated(): boolean {
    return false;
  }
}

/** The tier base classes, most specific first. */
export const TIER_CLASSES = [Part, Lookup, Imported, Computed, Manual] as const;

/** The tier of a table class, from the tier base class it extends. */
export function tierOfClass(cls: object): Tier | null {
  for (const base of TIER_CLASSES) {
    if (cls === base || (typeof cls === 'function' && cls.prototype instanceof base)) return base.tier;
  }
  return null;
}
