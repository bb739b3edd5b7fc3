/**
 * datajoint-python's `tests/integration/test_cascading_delete.py` (spec-pipeline §14.2)
 * on every backend, over the tables of `tests/schema_simple.py`: deletes from the top
 * (A, L) and from the middle (B, B.C) of the simple pipeline, restricted deletes that keep
 * exactly the rows outside the restriction, composite keys (#883/#886), master/part
 * integrity with Profile and its part Website (#151), a delete through the parts of E down
 * to G (PR #1158), a drop that would leave a master without its part (#374), and
 * restrictions carried over a secondary foreign key (#1159). With the ThingA..ThingE tables
 * also `test_dependencies.py`'s nullable unique foreign key (§14.4).
 *
 * B, D, E (and parts) and G are filled upstream by `populate()`; here they get the
 * deterministic rows of {@link fillSimple} (G one row per E), refilled before every test.
 * `cond_in_a` is written `cond_in_a = 1`: a bare integer is not a condition on PostgreSQL.
 */
import { createHash } from 'node:crypto';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { A_CONTENTS, L_CONTENTS, declareSimple, declareSimpleRest, fillSimple } from '../pipelines/simple';
import { countsOf } from './fresh-schemas';

function declareExtra(schema: dj.Schema) {
  @schema.table
  class ComplexParent extends dj.Lookup {
    static definition = Array.from({ length: 8 }, (_, i) => `parent_id_${i + 1}: int32`).join('\n');
    static contents = [Array.from({ length: 8 }, (_, i) => i)];
  }
  @schema.table
  class ComplexChild extends dj.Lookup {
    static definition = ['-> ComplexParent', 'child_id_1: int32'].join('\n');
    static contents = [Array.from({ length: 9 }, (_, i) => i)];
  }
  @schema.table
  class ThingA extends dj.Manual {
    static definition = `
    a: int32
    `;
  }
  @schema.table
  class ThingB extends dj.Manual {
    static definition = `
    b1: int32
    b2: int32
    ---
    b3: int32
    `;
  }
  @schema.table
  class ThingC extends dj.Manual {
    static definition = `
    -> ThingA
    ---
    -> [unique, nullable] ThingB
    `;
  }
  @schema.table
  class ThingD extends dj.Manual {
    static definition = `
    d: int32
    ---
    -> ThingC
    `;
  }
  @schema.table
  class ThingE extends dj.Manual {
    static definition = `
    -> ThingD
    `;
  }
  return { ComplexParent, ComplexChild, ThingA, ThingB, ThingC, ThingD, ThingE };
}

