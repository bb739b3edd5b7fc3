/**
 * An Instance that opens its own PGlite database (`backend: 'pglite'` with no database
 * given, the newcomer's path and the examples') decodes values exactly as one given a
 * database does. PGlite ignored DataJoint's result parsers on that path, so a `json`
 * attribute holding a string made its row unreadable (issue 9, finding 3).
 */
import * as dj from 'datajoint';

describe('an Instance opening its own PGlite database', () => {
  const inst = new dj.Instance({ backend: 'pglite', safemode: false, loglevel: 'WARNING' });
  const schema = inst.Schema('own_db');

  @schema.table
  class Item extends dj.Manual {
    static definition = `
    id : int32
    ---
    doc = null : json
    big = null : int64
    amount = null : decimal(8,3)
    moment = null : datetime(3)
    day = null : date
    `;
  }

  afterAll(async () => {
    await inst.close();
  });

  it.each([
    ['a string', 'a string'],
    ['a number', 42.5],
    ['true', true],
    ['null inside an array', [null, 'x']],
    ['an object', { k: 'v', n: [1, 2] }],
    ['a string that looks like JSON', '{"not": "parsed"}'],
  ])('reads back a json attribute holding %s', async (_label, value) => {
    await Item.restrict({ id: 1 }).deleteQuick();
    await Item.insert1({ id: 1, doc: value });
    expect(await Item.restrict({ id: 1 }).fetch1('doc')).toEqual(value);
    expect(await Item.restrict({ doc: value }).fetch1('id')).toBe(1);
  });

  it('decodes 64-bit integers, decimals, date-times and dates by their DataJoint type', async () => {
    const row = { id: 2, doc: null, big: 9007199254740993n, amount: '12345.678', moment: new Date('2024-02-29T23:59:59.123Z'), day: new Date('2024-02-29') };
    await Item.insert1(row);
    expect(await Item.restrict({ id: 2 }).fetch1()).toEqual(row);
  });
});
