/**
 * datajoint-python's `tests/integration/test_aggr_regressions.py` (spec-query §19.4) on
 * every backend, with the error messages of union and aggregation (spec-query N-01, G-01).
 *
 * Table contents. Upstream, the `contents` of R, Q, S, A, B and X are one-shot Python
 * iterators, so only the first schema decorated in a pytest session is filled and most
 * tests there run on empty tables. Here the contents are arrays, so every table starts
 * with all of them:
 *   R = 19 letters 'ABCDFGHIJKLMNOPQRST', Q = 'ABCDFGH' (7), S = 'ABCDF' × 0..9 (50 rows),
 *   A = id 0..9, B = (0,5) (1,6) (2,7) (3,8) (4,9), X = id 0..9.
 * The expectations below are derived from those contents (and, where upstream ran on
 * empty tables, also checked on empty restrictions of them). Tests that need other rows
 * in A and B replace their contents first (`resetAB`).
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { queryErrorOf } from '../helpers/query-error';
import { declareTopicAndItem, TOP_LEVEL_NAMESPACE_ID, uuid5, WORDS } from '../pipelines/uuid-schema';

const R_LETTERS = 'ABCDFGHIJKLMNOPQRST';
const Q_LETTERS = 'ABCDFGH';
const S_LETTERS = 'ABCDF';

function defineAggrRegress(schema: dj.Schema) {
  @schema.table
  class R extends dj.Lookup {
    static definition = `
    r : char(1)
    `;
    static contents = [...R_LETTERS].map((r) => [r]);
  }

  @schema.table
  class Q extends dj.Lookup {
    static definition = `
    -> R
    `;
    static contents = [...Q_LETTERS].map((r) => [r]);
  }

  @schema.table
  class S extends dj.Lookup {
    static definition = `
    -> R
    s : int32
    `;
    static contents = [...S_LETTERS].flatMap((r) => Array.from({ length: 10 }, (_, s) => [r, s]));
  }

  @schema.table
  class A extends dj.Lookup {
    static definition = `
    id: int32
    `;
    static contents = Array.from({ length: 10 }, (_, i) => [i]);
  }

  @schema.table
  class B extends dj.Lookup {
    static definition = `
    -> A
    id2: int32
    `;
    static contents = Array.from({ length: 5 }, (_, i) => [i, i + 5]);
  }

  @schema.table
  class X extends dj.Lookup {
    static definition = `
    id: int32
    `;
    static contents = Array.from({ length: 10 }, (_, i) => [i]);
  }

  return { R, Q, S, A, B, X };
}

/** `tests/schema_uuid.py`'s Topic and Item; {@link addTopic} inserts what Item's `make()` would. */
function defineUuid(schema: dj.Schema) {
  const { Topic, Item } = declareTopicAndItem(schema);

  /** `Topic().add(topic)`, then with `items` what `Item.populate()` makes for it. */
  async function addTopic(topic: string, items: boolean): Promise<void> {
    await Topic.add(topic);
    if (items) {
      const topicId = uuid5(TOP_LEVEL_NAMESPACE_ID, topic);
      await Item.insert(
        WORDS.map((word) => ({ topic_id: topicId, word, item_id: uuid5(topicId, word) })),
        { allowDirectInsert: true },
      );
    }
  }

  return { Topic, Item, addTopic };
}

