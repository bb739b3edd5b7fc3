/**
 * Property: a multi-statement operation interrupted at any one of its statements is all or
 * nothing, and the Instance stays usable. The server session that runs the chosen
 * statement is killed just before it (on PGlite, which runs in-process and has no session
 * to kill, the statement fails as a lost session would). Operations: an insert of many
 * statements, a cascading delete, `populate()` with reserved jobs whose `make` writes a
 * master row and its parts, and the declaration of a schema's tables (an enum type, a
 * lookup with contents, a part, indexes and lineage rows).
 */
import fc from 'fast-check';
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, type TestBackend, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { fuzzParameters } from './fuzz-runs';

function define(schema: dj.Schema) {
  @schema.table
  class Bulk extends dj.Manual {
    static definition = `
    id : int32
    ---
    label : varchar(40)
    `;
  }

  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    parent_id : int32
    `;
  }

  @schema.table
  class Child extends dj.Manual {
    static definition = `
    -> Parent
    child_id : int32
    `;
    static Note = class Note extends dj.Part {
      static definition = `
      -> master
      note_id : int32
      `;
    };
  }

  @schema.table
  class Grandchild extends dj.Manual {
    static definition = `
    -> Child
    grandchild_id : int32
    `;
  }

  @schema.table
  class Source extends dj.Lookup {
    static definition = `
    source_id : int32
    `;
    static contents = [[1], [2], [3], [4]];
  }

  @schema.table
  class Result extends dj.Computed {
    static definition = `
    -> Source
    ---
    total : int32
    `;
    static Item = class Item extends dj.Part {
      static definition = `
      -> master
      item : int32
      ---
      value : int32
      `;
    };

    async make(key: dj.Row): Promise<void> {
      const id = Number(key.source_id);
      await this.insert1({ ...key, total: id * 3 });
      await Result.Item.insert([0, 1, 2].map((item) => ({ ...key, item, value: id + item })));
    }
  }
  return { Bulk, Parent, Child, Grandchild, Source, Result };
}

type Tables = ReturnType<typeof define>;

/** Tables declared by the declaration operation, on a schema of their own. */
function defineDeclared(schema: dj.Schema) {
  @schema.table
  class Kind extends dj.Lookup {
    static definition = `
    kind : enum('small', 'large')
    ---
    size = 1 : int32
    `;
    static contents = [['small', 1], ['large', 9]];
  }

  @schema.table
  class Item extends dj.Manual {
    static definition = `
    -> Kind
    item_id : int32
    ---
    label : varchar(20)
    shade : enum('dark', 'light')
    unique index(label)
    `;
    static Tag = class Tag extends dj.Part {
      static definition = `
      -> master
      tag : varchar(10)
      `;
    };
  }
  return [Kind, Item, Item.Tag] as const;
}

/** Key attributes of each declared table, whose `~lineage` rows a complete declaration writes. */
const DECLARED_KEYS: Record<string, readonly string[]> = { '#kind': ['kind'], item: ['kind', 'item_id'], item__tag: ['kind', 'item_id', 'tag'] };

const BULK_ROWS = Array.from({ length: 2500 }, (_, id) => ({ id, label: `row ${id}` }));

/** Every row of every table, for comparing before and after. */
async function snapshot(t: Tables): Promise<Record<string, unknown[]>> {
  return {
    parent: await t.Parent.toDicts({ orderBy: 'KEY' }),
    child: await t.Child.toDicts({ orderBy: 'KEY' }),
    note: await t.Child.Note.toDicts({ orderBy: 'KEY' }),
    grandchild: await t.Grandchild.toDicts({ orderBy: 'KEY' }),
  };
}

/** An operation: sets up its tables, runs, and checks all-or-nothing given whether it threw. */
interface Operation {
  readonly name: string;
  setUp(t: Tables, instance: dj.Instance): Promise<void>;
  run(t: Tables): Promise<unknown>;
  check(t: Tables, failed: boolean, before: Record<string, unknown[]>): Promise<void>;
}

/** A schema the declaration operation declares, fresh for each case. */
interface Declared {
  schema: dj.Schema;
  tables: ReturnType<typeof defineDeclared>;
}

/** Checks that each declared table is either absent or whole (its lineage rows written); returns how many are there. */
async function checkDeclaredTables({ schema, tables }: Declared): Promise<number> {
  const lineage = await schema.lineage();
  let whole = 0;
  for (const table of tables) {
    if (!(await table.isDeclared())) continue;
    whole += 1;
    await table.ready();
    for (const key of DECLARED_KEYS[table.tableName]!) expect(lineage).toHaveProperty([`${schema.name}.${table.tableName}.${key}`]);
  }
  return whole;
}

/** The operations, with the state of one suite (the schema of the latest declaration, dropped at the end). */
function operations(): { list: readonly Operation[]; cleanUp(): Promise<void> } {
  let declared: Declared | null = null;
  const declaration: Operation = {
    name: 'declaration of a schema',
    async setUp(_t, instance) {
      await declared?.schema.drop({ prompt: false });
      const schema = instance.Schema(uniqueSchemaName('faultdecl'));
      declared = { schema, tables: defineDeclared(schema) };
    },
    run: () => declared!.schema.ready(),
    async check(_t, failed) {
      const whole = await checkDeclaredTables(declared!);
      if (!failed) expect(whole).toBe(3);
      // declaring again completes what a failure left undone
      await declared!.schema.ready();
      expect(await checkDeclaredTables(declared!)).toBe(3);
      expect(await declared!.tables[0].count()).toBe(2);
    },
  };
  return {
    list: [declaration, ...DATA_OPERATIONS],
    async cleanUp() {
      await declared?.schema.drop({ prompt: false });
    },
  };
}

/** Operations on the tables of `define`. */
const DATA_OPERATIONS: readonly Operation[] = [
  {
    name: 'insert in several statements',
    async setUp(t) {
      await t.Bulk.deleteQuick();
    },
    run: (t) => t.Bulk.insert(BULK_ROWS),
    async check(t, failed) {
      expect(await t.Bulk.count()).toBe(failed ? 0 : BULK_ROWS.length);
    },
  },
  {
    name: 'cascading delete',
    async setUp(t) {
      await t.Grandchild.deleteQuick();
      await t.Child.Note.deleteQuick();
      await t.Child.deleteQuick();
      await t.Parent.deleteQuick();
      await t.Parent.insert([{ parent_id: 1 }, { parent_id: 2 }]);
      const children = [1, 2].flatMap((parent_id) => [1, 2, 3].map((child_id) => ({ parent_id, child_id })));
      await t.Child.insert(children);
      await t.Child.Note.insert(children.map((c) => ({ ...c, note_id: 1 })));
      await t.Grandchild.insert(children.flatMap((c) => [1, 2].map((grandchild_id) => ({ ...c, grandchild_id }))));
    },
    run: (t) => t.Parent.restrict({ parent_id: 1 }).delete({ prompt: false }),
    async check(t, failed, before) {
      const after = await snapshot(t);
      if (failed) {
        expect(after).toEqual(before);
      } else {
        const kept = (rows: unknown[]) => rows.filter((row) => (row as dj.Row).parent_id !== 1);
        expect(after).toEqual(Object.fromEntries(Object.entries(before).map(([name, rows]) => [name, kept(rows)])));
      }
    },
  },
  {
    name: 'populate with reserved jobs',
    async setUp(t) {
      await t.Result.Item.deleteQuick();
      await t.Result.deleteQuick();
      await t.Result.jobs.deleteQuick();
    },
    run: (t) => t.Result.populate({ reserveJobs: true, suppressErrors: true }),
    async check(t) {
      // every computed row is whole, and no job is left reserved by this finished worker
      const totals = await t.Result.toDicts({ orderBy: 'KEY' });
      for (const row of totals) expect(await t.Result.Item.restrict({ source_id: row.source_id }).count()).toBe(3);
      expect(await t.Result.Item.minus(t.Result).count()).toBe(0);
      expect(await t.Result.jobs.reserved.count()).toBe(0);
      // the failed keys are computed once their errors are cleared
      await t.Result.jobs.errors.deleteQuick();
      await t.Result.populate({ reserveJobs: true });
      expect(await t.Result.count()).toBe(4);
    },
  },
];

/** What a session reports about itself, to find and end it from another session. */
const SESSION_GONE_SQL = {
  mysql: 'SELECT count(*) AS n FROM information_schema.processlist WHERE id = ?',
  postgresql: 'SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ?',
} as const;

/**
 * Makes statement number `at` (1-based) of what `connection` runs next fail as a lost
 * session: on a server, the session running it is killed (through `admin`) just before it.
 * Returns a function that ends the interception.
 */
function interruptAt(backend: TestBackend, connection: dj.Connection, admin: dj.Instance | null, at: number): () => void {
  let seen = 0;
  let interrupting = false;
  const query = connection.query.bind(connection);
  const spy = jest.spyOn(connection, 'query').mockImplementation(async (sql: string, params?: readonly unknown[]) => {
    if (interrupting) return query(sql, params);
    seen += 1;
    if (seen === at) {
      if (!admin) throw new dj.LostConnectionError('Simulated loss of the session.');
      interrupting = true;
      try {
        const id = await connection.sessionId();
        await admin.connection.query(admin.connection.adapter.killSessionSql(id));
        const gone = SESSION_GONE_SQL[backend.name === 'mysql' ? 'mysql' : 'postgresql'];
        for (let i = 0; i < 100; i += 1) {
          const { rows } = await admin.connection.query<{ n: unknown }>(gone, [id]);
          if (Number(rows[0]!.n) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        interrupting = false;
      }
    }
    return query(sql, params);
  });
  return () => spy.mockRestore();
}

/** Statements `fn` runs through `connection.query`. */
async function countStatements(connection: dj.Connection, fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const query = connection.query.bind(connection);
  const spy = jest.spyOn(connection, 'query').mockImplementation((sql: string, params?: readonly unknown[]) => {
    count += 1;
    return query(sql, params);
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return count;
}

describeBackends('interrupted operations, as a property, on $name', (backend) => {
  // One pooled session, so that a killed session is the one the next statement would use;
  // the failed makes and reconnections it causes are expected, so they are not logged.
  const db = useTestInstance(backend, { label: 'faults', overrides: { connection: { pool_size: 1 }, loglevel: 'CRITICAL' } });
  let t: Tables;
  let admin: dj.Instance | null = null;
  const statements = new Map<Operation, number>();
  const ops = operations();

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Result.jobs.ready();
    if (backend.name !== 'pglite') admin = await createTestInstance(backend);
    for (const operation of ops.list) {
      await operation.setUp(t, db.instance);
      statements.set(operation, await countStatements(db.instance.connection, () => operation.run(t)));
    }
  });

  afterAll(async () => {
    await admin?.close();
  });

  /** Runs `operation` interrupted at its statement `at`, and checks it was all or nothing. */
  async function interrupted(operation: Operation, at: number): Promise<void> {
    await operation.setUp(t, db.instance);
    const before = await snapshot(t);
    const restore = interruptAt(backend, db.instance.connection, admin, at);
    let failed = false;
    try {
      await operation.run(t);
    } catch (err) {
      expect(err).toBeInstanceOf(dj.DataJointError);
      failed = true;
    } finally {
      restore();
    }
    await operation.check(t, failed, before);
    expect((await db.instance.connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  }

  it('is all or nothing wherever it is interrupted, and the Instance stays usable', async () => {
    const cases = fc.constantFrom(...ops.list).chain((operation) => fc.tuple(fc.constant(operation), fc.integer({ min: 1, max: statements.get(operation)! })));
    await fc.assert(
      fc.asyncProperty(cases, async ([operation, at]) => interrupted(operation, at)),
      fuzzParameters(backend.name === 'pglite' ? 40 : 25),
    );
    await ops.cleanUp();
  });

  // Found by the property: the check before a reserved key's make failed, and that key's job
  // stayed reserved. Every statement of the populate, not a sample of them.
  it('leaves no job reserved wherever a populate with reserved jobs is interrupted', async () => {
    const populate = ops.list.find((operation) => operation.name === 'populate with reserved jobs')!;
    for (let at = 1; at <= statements.get(populate)!; at += 1) await interrupted(populate, at);
  });
});
