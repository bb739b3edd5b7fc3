/**
 * Jest fixtures: an Instance per backend and a fresh, uniquely named schema per suite or
 * per test, dropped and closed afterwards, with a pipeline's tables bound to it and
 * seeded if asked.
 */
import type { PGlite } from '@electric-sql/pglite';
import { Instance, type ConfigOverrides, type SchemaOptions } from 'datajoint';
import type { Schema } from '@dj/schema';
import type { TestBackend } from './backends';
import { newPglite, snapshotPglite } from './pglite-template';
import { uniqueSchemaName } from './schema-names';
import { seedTables, type SeedData } from './seed';

/**
 * A new Instance connected to `backend` (a fresh embedded database for PGlite, or one
 * restored from `pglite` when given), with `safemode` off and `loglevel` WARNING unless
 * overridden. The caller closes it.
 */
export async function createTestInstance(backend: TestBackend, overrides: ConfigOverrides = {}, pglite?: Blob): Promise<Instance> {
  const database = backend.name === 'pglite' ? { pglite: await newPglite(pglite) } : {};
  const instance = new Instance({ safemode: false, loglevel: 'WARNING', ...backend.options, ...overrides, ...database });
  await instance.connection.connect();
  return instance;
}

/** What {@link useTestInstance} provides once its hooks have run. */
export interface TestInstanceContext {
  /** The backend this suite runs on. */
  readonly backend: TestBackend;
  /** The Instance of the suite (with `isolation: 'test'` on PGlite, of the current test). */
  readonly instance: Instance;
  /** Name of the schema of the suite (with `isolation: 'test'`, of the current test). */
  readonly schemaName: string;
  /**
   * A DataJoint schema object for the current schema (created on first call; the same
   * object afterwards). Bind table classes to it with `@db.schema().table`.
   */
  schema(options?: Omit<SchemaOptions, 'connection'>): Schema;
  /** The `pipeline` template bound to the current schema (see `schema.on`). */
  readonly tenant: Schema;
  /** The copy of a class of `pipeline` that acts on the current schema, typed as the class. */
  get<C extends abstract new () => object>(cls: C): C;
  /** Runs `fn` with the classes of `pipeline`, named directly, acting on the current schema. */
  run<T>(fn: () => Promise<T> | T): Promise<T>;
}

/** Options of {@link useTestInstance}. */
export interface TestInstanceOptions {
  /** Setting overrides for the Instance. */
  overrides?: ConfigOverrides;
  /** Label included in the schema name. */
  label?: string;
  /**
   * `'suite'` (default): one schema for the whole `describe` block. `'test'`: a fresh schema
   * for every test, so tests cannot see each other's rows. On PGlite each test gets a copy
   * of a database declared and seeded once, so a hundred tests cost one declaration.
   */
  isolation?: 'suite' | 'test';
  /**
   * A template schema (`dj.Schema()` with classes decorated on it, once, at module level)
   * whose tables are declared in the test schema; use them through `db.get(Class)` or
   * inside `db.run(...)`.
   */
  pipeline?: Schema;
  /** Rows to insert after declaration, in dependency order (see {@link seedTables}); needs `pipeline`. */
  seed?: SeedData;
}

/** One test schema: its Instance, name, tenant and schema object. */
interface Fixture {
  instance: Instance;
  schemaName: string;
  tenant: Schema | null;
  schema: Schema | null;
}

/** Creates the schema `name` on `instance`, with the pipeline declared and seeded. */
async function prepareSchema(instance: Instance, name: string, options: TestInstanceOptions): Promise<Schema | null> {
  const { adapter } = instance.connection;
  await instance.connection.query(adapter.dropSchemaSql(name));
  await instance.connection.query(adapter.createSchemaSql(name));
  if (!options.pipeline) return null;
  const tenant = options.pipeline.on(instance, name);
  await tenant.ready();
  if (options.seed !== undefined) await seedTables(tenant, options.seed);
  return tenant;
}

async function dropSchema(instance: Instance, name: string): Promise<void> {
  await instance.connection.query(instance.connection.adapter.dropSchemaSql(name));
}

