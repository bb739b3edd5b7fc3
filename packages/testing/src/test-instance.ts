/**
 * Jest fixtures: an Instance per backend and a fresh, uniquely named schema per suite,
 * dropped and closed afterwards.
 */
import { Instance, type ConfigOverrides, type SchemaOptions } from 'datajoint';
import type { Schema } from '@dj/schema';
import type { TestBackend } from './backends';
import { newPglite } from './pglite-template';
import { uniqueSchemaName } from './schema-names';

/**
 * A new Instance connected to `backend` (a fresh embedded database for PGlite), with
 * `safemode` off and `loglevel` WARNING unless overridden. The caller closes it.
 */
export async function createTestInstance(backend: TestBackend, overrides: ConfigOverrides = {}): Promise<Instance> {
  const pglite = backend.name === 'pglite' ? await newPglite() : undefined;
  const instance = new Instance({ safemode: false, loglevel: 'WARNING', ...backend.options, ...overrides, pglite });
  await instance.connection.connect();
  return instance;
}

/** What {@link useTestInstance} provides once `beforeAll` has run. */
export interface TestInstanceContext {
  /** The backend this suite runs on. */
  readonly backend: TestBackend;
  /** The suite's Instance. */
  readonly instance: Instance;
  /** Name of the suite's schema, created before the tests and dropped after them. */
  readonly schemaName: string;
  /**
   * A DataJoint schema object for the suite's schema (created on first call; the same
   * object afterwards). Bind table classes to it with `@db.schema().table`.
   */
  schema(options?: Omit<SchemaOptions, 'connection'>): Schema;
}

/** Options of {@link useTestInstance}. */
export interface TestInstanceOptions {
  /** Setting overrides for the Instance. */
  overrides?: ConfigOverrides;
  /** Label included in the schema name. */
  label?: string;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that give the surrounding `describe` block an
 * Instance on `backend` and an empty, uniquely named schema; afterwards the schema is
 * dropped and the Instance closed. Read the returned object's properties inside tests.
 *
 * @example
 * ```ts
 * describe.each(testBackends())('on $name', (backend) => {
 *   const db = useTestInstance(backend);
 *   it('connects', async () => {
 *     expect(await db.instance.connection.ping()).toBe(true);
 *   });
 * });
 * ```
 */
export function useTestInstance(backend: TestBackend, options: TestInstanceOptions = {}): TestInstanceContext {
  let instance: Instance | null = null;
  let schema: Schema | null = null;
  const schemaName = uniqueSchemaName(options.label ?? backend.name);
  const context: TestInstanceContext = {
    backend,
    schemaName,
    get instance(): Instance {
      if (!instance) throw new Error('The test Instance is available inside tests and hooks only, after beforeAll.');
      return instance;
    },
    schema(schemaOptions = {}): Schema {
      schema ??= context.instance.Schema(schemaName, schemaOptions);
      return schema;
    },
  };
  beforeAll(async () => {
    instance = await createTestInstance(backend, options.overrides);
    const { adapter } = instance.connection;
    await instance.connection.query(adapter.dropSchemaSql(schemaName));
    await instance.connection.query(adapter.createSchemaSql(schemaName));
  });
  afterAll(async () => {
    if (!instance) return;
    try {
      await instance.connection.query(instance.connection.adapter.dropSchemaSql(schemaName));
    } finally {
      await instance.close();
      instance = null;
      schema = null;
    }
  });
  return context;
}
