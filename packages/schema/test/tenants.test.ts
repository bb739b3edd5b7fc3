/**
 * One set of table classes, many Instances (DESIGN "Tenants", issue 11 §1): classes are
 * decorated once against a deferred template schema, and `template.on(instance, name)`
 * binds tenant copies of them. Copies are subclasses; the classes themselves never change.
 * `tenant.run(fn)` makes the classes, named directly, act on the tenant for the async
 * scope of `fn`; populate, delete, drop, diagrams, describe and spawnTables work on copies
 * as on any class.
 */
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, type TestBackend, uniqueSchemaName } from '@dj/testing';

/** The template pipeline, declared once per test file as a user would at module level. */
const lab = dj.Schema();

@lab.table
class Species extends dj.Lookup {
  static readonly definition = `
  species : varchar(20)
  `;
  static contents = [['mouse'], ['rat']];
}

@lab.table
class Subject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  -> Species
  tenant : varchar(20)     # which tenant wrote the row
  `;
}

@lab.table
class Session extends dj.Manual {
  static readonly definition = `
  -> Subject
  session_idx : int16
  `;
  static Trial = class Trial extends dj.Part {
    static readonly definition = `
    -> master
    trial_idx : int16
    `;
  };
}

const madeFor: string[] = [];

@lab.table
class SessionStats extends dj.Computed {
  static readonly definition = `
  -> Session
  ---
  n_trials : int32
  `;

  async make(key: dj.Row): Promise<void> {
    // the template's classes, named directly, act on the tenant that populates
    const n = await Session.Trial.restrict(key).count();
    madeFor.push(String(await Subject.restrict(key).fetch1('tenant')));
    await this.insert1({ ...key, n_trials: n });
  }
}

/** A second template that references the first. */
const analysis = dj.Schema(null, { context: { lab: { Session } } });

@analysis.table
class Note extends dj.Manual {
  static readonly definition = `
  -> lab.Session
  note_id : int16
  ---
  text : varchar(40)
  `;
}

async function fill(tenant: dj.Schema, tag: string, subjects: number[]): Promise<void> {
  await tenant.get(Subject).insert(subjects.map((subject_id) => ({ subject_id, species: 'mouse', tenant: tag })));
  await tenant.get(Session).insert(subjects.map((subject_id) => ({ subject_id, session_idx: 1 })));
  await tenant.get(Session).Trial.insert(subjects.flatMap((subject_id) => [1, 2, 3].slice(0, subject_id).map((trial_idx) => ({ subject_id, session_idx: 1, trial_idx }))));
}

describeBackends('tenants on $name', (backend: TestBackend) => {
  let instA: dj.Instance;
  let instB: dj.Instance;
  let a: dj.Schema;
  let b: dj.Schema;
  const nameA = uniqueSchemaName('tenant_a');
  const nameB = uniqueSchemaName('tenant_b');

  beforeAll(async () => {
    instA = await createTestInstance(backend);
    instB = await createTestInstance(backend);
    a = lab.on(instA, nameA);
    b = lab.on(instB, nameB);
    await a.ready();
    await b.ready();
  });

  afterAll(async () => {
    for (const [inst, name] of [[instA, nameA], [instB, nameB]] as const) {
      await inst.connection.query(inst.connection.adapter.dropSchemaSql(name)).catch(() => undefined);
      await inst.close();
    }
  });

  beforeEach(async () => {
    for (const tenant of [a, b]) {
      await tenant.get(SessionStats).deleteQuick();
      await tenant.get(Session).Trial.deleteQuick();
      await tenant.get(Session).deleteQuick();
      await tenant.get(Subject).deleteQuick();
    }
    madeFor.length = 0;
  });

  it('gives the same tenant for the same Instance and name, and copies that extend the classes', () => {
    expect(lab.on(instA, nameA)).toBe(a);
    const subject = a.get(Subject);
    expect(subject).not.toBe(Subject);
    expect(subject.prototype).toBeInstanceOf(Subject);
    expect(subject.name).toBe('Subject');
    expect(subject.instance()).toBeInstanceOf(Subject);
    expect(a.get(Session).Trial).not.toBe(Session.Trial);
    expect(a.get(Session.Trial)).toBe(a.get(Session).Trial);
    expect(a.get(Session).Trial.prototype).toBeInstanceOf(Session.Trial);
    // the shared classes are untouched: still bound to the template, which has no connection
    expect(Session.Trial).toBe(Object.getOwnPropertyDescriptor(Session, 'Trial')!.value);
    expect(() => Subject.restrict({ subject_id: 1 })).toThrow(dj.DataJointError);
    expect(() => Subject.restrict({ subject_id: 1 })).toThrow(/schema\.on\(instance, name\)/);
    expect(() => a.get(Note)).toThrow(/Note is not a table class of the schema/);
  });

  it('keeps each tenant in its own schema, through its own Instance', async () => {
    await fill(a, 'a', [1, 2]);
    await fill(b, 'b', [7]);
    expect(a.get(Subject).fullTableName).toContain(nameA);
    expect(await a.get(Subject).toArrays('tenant')).toEqual([['a', 'a']]);
    expect(await b.get(Subject).toArrays('subject_id')).toEqual([[7]]);
    expect(a.get(Subject).instance().connection).toBe(instA.connection);
    expect(b.get(Subject).instance().connection).toBe(instB.connection);
    // Lookup contents are inserted for each tenant
    expect(await b.get(Species).count()).toBe(2);
  });

  it('makes the classes named directly act on the tenant inside run(), across awaits and concurrently', async () => {
    await Promise.all(
      [
        [a, 'a', 10],
        [b, 'b', 20],
      ].map(([tenant, tag, base]) =>
        (tenant as dj.Schema).run(async () => {
          for (let i = 0; i < 5; i += 1) {
            await Subject.insert1({ subject_id: (base as number) + i, species: 'rat', tenant: tag as string });
            await new Promise((resolve) => setImmediate(resolve));
          }
          return Subject.count();
        }),
      ),
    );
    expect(await a.get(Subject).toArrays('tenant')).toEqual([['a', 'a', 'a', 'a', 'a']]);
    expect(await b.get(Subject).toArrays('tenant')).toEqual([['b', 'b', 'b', 'b', 'b']]);
    // nested scopes: the inner one wins while it lasts
    const seen = await a.run(async () => [await Subject.count(), await b.run(() => Subject.count()), await Subject.count()]);
    expect(seen).toEqual([5, 5, 5]);
    await b.get(Subject).restrict('subject_id > 21').deleteQuick();
    expect(await a.run(async () => [await Subject.count(), await b.run(() => Subject.count())])).toEqual([5, 2]);
    // and the scope ends with the function
    expect(() => Subject.count()).toThrow(dj.DataJointError);
  });

  it('populates with reserved jobs, make() naming the classes reaching the tenant', async () => {
    await fill(a, 'a', [1, 2, 3]);
    await fill(b, 'b', [1]);
    const result = await a.get(SessionStats).populate({ reserveJobs: true });
    expect(result).toEqual({ successCount: 3, errorList: [] });
    expect(madeFor).toEqual(['a', 'a', 'a']);
    expect(await a.get(SessionStats).toArrays('subject_id', 'n_trials', { orderBy: 'KEY' })).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(await b.get(SessionStats).count()).toBe(0);
    expect(await a.get(SessionStats).progress()).toEqual({ remaining: 0, total: 3 });
    expect(await b.run(() => SessionStats.populate())).toEqual({ successCount: 1, errorList: [] });
    expect(madeFor).toEqual(['a', 'a', 'a', 'b']);
  });

  it('deletes in cascade, previews, describes and spawns on the tenant only', async () => {
    await fill(a, 'a', [1, 2]);
    await fill(b, 'b', [1, 2]);
    await a.get(SessionStats).populate();
    const preview = await new dj.Diagram(a).cascade(a.get(Subject).restrict({ subject_id: 1 })).preview();
    expect(Object.keys(preview).every((name) => name.includes(nameA))).toBe(true);
    expect(Object.values(preview).reduce((x, y) => x + y, 0)).toBe(1 + 1 + 1 + 1);
    expect(await a.get(Subject).restrict({ subject_id: 1 }).delete({ prompt: false })).toBe(1);
    expect(await a.get(Session).Trial.count()).toBe(2);
    expect(await b.get(Session).Trial.count()).toBe(3);
    expect(await a.get(Session).describe()).toBe(await b.get(Session).describe());
    const spawned = await a.spawnTables();
    expect(spawned.Subject).toBe(a.get(Subject));
    expect(await spawned.SessionStats!.count()).toBe(1);
  });

  it('resolves foreign keys to another template through its tenant on the same Instance', async () => {
    const notesName = uniqueSchemaName('tenant_notes');
    const notes = analysis.on(instA, notesName);
    try {
      await fill(a, 'a', [1]);
      await notes.get(Note).insert1({ subject_id: 1, session_idx: 1, note_id: 1, text: 'first' });
      await expect(notes.get(Note).insert1({ subject_id: 2, session_idx: 1, note_id: 1, text: 'no session' })).rejects.toThrow(dj.IntegrityError);
      expect(await notes.get(Note).join(a.get(Session)).count()).toBe(1);
      // a cascade from the tenant's subject reaches the other template's tenant
      await a.get(Subject).delete({ prompt: false });
      expect(await notes.get(Note).count()).toBe(0);
    } finally {
      await notes.drop({ prompt: false });
    }
  });

  it('drops a tenant table and declares it again on next use', async () => {
    await fill(a, 'a', [1]);
    await a.get(SessionStats).drop({ prompt: false });
    expect(await a.get(SessionStats).isDeclared()).toBe(false);
    expect(await b.get(SessionStats).isDeclared()).toBe(true);
    await a.get(SessionStats).populate();
    expect(await a.get(SessionStats).count()).toBe(1);
  });
});
