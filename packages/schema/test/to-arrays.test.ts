/**
 * `toArrays()` (datajoint-python `to_arrays()`): with no names, the rows as a record array
 * that also gives one array per attribute; with names, one array per name, `includeKey`
 * putting the primary keys first (`include_key=True`).
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Reading extends dj.Manual {
    static definition = `
    sensor : varchar(8)
    reading_id : int32
    ---
    value : float64
    raw = null : <blob>
    `;
  }
  return { Reading };
}

describeBackends('toArrays on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'arrays' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Reading.insert([
      { sensor: 'a', reading_id: 2, value: 1.5, raw: [1, 2] },
      { sensor: 'a', reading_id: 1, value: 0.5, raw: null },
      { sensor: 'b', reading_id: 1, value: 2.5, raw: [[1], [2]] },
    ]);
  });

  it('gives the rows, which also give one array per attribute', async () => {
    const rows = await t.Reading.toArrays({ orderBy: 'KEY' });
    expect(rows).toBeInstanceOf(dj.RecordArray);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ sensor: 'a', reading_id: 1, value: 0.5, raw: null });
    expect(rows.names).toEqual(['sensor', 'reading_id', 'value', 'raw']);
    expect(rows.column('value')).toEqual([0.5, 1.5, 2.5]);
    expect(rows.columns).toEqual({
      sensor: ['a', 'a', 'b'],
      reading_id: [1, 2, 1],
      value: [0.5, 1.5, 2.5],
      raw: [null, [1, 2], [[1], [2]]].map((v) => (v === null ? null : expect.anything())),
    });
    expect(Object.keys(rows.columns)).toEqual(rows.names);
    expect(() => rows.column('bogus')).toThrow(dj.DataJointError);
    // still rows: usable as a restriction, serialised and mapped as a plain array
    const plain = await t.Reading.proj('value').toArrays({ orderBy: 'KEY', limit: 2 });
    expect(await t.Reading.restrict(plain).count()).toBe(2);
    expect(JSON.parse(JSON.stringify(rows.map((r) => r.reading_id)))).toEqual([1, 2, 1]);
    expect(rows.map((r) => r.value)).not.toBeInstanceOf(dj.RecordArray);
  });

  it('gives an empty record array with the names of an empty result', async () => {
    const rows = await t.Reading.restrict({ sensor: 'none' }).toArrays();
    expect(rows).toHaveLength(0);
    expect(rows.columns).toEqual({ sensor: [], reading_id: [], value: [], raw: [] });
  });

  it('gives one array per name, and the keys first with includeKey', async () => {
    const [values] = await t.Reading.toArrays('value', { orderBy: 'value DESC' });
    expect(values).toEqual([2.5, 1.5, 0.5]);
    const [keys, sensors, ids] = await t.Reading.toArrays('sensor', 'reading_id', { includeKey: true, orderBy: 'KEY', limit: 2 });
    expect(keys).toEqual([
      { sensor: 'a', reading_id: 1 },
      { sensor: 'a', reading_id: 2 },
    ]);
    expect(sensors).toEqual(['a', 'a']);
    expect(ids).toEqual([1, 2]);
  });
});
