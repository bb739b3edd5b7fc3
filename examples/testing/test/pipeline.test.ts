/**
 * The lab's pipeline, tested on every database the run can reach: PGlite always, MySQL and
 * PostgreSQL when a server answers (see `@dj/testing`). Each test starts from the seed
 * data in `seed/` and sees nothing the other tests wrote.
 */
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { HitRate, lab, Session, Subject, subjectsWithoutSessions } from '../src/pipeline';

const SEED = path.join(__dirname, '..', 'seed');

describeBackends('the lab pipeline on $name', (backend) => {
  const db = useTestInstance(backend, { pipeline: lab, isolation: 'test', seed: SEED });

  it('starts from the seed data', async () => {
    expect(await db.get(Subject).count()).toBe(3);
    expect(await db.get(Session).count()).toBe(3);
    expect(await db.get(Session).Trial.count()).toBe(6);
  });

  it('computes a hit rate per session', async () => {
    const result = await db.get(HitRate).populate();
    expect(result).toEqual({ successCount: 3, errorList: [] });
    expect(await db.get(HitRate).toDicts({ orderBy: 'KEY' })).toEqual([
      { subject_id: 1, session_idx: 1, trials: 4, rate: 0.75 },
      { subject_id: 1, session_idx: 2, trials: 1, rate: 0 },
      { subject_id: 2, session_idx: 1, trials: 1, rate: 1 },
    ]);
  });

  it('reports a session without trials as an error, and computes the others', async () => {
    await db.get(Session).insert1({ subject_id: 3, session_idx: 1, started: new Date('2025-03-05T08:00:00Z') });
    const result = await db.get(HitRate).populate({ suppressErrors: true });
    expect(result.successCount).toBe(3);
    expect(result.errorList.map(({ key }) => key)).toEqual([{ subject_id: 3, session_idx: 1 }]);
    expect(result.errorList[0]!.error.message).toMatch(/has no trials/);
  });

  it('sees none of the rows another test wrote', async () => {
    expect(await db.get(HitRate).count()).toBe(0);
    expect(await db.get(Session).count()).toBe(3);
  });

  it('runs application code that names the classes directly', async () => {
    const names = await db.run(async () => (await subjectsWithoutSessions().toArrays('name'))[0]);
    expect(names).toEqual(['Carl']);
  });

  it('deletes a subject with everything that depends on it', async () => {
    await db.get(HitRate).populate();
    expect(await db.get(Subject).restrict({ subject_id: 1 }).delete({ prompt: false })).toBe(1);
    expect(await db.get(Session).Trial.count()).toBe(1);
    expect(await db.get(HitRate).count()).toBe(1);
  });

  it('refuses rows the definition does not allow, naming the attribute', async () => {
    // The compiler refuses 'X' too (sex is enum('F','M','U')); from untyped input it arrives at run time.
    // @ts-expect-error 'X' is not one of the enum's values
    await expect(db.get(Subject).insert1({ subject_id: 9, name: 'Dora', sex: 'X' })).rejects.toThrow(dj.DataJointError);
    // @ts-expect-error 'X' is not one of the enum's values
    await expect(db.get(Subject).insert1({ subject_id: 9, name: 'Dora', sex: 'X' })).rejects.toThrow(/`sex`/);
    expect(await db.get(Subject).count()).toBe(3);
  });
});
