/**
 * datajoint-python's `tests/integration/test_groupby.py` (spec-query §19.5, issue #944) on
 * every backend, and the aggregations that datajoint-python cannot run on MariaDB with
 * ONLY_FULL_GROUP_BY (spec-query §18 item 12): an aggregation of an aggregation, and
 * `'...'` (keep the grouping query's attributes) in `aggr`.
 *
 * Tables A, L and D of `tests/schema_simple.py`. D is Computed upstream, filled by
 * `populate()` with a random reference to L (and empty when not populated). Here D is
 * filled directly with deterministic rows: four per A, `id_l = (7·id_a + 11·id_d) mod 30`.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { declareA, declareD, declareL } from '../pipelines/simple';

/** The contents of A and L (pipelines/simple.ts) as objects, and D's rows. */
const A_ROWS = Array.from({ length: 10 }, (_, i) => ({ id_a: i, cond_in_a: i % 4 > i % 3 ? 1 : 0 }));
const L_ROWS = Array.from({ length: 30 }, (_, i) => ({ id_l: i, cond_in_l: i % 3 >= i % 5 ? 1 : 0 }));
const D_ROWS = A_ROWS.flatMap(({ id_a }) => Array.from({ length: 4 }, (_, id_d) => ({ id_a, id_d, id_l: (7 * id_a + 11 * id_d) % 30 })));

function define(schema: dj.Schema) {
  return { A: declareA(schema), L: declareL(schema), D: declareD(schema) };
}

/** max(id_l) − min(id_l) of D's rows per id_a. */
function spreadPerA(): Map<number, number> {
  const spread = new Map<number, number>();
  for (const { id_a } of A_ROWS) {
    const ls = D_ROWS.filter((d) => d.id_a === id_a).map((d) => d.id_l);
    spread.set(id_a, Math.max(...ls) - Math.min(...ls));
  }
  return spread;
}

describeBackends('grouping (test_groupby.py) on $name', (backend) => {
  // as upstream's conftest: D (Computed) has a primary-key attribute of its own
  const db = useTestInstance(backend, { label: 'groupby', overrides: { jobs: { allow_new_pk_fields_in_computed_tables: true } } });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.D.insert(D_ROWS, { allowDirectInsert: true });
  });

  it('runs with the strict GROUP BY mode of the server', async () => {
    if (backend.name === 'mysql') {
      const { rows } = await db.instance.connection.query<{ mode: string }>('SELECT @@SESSION.sql_mode AS mode');
      expect(rows[0]!.mode).toContain('ONLY_FULL_GROUP_BY');
    }
    expect(await t.D.count()).toBe(40);
  });

  it("aggregates a renamed group keeping the grouping query's attributes (test_aggr_with_proj, issue 944)", async () => {
    const query = t.A.aggr(t.D.proj({ m: 'id_l' }), '...', { n: 'max(m) - min(m)' });
    const rows = await query.toDicts({ orderBy: 'KEY' });
    const spread = spreadPerA();
    expect(rows).toEqual(A_ROWS.map((a) => ({ ...a, n: spread.get(a.id_a) })));
    expect(query.heading.names).toEqual(['id_a', 'cond_in_a', 'n']);
    expect(query.primaryKey).toEqual(['id_a']);
  });

  it('aggregates an empty group (upstream D unpopulated): every row of A, n NULL', async () => {
    const query = t.A.aggr(t.D.restrict('id_d < 0').proj({ m: 'id_l' }), '...', { n: 'max(m) - min(m)' });
    expect(await query.toDicts({ orderBy: 'KEY' })).toEqual(A_ROWS.map((a) => ({ ...a, n: null })));
  });

  it("restricts an aggregation with '...' on a kept attribute and on a computed one", async () => {
    const query = t.A.aggr(t.D, '...', { n: 'count(id_d)' });
    const ones = A_ROWS.filter((a) => a.cond_in_a === 1).map((a) => a.id_a);
    expect(await query.restrict('cond_in_a = 1').toArrays('id_a', { orderBy: 'KEY' })).toEqual([ones]);
    expect(await query.restrict('n = 4').count()).toBe(10);
    expect(await query.restrict('n = 4').restrict('cond_in_a = 0').count()).toBe(10 - ones.length);
    expect(await query.restrict('n > 4').exists()).toBe(false);
  });

  it('aggregates an aggregation (§18 item 12)', async () => {
    const perA = t.A.aggr(t.D, { n: 'count(id_d)' });
    expect(await dj.U().aggr(perA, { total: 'sum(n)', most: 'max(n)' }).fetch1('total', 'most').then((v) => (v as unknown[]).map(Number))).toEqual([40, 4]);
    const spread = spreadPerA();
    const withAll = t.A.aggr(t.D.proj({ m: 'id_l' }), '...', { n: 'max(m) - min(m)' });
    const byCond = dj.U('cond_in_a').aggr(withAll, { k: 'count(*)', s: 'sum(n)' });
    const expected = [0, 1].map((cond) => {
      const ids = A_ROWS.filter((a) => a.cond_in_a === cond).map((a) => a.id_a);
      return { cond_in_a: cond, k: ids.length, s: ids.reduce((sum, id) => sum + spread.get(id)!, 0) };
    });
    const rows = await byCond.toDicts({ orderBy: 'cond_in_a' });
    expect(rows.map((r) => ({ cond_in_a: r.cond_in_a, k: Number(r.k), s: Number(r.s) }))).toEqual(expected);
    // and aggregated once more
    expect(Number(await dj.U().aggr(byCond, { total: 'sum(k)' }).fetch1('total'))).toBe(10);
  });

  it("aggregates over a joined grouping query with '...'", async () => {
    const query = t.A.join(t.L).aggr(t.D, '...', { n: 'count(id_d)' });
    expect(await query.count()).toBe(300);
    await query.prepare();
    expect(query.primaryKey).toEqual(['id_a', 'id_l']);
    expect(query.heading.names).toEqual(['id_a', 'id_l', 'cond_in_a', 'cond_in_l', 'n']);
    const [n] = await query.toArrays('n');
    expect((n as number[]).reduce((s, v) => s + v, 0)).toBe(40);
    const pairs = new Set(D_ROWS.map((d) => `${d.id_a}/${d.id_l}`));
    expect(await query.restrict('n > 0').count()).toBe(pairs.size);
    expect(await query.restrict('n > 0').restrict('cond_in_l = 1').count()).toBe(
      [...pairs].filter((p) => L_ROWS[Number(p.split('/')[1])]!.cond_in_l === 1).length,
    );
  });
});