/**
 * Registers jest hooks that give the surrounding `describe` block an Instance on `backend`
 * and an empty, uniquely named schema (one per suite, or one per test with
 * `isolation: 'test'`), with `pipeline`'s tables declared and seeded in it; afterwards
 * schemas are dropped and Instances closed. Read the returned object inside tests.
 *
 * @example
 * ```ts
 * const lab = dj.Schema();                       // module level, decorated once
 * @lab.table class Subject extends dj.Manual { static readonly definition = `...`; }
 *
 * describeBackends('subjects on $name', (backend) => {
 *   const db = useTestInstance(backend, { pipeline: lab, isolation: 'test', seed: { Subject: [{ subject_id: 1 }] } });
 *   it('sees only its own rows', async () => {
 *     await db.get(Subject).insert1({ subject_id: 2 });
 *     expect(await db.get(Subject).count()).toBe(2);
 *   });
 * });
 * ```
 */
export function useTestInstance(backend: TestBackend, options: TestInstanceOptions = {}): TestInstanceContext {
  if (options.seed !== undefined && !options.pipeline) throw new Error('useTestInstance: `seed` needs a `pipeline` to insert into.');
  const perTest = options.isolation === 'test';
  const label = options.label ?? backend.name;
  // Known at once, so that a suite can name its schema before its hooks run.
  const suiteName = uniqueSchemaName(label);
  let suiteInstance: Instance | null = null;
  /** With per-test isolation on PGlite: the declared and seeded database each test copies. */
  let snapshot: Blob | null = null;
  let current: Fixture | null = null;

  const fixture = (): Fixture => {
    if (!current) throw new Error('The test Instance is available inside tests and hooks only, after beforeAll.');
    return current;
  };
  const tenant = (): Schema => {
    const found = fixture().tenant;
    if (!found) throw new Error('useTestInstance: pass `pipeline` to bind a template schema to the test schema.');
    return found;
  };

  beforeAll(async () => {
    if (perTest && backend.name === 'pglite') {
      // Declared and seeded once; each test gets a copy of the database.
      const pglite: PGlite = await newPglite();
      const golden = new Instance({ safemode: false, loglevel: 'WARNING', ...backend.options, ...options.overrides, pglite });
      try {
        await prepareSchema(golden, suiteName, options);
        snapshot = await snapshotPglite(pglite);
      } finally {
        await golden.close();
      }
      return;
    }
    suiteInstance = await createTestInstance(backend, options.overrides);
    if (!perTest) current = { instance: suiteInstance, schemaName: suiteName, tenant: await prepareSchema(suiteInstance, suiteName, options), schema: null };
  });

  if (perTest) {
    beforeEach(async () => {
      if (snapshot) {
        const instance = await createTestInstance(backend, options.overrides, snapshot);
        current = { instance, schemaName: suiteName, tenant: options.pipeline?.on(instance, suiteName) ?? null, schema: null };
        await current.tenant?.ready();
        return;
      }
      const name = uniqueSchemaName(label);
      current = { instance: suiteInstance!, schemaName: name, tenant: await prepareSchema(suiteInstance!, name, options), schema: null };
    });
    afterEach(async () => {
      // `current` stays readable for the suite's own afterEach hooks, which may run later.
      if (!current) return;
      if (snapshot) await current.instance.close();
      else await dropSchema(current.instance, current.schemaName);
    });
  }

  afterAll(async () => {
    try {
      if (current && !perTest) await dropSchema(current.instance, current.schemaName);
    } finally {
      await suiteInstance?.close();
      suiteInstance = null;
      current = null;
    }
  });

  const context: TestInstanceContext = {
    backend,
    get instance(): Instance {
      return fixture().instance;
    },
    get schemaName(): string {
      return perTest ? fixture().schemaName : suiteName;
    },
    schema(schemaOptions = {}): Schema {
      const f = fixture();
      f.schema ??= f.instance.Schema(f.schemaName, schemaOptions);
      return f.schema;
    },
    get tenant(): Schema {
      return tenant();
    },
    get: (cls) => tenant().get(cls),
    run: (fn) => tenant().run(fn),
  };
  return context;
}
