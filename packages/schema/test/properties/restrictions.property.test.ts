/**
 * Property: a restriction built from hostile input never reaches further than it says.
 * `T.restrict({ id: k }).restrict(r).deleteQuick()` deletes at most the one row `k` names,
 * and never more rows than `count()` of the same expression reports, whatever `r` is: an
 * object with hostile keys (JSON paths, casts, SQL fragments) and values, an SQL string
 * with fragments that try to close its parentheses, lists, `dj.Not`, `dj.AndList` and
 * `dj.Top` with hostile ordering. A refusal must be a DataJointError. Each case runs in a
 * transaction that is rolled back, so every case sees the same rows.
 */
import fc from 'fast-check';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { fuzzParameters } from './fuzz-runs';
import { breakingOut, hostileString } from './hostile-strings';

function define(schema: dj.Schema) {
  @schema.table
  class Item extends dj.Manual {
    static definition = `
    id : int32
    ---
    label : varchar(60)
    n = null : int32
    j = null : json
    `;
  }
  return { Item };
}

const ROW_COUNT = 12;
const ROWS = Array.from({ length: ROW_COUNT }, (_, id) => ({
  id,
  label: [`item ${id}`, "it's", 'a) OR (1', '%_', 'é😀', ''][id % 6]!,
  n: id % 3 === 0 ? null : id * 10,
  j: id % 4 === 0 ? null : { k: id, name: `n${id}`, list: [id, 'x'], nested: { v: id / 2 } },
}));

/** Thrown to roll a case's transaction back. */
class RollBack extends Error {}

const attributeName = fc.constantFrom('id', 'label', 'n', 'j', 'missing', 'ID', '');
const jsonKey = fc.oneof(
  fc.tuple(fc.constantFrom('j', 'label', 'n'), fc.constantFrom('k', 'name', 'list[0]', 'nested.v', 'missing', '*', '')).map(([a, p]) => `${a}.${p}`),
  fc.tuple(fc.constantFrom('j.k', 'j.name', 'j.nested.v', 'j'), fc.constantFrom('int', 'float', 'char(3)', 'decimal(5,2)', 'unsigned', 'json', 'int)', '')).map(([k, t]) => `${k}:${t}`),
);
const objectKey = fc.oneof(attributeName, jsonKey, hostileString, breakingOut(fc.oneof(attributeName, jsonKey)));
const scalar = fc.oneof(
  fc.integer({ min: -5, max: ROW_COUNT + 5 }),
  hostileString,
  fc.constantFrom(null, true, true, true, false, '', 0, 1, -0, 1.5, 'item 3', "it's"),
);
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('k', 'name', 'x'), scalar, { maxKeys: 2 }) });
const objectRestriction = fc.dictionary(objectKey, value, { maxKeys: 3 });

/**
 * The shape of the attacks found: text that ends an expression (`start`), closes the
 * parentheses around it, and opens a condition of its own.
 */
function attackShaped(start: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      start,
      fc.constantFrom(')', '))'),
      fc.constantFrom(' IS NULL OR ', ' OR ', ' IS NOT NULL OR ', ' AND FALSE OR '),
      fc.constantFrom('(', '(('),
      fc.constantFrom('TRUE', '1', '1=1', 'SLEEP(0)', 'pg_sleep(0) IS NULL'),
    )
    .map((parts) => parts.join(''));
}

/** SQL conditions over the heading, some valid, with hostile text appended or inserted. */
const sqlRestriction = fc.oneof(
  hostileString,
  attackShaped(fc.constantFrom('id = 1', 'n IS NULL', "label = 'x'", 'FALSE')),
  fc.tuple(
    breakingOut(fc.constantFrom('id = 1', 'n > 20', "label = 'item 2'", 'n IS NULL', "label LIKE 'it%'", 'TRUE', 'id IN (1, 2, 3)', '(id > 2)')),
    fc.constantFrom('', ' 1 = 1', ' TRUE', ' id > 0'),
  ).map(([sql, tail]) => sql + tail),
);

const orderBy = fc.oneof(fc.constantFrom('KEY', 'id DESC', 'label', 'n ASC'), hostileString);
const leaf: fc.Arbitrary<dj.Restriction> = fc.oneof(objectRestriction, sqlRestriction);
const restriction: fc.Arbitrary<dj.Restriction> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: leaf.map((c) => dj.Not(c)) },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }).map((cs) => dj.AndList(cs)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.oneof(orderBy, fc.array(orderBy, { maxLength: 2 }))).map(([limit, order]) => dj.Top(limit, order)) },
);

describeBackends('hostile restrictions, as a property, on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'fuzzr' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Item.insert(ROWS);
  });

  /** The outcome of `fn`: its value, or the error it threw, which must be a DataJointError. */
  async function settle<T>(fn: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
    try {
      return { value: await fn() };
    } catch (error) {
      if (!(error instanceof dj.DataJointError)) throw error;
      return { error };
    }
  }

  /**
   * Checks one restriction: what `T & { id } & r` counts and deletes (in a transaction
   * rolled back afterwards). Returns whether it reached the database.
   */
  async function checkContained(id: number, r: dj.Restriction): Promise<boolean> {
    const built = await settle(async () => t.Item.restrict({ id }).restrict(r));
    if (!('value' in built)) return false;
    const query = built.value;
    const counted = await settle(() => query.count());
    let deleted: { value: number } | { error: unknown } = { error: null };
    let remaining = ROW_COUNT;
    await db.instance.connection
      .transaction(async () => {
        deleted = await settle(() => query.deleteQuick());
        if ('value' in deleted) remaining = await t.Item.count();
        throw new RollBack();
      })
      .catch((err: unknown) => {
        if (!(err instanceof RollBack)) throw err;
      });
    if ('value' in deleted) {
      expect(deleted.value).toBeLessThanOrEqual(1);
      expect(ROW_COUNT - remaining).toBe(deleted.value);
      if ('value' in counted) expect(deleted.value).toBeLessThanOrEqual(counted.value);
    }
    if ('value' in counted) expect(counted.value).toBeLessThanOrEqual(1);
    return true;
  }

  it('deletes at most the row it names, and never more than it counts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: ROW_COUNT - 1 }), restriction, async (id, r) => {
        await checkContained(id, r);
      }),
      fuzzParameters(120),
    );
    expect(await t.Item.count()).toBe(ROW_COUNT);
  });

  it('contains every key made of an attribute, a JSON path, a cast and a breakout', async () => {
    const key = fc.oneof(attackShaped(fc.constantFrom('j.k:int', 'j.name:char', 'j.nested.v:signed', 'j.list[0]:float', 'j.k:decimal(5,2)')), breakingOut(fc.oneof(jsonKey, attributeName)));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: ROW_COUNT - 1 }), key, fc.constantFrom(true, 1, 0, 'x', null), async (id, k, v) => {
        await checkContained(id, { [k]: v });
      }),
      fuzzParameters(300),
    );
    expect(await t.Item.count()).toBe(ROW_COUNT);
  });

  it('fetches at most the row it names, whatever the ordering', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: ROW_COUNT - 1 }), restriction, fc.oneof(orderBy, fc.array(orderBy, { maxLength: 2 })), async (id, r, order) => {
        const fetched = await settle(async () => t.Item.restrict({ id }).restrict(r).toDicts({ orderBy: order }));
        if ('value' in fetched) {
          expect(fetched.value.length).toBeLessThanOrEqual(1);
          for (const row of fetched.value) expect(row.id).toBe(id);
        }
      }),
      fuzzParameters(80),
    );
  });
});
