/**
 * `dj.listSchemas()` and `dj.virtualSchema()` (datajoint-python's `list_schemas`,
 * `virtual_schema`): the schemas of a server, and table classes spawned for an existing
 * schema, read-only by default, never creating a schema nobody asked for.
 */
import * as dj from 'datajoint';
import { Schema } from '@dj/schema';
import { describeBackends, useTestInstance } from '@dj/testing';

function defineLab(schema: dj.Schema) {
  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : int32
    ---
    name : varchar(20)
    `;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = `
    -> Subject
    session_idx : int16
    `;
    static Trial = class Trial extends dj.Part {
      static definition = `
      -> master
      trial_idx : int16
      `;
    };
  }

  @schema.table
  class Stats extends dj.Computed {
    static definition = `
    -> Session
    ---
    n : int32
    `;
  }
  return { Subject, Session, Stats };
}

const SYSTEM_SCHEMAS = ['information_schema', 'performance_schema', 'mysql', 'sys', 'pg_catalog', 'pg_toast'];

describeBackends('listSchemas and virtualSchema on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'virtual_dj' });

  beforeAll(async () => {
    const lab = defineLab(db.schema());
    await db.schema().ready();
    await lab.Subject.insert([{ subject_id: 1, name: 'Ann' }, { subject_id: 2, name: 'Bob' }]);
    await lab.Session.insert1({ subject_id: 1, session_idx: 1 });
    await lab.Session.Trial.insert1({ subject_id: 1, session_idx: 1, trial_idx: 7 });
  });

  it('lists the DataJoint schemas of the server, sorted, without system schemas', async () => {
    const schemas = await dj.listSchemas(db.instance);
    expect(schemas).toContain(db.schemaName);
    expect(await dj.listSchemas(db.instance.connection)).toEqual(schemas);
    for (const system of SYSTEM_SCHEMAS) expect(schemas).not.toContain(system);
    expect(schemas.some((s) => s.startsWith('pg_temp') || s.startsWith('pg_toast'))).toBe(false);
    expect([...schemas].sort()).toEqual(schemas);
  });

  it('lists `public` only when it holds tables', async () => {
    const { connection } = db.instance;
    const { rows } = await connection.query(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    expect((await dj.listSchemas(db.instance)).includes('public')).toBe(Number(rows[0]!.n) > 0);
  });

  it('spawns a class of the right tier for every table, parts on their masters', async () => {
    const lab = await dj.virtualSchema(db.schemaName, { instance: db.instance });
    expect(Object.keys(lab).sort()).toEqual(['Session', 'Stats', 'Subject']);
    expect(lab.schema).toBeInstanceOf(Schema);
    expect(lab.schema.name).toBe(db.schemaName);
    expect(lab.Subject!.prototype).toBeInstanceOf(dj.Manual);
    expect(lab.Stats!.prototype).toBeInstanceOf(dj.Computed);
    const Trial = (lab.Session as unknown as { Trial: typeof dj.Part }).Trial;
    expect(Trial.prototype).toBeInstanceOf(dj.Part);
    expect(await Trial.toDicts()).toEqual([{ subject_id: 1, session_idx: 1, trial_idx: 7 }]);
    expect(await lab.Subject!.restrict({ name: 'Bob' }).fetch1('subject_id')).toBe(2);
    expect(Object.isFrozen(lab)).toBe(true);
  });

  it('is read-only by default: its schema declares no new tables', async () => {
    const lab = await dj.virtualSchema(db.schemaName, { instance: db.instance });
    const Extra = lab.schema.table(class Extra extends dj.Manual {
      static definition = 'extra_id : int32';
    });
    await expect(Extra.insert1({ extra_id: 1 })).rejects.toThrow(/is not defined/);
    expect(await lab.schema.has('extra')).toBe(false);
  });

  it('declares new tables when asked with createTables', async () => {
    const lab = await dj.virtualSchema(db.schemaName, { instance: db.instance, createTables: true });
    const Note = lab.schema.table(class Note extends dj.Manual {
      static definition = 'note_id : int32';
    });
    try {
      await Note.insert1({ note_id: 1 });
      expect(await Note.count()).toBe(1);
    } finally {
      await Note.dropQuick();
    }
  });

  it('neither creates a missing schema nor leaves it behind', async () => {
    const missing = `${db.schemaName}_absent`;
    await expect(dj.virtualSchema(missing, { instance: db.instance })).rejects.toThrow(`Schema \`${missing}\` has not been created.`);
    await expect(db.instance.Schema(missing).spawnTables()).rejects.toThrow(dj.DataJointError);
    expect(await dj.listSchemas(db.instance)).not.toContain(missing);
  });

  it('creates the schema when asked with createSchema', async () => {
    const created = `${db.schemaName}_new`;
    try {
      const lab = await dj.virtualSchema(created, { instance: db.instance, createSchema: true });
      expect(Object.keys(lab)).toEqual([]);
      expect(await dj.listSchemas(db.instance)).toContain(created);
    } finally {
      await db.instance.Schema(created).drop({ prompt: false });
    }
  });

  it('needs a connection from its options or the global one', async () => {
    await expect(dj.virtualSchema(db.schemaName, { connection: db.instance.connection })).resolves.toHaveProperty('Subject');
  });
});
