/**
 * Restrictions built from untrusted input (issue 9, finding 1). Servers pass request
 * parameters to `restrict()`: no part of an object key may reach SQL unchecked, and an SQL
 * string may not escape the parentheses DataJoint puts around it. Each case below deleted
 * or counted every row of the table, or ran a server function, before it was closed.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Doc extends dj.Manual {
    static definition = `
    id : int32
    ---
    label : varchar(20)
    j = null : json
    `;
  }
  return { Doc };
}

const ROWS = [
  { id: 1, label: 'one', j: { k: 1, name: 'a', list: ['x', 'y'], nested: { v: 2.5 } } },
  { id: 2, label: 'two', j: { k: 2, name: 'b', list: ['z'], nested: { v: 7 } } },
  { id: 3, label: 'three', j: null },
];

/** Keys that leave the JSON path grammar after naming the json attribute. */
const HOSTILE_KEYS = [
  'j.k:int) IS NULL OR (TRUE',
  'j.k:char)) OR ((1',
  'j.k:char) OR (SLEEP(1)',
  "j.k') OR ('1'='1",
  'j.k:int/**/OR/**/1',
  'j.k:decimal(99,2)',
  'j.k[0]) OR (1',
  "j.k\\' OR 1 -- ",
  'j.k;DELETE FROM doc',
];

/** SQL strings that would undo the conditions around them. */
const ESCAPING_CONDITIONS = [
  'id = 1) OR (1 = 1',
  '1 = 1) OR (1 = 1',
  'TRUE OR (1',
  '1 = 1; DELETE FROM doc',
  "label = 'one' -- ",
  "label = 'one' /* ",
  "label = 'one",
  'id = 1)) OR ((TRUE',
];

describeBackends('hostile restrictions on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'hostile' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  beforeEach(async () => {
    await t.Doc.deleteQuick();
    await t.Doc.insert(ROWS);
  });

  it.each(HOSTILE_KEYS)('refuses the key %j before anything runs, and deletes nothing', async (key) => {
    expect(() => t.Doc.restrict({ id: 1 }).restrict({ [key]: true })).toThrow(dj.DataJointError);
    expect(() => t.Doc.restrict({ id: 1 }).restrict({ [key]: true })).toThrow(/Invalid restriction key/);
    expect(await t.Doc.count()).toBe(3);
  });

  it('ignores keys that name no attribute, as DataJoint does', async () => {
    expect(await t.Doc.restrict({ id: 1 }).restrict({ 'nothing.k:int) OR (TRUE': 1, 'x y': 2 }).count()).toBe(1);
    expect(await t.Doc.restrict({ id: 1 }).restrict({ 'nothing.k:int) OR (TRUE': 1 }).deleteQuick()).toBe(1);
    expect(await t.Doc.count()).toBe(2);
  });

  it('refuses a JSON path into an attribute that is not json', () => {
    expect(() => t.Doc.restrict({ 'label.k': 'x' })).toThrow('`label` is not a json attribute');
  });

  it('still restricts by JSON paths, array indices and casts', async () => {
    expect(await t.Doc.restrict({ 'j.name': 'a' }).fetch1('id')).toBe(1);
    expect(await t.Doc.restrict({ 'j.k:int': 2 }).fetch1('id')).toBe(2);
    expect(await t.Doc.restrict({ 'j.list[0]': 'z' }).fetch1('id')).toBe(2);
    expect(await t.Doc.restrict({ 'j.nested.v:float': 2.5 }).fetch1('id')).toBe(1);
    expect(await t.Doc.restrict({ 'j.nested.v:decimal(4,1)': '7.0' }).fetch1('id')).toBe(2);
    expect(await t.Doc.restrict({ 'j.name:char(1)': 'b' }).fetch1('id')).toBe(2);
    expect(await t.Doc.restrict({ 'j.missing': null }).count()).toBe(3);
    expect(await t.Doc.minus({ 'j.name': 'a' }).count()).toBe(2);
  });

  it('projects JSON paths with the same grammar, and other text as SQL', async () => {
    const rows = await t.Doc.proj({ name: 'j.name', k: 'j.k:int', first: 'j.list[0]' }).toDicts({ orderBy: 'id' });
    expect(rows).toEqual([
      { id: 1, name: 'a', k: 1, first: 'x' },
      { id: 2, name: 'b', k: 2, first: 'z' },
      { id: 3, name: null, k: null, first: null },
    ]);
  });

  it.each(ESCAPING_CONDITIONS)('refuses the SQL condition %j, and deletes nothing', async (condition) => {
    expect(() => t.Doc.restrict({ id: 1 }).restrict(condition)).toThrow(dj.DataJointError);
    expect(() => t.Doc.restrict({ id: 1 }).minus(condition)).toThrow(dj.DataJointError);
    expect(await t.Doc.count()).toBe(3);
  });

  it('refuses computed attributes that escape their expression', () => {
    expect(() => t.Doc.proj({ x: 'id) AS x, (SELECT 1' })).toThrow(/Invalid SQL in computed attribute `x`/);
    expect(() => t.Doc.proj({ x: 'id -- ' })).toThrow(dj.DataJointError);
    expect(() => t.Doc.aggr(t.Doc, { n: 'count(*)) AS n, (1' })).toThrow(dj.DataJointError);
  });

  it('keeps accepting conditions whose quotes hold parentheses, semicolons and comment marks', async () => {
    await t.Doc.insert1({ id: 4, label: "a) OR (1;--'" });
    expect(await t.Doc.restrict("label = 'a) OR (1;--'''").fetch1('id')).toBe(4);
    expect(await t.Doc.restrict('(id = 1 OR id = 2) AND (label <> \'x\')').count()).toBe(2);
  });

  it('orders only by attributes, whatever the text', async () => {
    for (const orderBy of ['id; DROP TABLE doc', 'id) --', 'id DESC, (SELECT 1)', '`id`', '"id"']) {
      await t.Doc.toDicts({ orderBy }).then(
        (rows) => expect(rows.length).toBe(3),
        (err: unknown) => expect(err).toBeInstanceOf(dj.DataJointError),
      );
    }
    expect(await t.Doc.count()).toBe(3);
  });
});