describeBackends('aggregation regressions (test_aggr_regressions.py) on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'aggr_regress', overrides: { jobs: { allow_new_pk_fields_in_computed_tables: true } } });
  let t: ReturnType<typeof defineAggrRegress>;
  let uu: ReturnType<typeof defineUuid>;

  beforeAll(async () => {
    t = defineAggrRegress(db.schema());
    uu = defineUuid(db.schema());
    await db.schema().ready();
  });

  /** Replaces the rows of A and B. */
  async function resetAB(aIds: readonly number[], bRows: ReadonlyArray<readonly [number, number]>): Promise<void> {
    await t.B.deleteQuick();
    await t.A.deleteQuick();
    if (aIds.length > 0) await t.A.insert(aIds.map((id) => [id]));
    if (bRows.length > 0) await t.B.insert(bRows.map((row) => [...row]));
  }

  it('starts with the contents of the Lookup tables', async () => {
    expect(await t.R.count()).toBe(19);
    expect(await t.Q.count()).toBe(7);
    expect(await t.S.count()).toBe(50);
    expect(await t.A.count()).toBe(10);
    expect(await t.B.count()).toBe(5);
    expect(await t.X.count()).toBe(10);
  });

  describe('issue 386: an aggregation restricted on its computed attribute, used as a condition', () => {
    it('restricts Q by the letters with 10 rows of S', async () => {
      const result = t.Q.restrict(t.R.aggr(t.S, { n: 'count(*)' }).restrict('n=10'));
      const rows = await result.toDicts({ orderBy: 'KEY' });
      expect(rows).toEqual([...S_LETTERS].map((r) => ({ r })));
    });

    it('counts 1 for letters without S under count(*) (keep all rows), 0 under count(s)', async () => {
      const withoutS = R_LETTERS.length - S_LETTERS.length;
      expect(await t.R.aggr(t.S, { n: 'count(*)' }).restrict('n=1').count()).toBe(withoutS);
      expect(await t.R.aggr(t.S, { n: 'count(s)' }).restrict('n=0').count()).toBe(withoutS);
      expect(await t.Q.restrict(t.R.aggr(t.S, { n: 'count(s)' }).restrict('n=0')).keys({ orderBy: 'KEY' })).toEqual([{ r: 'G' }, { r: 'H' }]);
    });
  });

  describe('issue 449: U restricted by an aggregation', () => {
    it('lists the distinct maxima, NULL for letters without S', async () => {
      const result = dj.U('n').restrict(t.R.aggr(t.S, { n: 'max(s)' }));
      const rows = await result.toDicts();
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((row) => row.n))).toEqual(new Set([9, null]));
    });

    it('runs on an empty group too (upstream state)', async () => {
      const result = dj.U('n').restrict(t.R.aggr(t.S.restrict('s < 0'), { n: 'max(s)' }));
      expect(await result.toDicts()).toEqual([{ n: null }]);
      const empty = dj.U('n').restrict(t.R.restrict("r = 'Z'").aggr(t.S, { n: 'max(s)' }));
      expect(await empty.toDicts()).toEqual([]);
    });
  });

  describe('issue 484: aggregations over U()', () => {
    it('aggregates all of S into one row', async () => {
      const q = dj.U().aggr(t.S, { n: 'max(s)' });
      expect(await q.toArrays('n')).toEqual([[9]]);
      expect(await q.fetch1('n')).toBe(9);
    });

    it('aggregates an aggregation', async () => {
      const q = dj.U().aggr(t.S, { n: 'avg(s)' });
      const result = dj.U().aggr(q, { m: 'max(n)' });
      const rows = await result.toDicts();
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.m)).toBeCloseTo(4.5, 10);
    });

    it('gives one row with NULL for an empty group (upstream state)', async () => {
      const q = dj.U().aggr(t.S.restrict('s < 0'), { n: 'max(s)' });
      expect(await q.toArrays('n')).toEqual([[null]]);
      expect(await q.fetch1('n')).toBeNull();
      const nested = dj.U().aggr(dj.U().aggr(t.S.restrict('s < 0'), { n: 'avg(s)' }), { m: 'max(n)' });
      expect(await nested.toDicts()).toEqual([{ m: null }]);
    });
  });

  describe('issue 558: restriction followed by projection', () => {
    it('keeps the rows of an antijoin when a constant replaces an attribute name (part 1)', async () => {
      const q = t.A.minus(t.B).proj({ id2: '3' });
      expect(await t.A.minus(t.B).count()).toBe(5);
      expect(await q.count()).toBe(5);
      const [ids, id2] = await q.toArrays('id', 'id2', { orderBy: 'id' });
      expect(ids).toEqual([5, 6, 7, 8, 9]);
      expect(id2!.map(Number)).toEqual([3, 3, 3, 3, 3]);
    });

    it('ignores a restricting key that is not an attribute, also before a projection naming it (part 2)', async () => {
      const d = { id: 3, id2: 5 };
      expect(await t.X.restrict(d).count()).toBe(1);
      expect(await t.X.restrict(d).proj({ id2: '3' }).count()).toBe(1);
      const row = await t.X.restrict(d).proj({ id2: '3' }).fetch1();
      expect({ id: row.id, id2: Number(row.id2) }).toEqual({ id: 3, id2: 3 });
    });
  });

  it('joins a union with a table (union_join, issue 930)', async () => {
    await resetAB(
      [...Array.from({ length: 10 }, (_, i) => i), 100, 200, 300, 400, 500, 600],
      [...Array.from({ length: 5 }, (_, i) => [i, i + 5] as const), [100, 11], [200, 22], [300, 33], [400, 44]],
    );
    const q1 = t.B.restrict('id < 300');
    const q2 = t.B.restrict('id > 300');
    const expected = [
      { id: 0, id2: 5 },
      { id: 1, id2: 6 },
      { id: 2, id2: 7 },
      { id: 3, id2: 8 },
      { id: 4, id2: 9 },
      { id: 100, id2: 11 },
      { id: 200, id2: 22 },
      { id: 400, id2: 44 },
    ];
    expect(await q1.union(q2).join(t.A).toDicts({ orderBy: 'KEY' })).toEqual(expected);
    expect(await t.A.join(q1.union(q2)).toDicts({ orderBy: 'KEY' })).toEqual(expected);
  });

  it('unions queries with different secondary attributes (outer union, N-04)', async () => {
    await resetAB(Array.from({ length: 10 }, (_, i) => i), []);
    const low = t.A.restrict('id < 5').proj({ x: 'id + 1' });
    const high = t.A.restrict('id >= 3').proj({ y: 'id * 10' });
    const union = low.union(high);
    const rows = await union.toDicts({ orderBy: 'KEY' });
    const num = (v: unknown) => (v === null ? null : Number(v));
    expect(rows.map((r) => ({ id: r.id, x: num(r.x), y: num(r.y) }))).toEqual(
      Array.from({ length: 10 }, (_, id) => ({ id, x: id < 5 ? id + 1 : null, y: id >= 3 ? id * 10 : null })),
    );
    expect(union.heading.names).toEqual(['id', 'x', 'y']);
    expect(await union.count()).toBe(10);
    expect(await union.restrict('y > 50').count()).toBe(4);
    expect(await union.restrict('x IS NULL').count()).toBe(5);
    expect(await high.union(low).count()).toBe(10);
  });

  describe('left join and extend (schema_uuid)', () => {
    beforeAll(async () => {
      await uu.Item.deleteQuick();
      await uu.Topic.deleteQuick();
      await uu.addTopic('jeff', true);
      await uu.addTopic('jeff2', false);
    });

    it('refuses a left join whose left operand does not determine the right one', async () => {
      expect((await queryErrorOf(() => uu.Topic.join(uu.Item, { left: true }))).message.toLowerCase()).toContain('left operand to determine');
    });

    it('refuses extend likewise', async () => {
      expect((await queryErrorOf(() => uu.Topic.extend(uu.Item))).message.toLowerCase()).toContain('left operand to determine');
    });

    it('left-joins Item with Topic', async () => {
      expect(await uu.Topic.count()).toBe(2);
      const q = uu.Item.join(uu.Topic, { left: true });
      const qf = await q.toArrays();
      expect(await q.count()).toBe(qf.length);
      expect(await q.count()).toBe(await uu.Item.count());
      expect(await q.count()).toBe(4);
      expect(new Set(qf.map((row) => row.topic))).toEqual(new Set(['jeff']));
    });

    it('extends Item with Topic as the left join does', async () => {
      const qExtend = uu.Item.extend(uu.Topic);
      const qLeftJoin = uu.Item.join(uu.Topic, { left: true });
      expect(await qExtend.count()).toBe(await qLeftJoin.count());
      expect(new Set(qExtend.heading.names)).toEqual(new Set(qLeftJoin.heading.names));
      expect(qExtend.heading.names).toEqual(['item_id', 'topic_id', 'word', 'topic']);
      expect(qExtend.primaryKey).toEqual(qLeftJoin.primaryKey);
      expect(qExtend.primaryKey).toEqual(['item_id']);
    });
  });

  describe('truthiness of aggregations and unions (issue 1234)', () => {
    it('an aggregation with rows is truthy', async () => {
      await resetAB([1, 2, 3], [[1, 10], [1, 20], [2, 30]]);
      const aggr = t.A.aggr(t.B, { count: 'count(id2)' });
      expect(await aggr.exists()).toBe(true);
      expect(await aggr.count()).toBe(3);
      expect(await aggr.toDicts({ orderBy: 'KEY' })).toEqual([
        { id: 1, count: 2 },
        { id: 2, count: 1 },
        { id: 3, count: 0 },
      ]);
    });

    it('an aggregation without rows is falsy', async () => {
      await resetAB([1, 2, 3], [[1, 10], [1, 20], [2, 30]]);
      const aggr = t.A.restrict('id=999').aggr(t.B, { count: 'count(id2)' });
      expect(await aggr.exists()).toBe(false);
      expect(await aggr.count()).toBe(0);
    });

    it('exists() of an aggregation agrees with count()', async () => {
      await resetAB([10, 20], [[10, 100]]);
      const has = t.A.aggr(t.B, { count: 'count(id2)' });
      expect(await has.exists()).toBe((await has.count()) > 0);
      expect(await has.count()).toBe(2);
      const empty = t.A.restrict('id=999').aggr(t.B, { count: 'count(id2)' });
      expect(await empty.exists()).toBe((await empty.count()) > 0);
      expect(await empty.exists()).toBe(false);
      // restricted on the computed attribute (HAVING)
      expect(await has.restrict('count > 0').exists()).toBe(true);
      expect(await has.restrict('count > 1').exists()).toBe(false);
    });

    it('a union with rows is truthy', async () => {
      await resetAB([100, 200], [[100, 1], [200, 2]]);
      const union = t.B.restrict('id=100').union(t.B.restrict('id=200'));
      expect(await union.exists()).toBe(true);
      expect(await union.count()).toBe(2);
    });

    it('a union without rows is falsy', async () => {
      await resetAB([100, 200], [[100, 1], [200, 2]]);
      const union = t.B.restrict('id=999').union(t.B.restrict('id=998'));
      expect(await union.exists()).toBe(false);
      expect(await union.count()).toBe(0);
    });

    it('exists() of a union agrees with count()', async () => {
      await resetAB([100, 200], [[100, 1]]);
      const has = t.B.restrict('id=100').union(t.B.restrict('id=100'));
      expect(await has.exists()).toBe((await has.count()) > 0);
      expect(await has.count()).toBe(1);
      const empty = t.B.restrict('id=999').union(t.B.restrict('id=998'));
      expect(await empty.exists()).toBe((await empty.count()) > 0);
      expect(await empty.exists()).toBe(false);
    });
  });

  describe('error messages', () => {
    it('refuses to union with something that is not a query (N-01)', () => {
      expect(() => t.A.union({ id: 1 } as unknown as dj.QueryLike)).toThrow(
        'A QueryExpression can only be unioned with another QueryExpression',
      );
      expect(() => t.A.union('id = 1' as unknown as dj.QueryLike)).toThrow(dj.DataJointError);
    });

    it('refuses a union of queries with different primary keys (N-01)', async () => {
      const message = 'The operands of a union must share the same primary key.';
      expect((await queryErrorOf(() => t.A.union(t.B))).message).toBe(message);
      expect((await queryErrorOf(() => t.R.union(t.A))).message).toBe(message);
      expect((await queryErrorOf(() => t.S.union(t.R))).message).toBe(message);
    });

    it('refuses a union of queries sharing a secondary attribute (N-01)', async () => {
      const withX = t.A.proj({ x: 'id + 1' });
      expect((await queryErrorOf(() => withX.union(t.X.proj({ x: 'id + 2' })))).message).toBe(
        'The operands of a union must not share any secondary attributes.',
      );
      // different secondary attributes are fine (outer union)
      const outer = withX.union(t.A.proj({ y: 'id + 2' }));
      expect(await outer.count()).toBe(await t.A.count());
      const [x, y, id] = await outer.toArrays('x', 'y', 'id', { orderBy: 'KEY' });
      expect(x!.map(Number)).toEqual((id as number[]).map((i) => i + 1));
      expect(y!.map(Number)).toEqual((id as number[]).map((i) => i + 2));
    });

    it('refuses an aggregation whose group lacks key attributes of the grouping query (G-01)', async () => {
      const message =
        'Aggregation requires the group expression to contain all primary key attributes of the grouping expression. Missing attributes: [r].';
      expect((await queryErrorOf(() => t.R.aggr(t.A, { n: 'count(*)' }))).message).toBe(message);
      expect((await queryErrorOf(() => t.S.aggr(t.R, { n: 'count(*)' }))).message).toBe(message.replace('[r]', '[s]'));
      expect((await queryErrorOf(() => t.B.aggr(t.A, { n: 'count(*)' }))).message).toBe(message.replace('[r]', '[id2]'));
    });
  });
});