/** The uuid `Website.insert1_url` makes of a URL: the first 16 bytes of its SHA-1. */
function urlHash(url: string): string {
  const hex = createHash('sha1').update(url).digest('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const BLOOD_GROUPS = ['A+', 'A-', 'AB+', 'AB-', 'B+', 'B-', 'O+', 'O-'];

describeBackends('cascading delete in the simple pipeline on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'cascading', overrides: { jobs: { allow_new_pk_fields_in_computed_tables: true } } });
  let t: ReturnType<typeof declareSimple> & ReturnType<typeof declareSimpleRest> & ReturnType<typeof declareExtra>;

  /** What `Profile.populate_random()` does, deterministically: 10 profiles, 0..3 websites each, some shared. */
  async function populateProfiles(): Promise<void> {
    const { Profile, Website } = t;
    for (let i = 0; i < 10; i += 1) {
      await db.instance.connection.transaction(async () => {
        const ssn = `${String(100 + i)}-${String(10 + i)}-${String(1000 + i * 7)}`;
        await Profile.insert1({
          ssn,
          name: `Person ${i}`,
          residence: `${i} Main Street`,
          blood_group: BLOOD_GROUPS[i % BLOOD_GROUPS.length],
          username: `user${i}`,
          birthdate: `19${70 + i}-0${1 + (i % 9)}-1${i}`,
          job: i % 2 ? 'engineer' : 'scientist',
          sex: i % 2 ? 'M' : 'F',
        });
        for (let w = 0; w < i % 4; w += 1) {
          const url = `https://site${(i + w) % 6}.example.org/`;
          const url_hash = urlHash(url);
          await Website.insert1({ url_hash, url }, { skipDuplicates: true });
          await Profile.Website.insert1({ ssn, url_hash });
        }
      });
    }
  }

  beforeAll(async () => {
    const schema = db.schema();
    const simple = declareSimple(schema);
    t = { ...simple, ...declareSimpleRest(schema), ...declareExtra(schema) };
    await schema.ready();
  });

  beforeEach(async () => {
    // emptied leaves first without cascading, then filled as upstream's fixture does
    const { A, B, D, E, G, L, Profile, Website, OutfitLaunch, ComplexParent, ComplexChild } = t;
    for (const table of [Profile.Website, Profile, Website, G, E.M, E.H, E.G, E.F, E, D, B.C, B, L, A, OutfitLaunch.OutfitPiece, ComplexChild, ComplexParent]) {
      await table.deleteQuick();
    }
    for (const table of [t.ThingE, t.ThingD, t.ThingC, t.ThingB, t.ThingA]) await table.deleteQuick();
    await A.insert(A_CONTENTS);
    await L.insert(L_CONTENTS);
    await fillSimple(t);
    await G.insert(E.proj(), { allowDirectInsert: true });
    await ComplexParent.insert([Array.from({ length: 8 }, (_, i) => i)]);
    await ComplexChild.insert([Array.from({ length: 9 }, (_, i) => i)]);
  });

  it('is filled', async () => {
    const { A, B, D, E, G, L } = t;
    expect(await countsOf({ A, L, B, D, E, G })).toEqual({ A: 10, L: 30, B: 40, D: 40, E: 160, G: 160 });
    for (const table of [B.C, E.F, E.G, E.H, E.M]) expect(await table.exists()).toBe(true);
  });

  it('deletes the whole tree below A', async () => {
    const { A, B, D, E, G, L } = t;
    expect(await A.delete()).toBe(10);
    expect(await countsOf({ A, B, C: B.C, D, E, F: E.F, G_: E.G, H: E.H, M: E.M, G })).toEqual({
      A: 0, B: 0, C: 0, D: 0, E: 0, F: 0, G_: 0, H: 0, M: 0, G: 0,
    });
    expect(await L.count()).toBe(30);
  });

  it('deletes stepwise: the part B.C (ignoring integrity), then its master B', async () => {
    const { B, E } = t;
    await expect(B.C.delete()).rejects.toThrow(/Cannot delete from a Part directly/);
    const cBefore = await B.C.count();
    expect(cBefore).toBeGreaterThan(0);
    const fBefore = await E.F.count();
    expect(await B.C.delete({ partIntegrity: 'ignore' })).toBe(cBefore);
    expect(await B.C.count()).toBe(0);
    // E.F references B.C: its rows went with it, E kept its rows
    expect(await E.F.count()).toBe(0);
    expect(fBefore).toBeGreaterThan(0);
    expect(await E.count()).toBe(160);
    expect(await B.delete()).toBe(40);
    expect(await B.count()).toBe(0);
    expect(await E.count()).toBe(0);
  });

  it('deletes a restricted tree and keeps exactly the rows outside the restriction', async () => {
    const { A, B, D, E, G } = t;
    const rel = A.restrict('cond_in_a = 1');
    const tables = { B, C: B.C, D, E, F: E.F, G_: E.G, H: E.H, M: E.M, G };
    const relCount = await rel.count();
    const relKeys = await rel.keys();
    const rest: Record<string, number> = { A: (await A.count()) - relCount };
    for (const [name, table] of Object.entries(tables)) rest[name] = await table.minus(rel).count();
    for (const [name, table] of Object.entries(tables)) expect([name, await table.restrict(rel).exists()]).toEqual([name, true]);

    expect(await rel.delete()).toBe(relCount);

    expect(await countsOf({ A, ...tables })).toEqual(rest);
    expect(await rel.exists()).toBe(false);
    for (const [name, table] of Object.entries(tables)) expect([name, await table.restrict(relKeys).count()]).toEqual([name, 0]);
  });

  it('deletes everything that references L, also through secondary foreign keys', async () => {
    const { A, B, D, E, L } = t;
    const bBefore = await B.count();
    expect(await L.delete()).toBe(30);
    expect(await countsOf({ L, D, E, F: E.F, G_: E.G, H: E.H, M: E.M })).toEqual({ L: 0, D: 0, E: 0, F: 0, G_: 0, H: 0, M: 0 });
    // B does not depend on L
    expect(await B.count()).toBe(bBefore);
    await A.delete();
    expect(await countsOf({ A, B })).toEqual({ A: 0, B: 0 });
  });

  it('deletes restricted rows of L', async () => {
    const { D, E, L } = t;
    const rel = L.restrict('cond_in_l = 1');
    const before = await L.count();
    const deleted = await rel.count();
    const dRest = await D.minus(rel).count();
    expect(await rel.delete()).toBe(deleted);
    expect(await L.count()).toBe(before - deleted);
    expect(await D.count()).toBe(dRest);
    expect(await E.restrict(rel).exists()).toBe(false);
    expect(await E.G.restrict(rel).exists()).toBe(false);
  });

  it('deletes by a composite key of eight columns (#883, #886)', async () => {
    const { ComplexParent, ComplexChild } = t;
    const restriction: Record<string, number> = { child_id_1: 8 };
    for (let i = 0; i < 8; i += 1) restriction[`parent_id_${i + 1}`] = i;
    expect(await ComplexParent.restrict(restriction).count()).toBe(1);
    expect(await ComplexChild.restrict(restriction).count()).toBe(1);
    await ComplexParent.restrict(restriction).delete();
    expect(await ComplexParent.restrict(restriction).count()).toBe(0);
    expect(await ComplexChild.restrict(restriction).count()).toBe(0);
  });

  it('deletes a master with its parts', async () => {
    const { Profile } = t;
    await populateProfiles();
    expect(await Profile.Website.exists()).toBe(true);
    const websites = await t.Website.count();
    expect(await Profile.delete()).toBe(10);
    expect(await countsOf({ Profile, P: Profile.Website, W: t.Website })).toEqual({ Profile: 0, P: 0, W: websites });
  });

  it('refuses to delete part rows without their master (#151) and keeps every row', async () => {
    const { Profile, Website } = t;
    await populateProfiles();
    const before = await countsOf({ Profile, P: Profile.Website, Website });
    await expect(Website.delete({ partIntegrity: 'enforce' })).rejects.toThrow(dj.DataJointError);
    await expect(Website.delete()).rejects.toThrow(/before its master/);
    expect(await countsOf({ Profile, P: Profile.Website, Website })).toEqual(before);
  });

  it('deletes part rows with their masters with partIntegrity cascade (#151)', async () => {
    const { Profile, Website } = t;
    await populateProfiles();
    const withoutWebsites = await Profile.minus(Profile.Website).count();
    expect(withoutWebsites).toBeGreaterThan(0);
    expect(withoutWebsites).toBeLessThan(10);
    const websites = await Website.count();
    expect(await Website.delete({ partIntegrity: 'cascade' })).toBe(websites);
    expect(await countsOf({ Profile, P: Profile.Website, Website })).toEqual({ Profile: withoutWebsites, P: 0, Website: 0 });
  });

  it('deletes through a complex master and its parts down to G (PR #1158)', async () => {
    const { A, G } = t;
    const before = await G.count();
    const reached = await G.restrict('id_a = 1').count();
    await A.restrict('id_a=1').delete({ partIntegrity: 'cascade' });
    expect(before - (await G.count())).toBe(16);
    expect(reached).toBe(16);
  });

  it('refuses to drop a table whose dependents include a part without its master (#374)', async () => {
    const { Website, Profile } = t;
    await populateProfiles();
    const websites = await Website.count();
    await expect(Website.drop()).rejects.toThrow(dj.DataJointError);
    await expect(Website.drop({ prompt: false })).rejects.toThrow(/before its master/);
    expect(await Website.isDeclared()).toBe(true);
    expect(await Profile.Website.isDeclared()).toBe(true);
    expect(await Website.count()).toBe(websites);
  });

  it('carries a restriction over a secondary foreign key to the tables below it (#1159)', async () => {
    const { ThingA, ThingC, ThingD, ThingE } = t;
    await ThingA.insert(Array.from({ length: 7 }, (_, a) => ({ a })));
    await t.ThingB.insert([{ b1: 1, b2: 1, b3: 100 }, { b1: 1, b2: 2, b3: 100 }]);
    await ThingC.insert(Array.from({ length: 6 }, (_, a) => ({ a })));
    await ThingD.insert(Array.from({ length: 5 }, (_, i) => ({ a: i, d: i })));
    await ThingE.insert(Array.from({ length: 4 }, (_, d) => ({ d })));

    await ThingA.restrict('a=3').delete();

    expect(await ThingA.count()).toBe(6);
    expect(await ThingE.count()).toBe(3);
    expect(await ThingE.toArrays('d')).toEqual([[0, 1, 2]]);
    expect(await ThingD.toArrays('d')).toEqual([[0, 1, 2, 4]]);
  });

  it('accepts missing and unique values of a nullable unique foreign key (test_dependencies)', async () => {
    const { ThingA, ThingB, ThingC } = t;
    await ThingA.insert(Array.from({ length: 7 }, (_, a) => ({ a })));
    await ThingB.insert([{ b1: 1, b2: 1, b3: 100 }, { b1: 1, b2: 2, b3: 100 }]);
    await ThingC.insert1({ a: 0 });
    await ThingC.insert1({ a: 1, b1: 33 });
    await ThingC.insert1({ a: 2, b2: 77 });
    await ThingC.insert1({ a: 3, b1: 1, b2: 1 });
    await ThingC.insert1({ a: 4, b1: 1, b2: 2 });
    expect(await ThingC.count()).toBe(5);
    expect(await ThingC.toArrays()).toHaveLength(5);
    await expect(ThingC.insert1({ a: 5, b1: 1, b2: 1 })).rejects.toThrow(dj.DuplicateError);
  });
});
