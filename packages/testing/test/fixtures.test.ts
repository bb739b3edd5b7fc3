/**
 * The fixtures users' projects test their pipelines with (issue 10 §3): a pipeline
 * declared once as a template and bound to each test's schema, per-test isolation,
 * seeding in dependency order from objects or CSV files, and PGlite copies of a database
 * declared and seeded once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends, seedTables, useTestInstance } from '@dj/testing';

const lab = dj.Schema();

@lab.table
class Subject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  name : varchar(20)
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
    ---
    hit : bool
    `;
  };
}

@lab.table
class HitRate extends dj.Computed {
  static readonly definition = `
  -> Session
  ---
  rate : float64
  `;
  async make(key: dj.Row): Promise<void> {
    const [hits] = await Session.Trial.restrict(key).toArrays('hit');
    await this.insert1({ ...key, rate: hits!.filter(Boolean).length / hits!.length });
  }
}

/** Listed children first: seeding orders them. */
const SEED = {
  'Session.Trial': [
    { subject_id: 1, session_idx: 1, trial_idx: 1, hit: true },
    { subject_id: 1, session_idx: 1, trial_idx: 2, hit: false },
  ],
  Session: [{ subject_id: 1, session_idx: 1 }],
  Subject: [{ subject_id: 1, name: 'ada' }],
};

describeBackends('per-test isolation on $name', (backend) => {
  const db = useTestInstance(backend, { pipeline: lab, isolation: 'test', seed: SEED, label: 'fixtures' });
  const instances = new Set<dj.Instance>();
  const names = new Set<string>();

  afterEach(() => {
    instances.add(db.instance);
    names.add(db.schemaName);
  });

  it('starts each test from the seed, children inserted after their parents', async () => {
    expect(await db.get(Subject).toDicts()).toEqual([{ subject_id: 1, name: 'ada' }]);
    expect(await db.get(Session).Trial.count()).toBe(2);
    await db.get(Subject).insert1({ subject_id: 2, name: 'written by test 1' });
    expect(await db.get(HitRate).populate()).toEqual({ successCount: 1, errorList: [] });
  });

  it('does not see what another test wrote', async () => {
    expect(await db.get(Subject).count()).toBe(1);
    expect(await db.get(HitRate).count()).toBe(0);
  });

  it('lets the classes, named directly, act on the test schema inside run()', async () => {
    const rate = await db.run(async () => {
      await HitRate.populate();
      return HitRate.fetch1('rate');
    });
    expect(rate).toBe(0.5);
    // the shared classes stay bound to the template alone
    expect(() => Subject.count()).toThrow(dj.DataJointError);
  });

  it('gives every test its own database (PGlite) or schema (servers)', () => {
    expect(backend.name === 'pglite' ? instances.size : names.size).toBe(3);
  });
});

describeBackends('per-suite schemas and seeding from CSV on $name', (backend) => {
  const db = useTestInstance(backend, { pipeline: lab, label: 'csvseed' });

  it('seeds from a folder of CSV files named after the classes', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-seed-'));
    fs.writeFileSync(path.join(folder, 'Subject.csv'), 'subject_id,name\n5,eve\n6,"mallory, jr"\n');
    fs.writeFileSync(path.join(folder, 'Session.csv'), 'subject_id,session_idx\n5,1\n');
    fs.writeFileSync(path.join(folder, 'Session.Trial.csv'), 'subject_id,session_idx,trial_idx,hit\n5,1,1,1\n');
    await seedTables(db.tenant, folder);
    expect(await db.get(Subject).toArrays('name', { orderBy: 'KEY' })).toEqual([['eve', 'mallory, jr']]);
    expect(await db.get(Session).Trial.fetch1('hit')).toBe(true);
  });

  it('refuses seed data for tables the pipeline does not have', async () => {
    await expect(seedTables(db.tenant, { Subjects: [] })).rejects.toThrow(/Seed data names no table of .*: Subjects\. Tables: Subject, Session, Session\.Trial, HitRate\./);
  });

  it('keeps the rows of earlier tests within a suite', async () => {
    expect(await db.get(Subject).count()).toBe(2);
  });
});
