/**
 * Class-level calls: every listed instance method is installed on table classes and
 * forwards its arguments and result to the class's instance; a class with a typed
 * (`static readonly`) definition behaves exactly as one with a plain definition.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { CLASS_CALLS } from '../src/tables/class-calls';

function define(schema: dj.Schema) {
  @schema.table
  class Probe extends dj.Manual {
    static readonly definition = `
    probe_id : int32
    ---
    label : varchar(16)
    made = null : date
    `;
  }

  @schema.table
  class Measure extends dj.Computed {
    static readonly definition = `
    -> Probe
    ---
    size : int64
    `;
    async make(key: dj.KeyOf<typeof Measure>): Promise<void> {
      const label = await Probe.restrict(key).fetch1('label');
      await Measure.insert1({ ...key, size: BigInt(label.length) });
    }
  }
  return { Probe, Measure };
}

describeBackends('class-level calls on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'class_calls' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  it('forwards every listed method to the instance, with its arguments and result', () => {
    const instance = t.Probe.instance();
    for (const name of CLASS_CALLS) {
      const result = { from: name };
      const spy = jest.spyOn(instance, name).mockReturnValue(result as never);
      try {
        const call = (t.Probe as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
        expect(call.call(t.Probe, 'a', 2)).toBe(result);
        expect(spy).toHaveBeenCalledWith('a', 2);
      } finally {
        spy.mockRestore();
      }
    }
    for (const name of ['populate', 'progress'] as const) {
      const spy = jest.spyOn(t.Measure.instance(), name).mockResolvedValue({ name } as never);
      try {
        expect(typeof t.Measure[name]).toBe('function');
        void t.Measure[name]({});
        expect(spy).toHaveBeenCalledWith({});
      } finally {
        spy.mockRestore();
      }
    }
  });

  it('inserts, fetches and populates through the class as before', async () => {
    await t.Probe.insert([
      { probe_id: 1, label: 'alpha', made: '2025-01-15' },
      { probe_id: 2, label: 'be', made: null },
    ]);
    const row = await t.Probe.restrict({ probe_id: 1 }).fetch1();
    expect(row).toEqual({ probe_id: 1, label: 'alpha', made: new Date(Date.UTC(2025, 0, 15)) });
    expect(await t.Probe.proj({ name: 'label' }).toDicts({ orderBy: 'KEY' })).toEqual([
      { probe_id: 1, name: 'alpha' },
      { probe_id: 2, name: 'be' },
    ]);
    const [ids, labels] = await t.Probe.toArrays('probe_id', 'label', { orderBy: 'KEY' });
    expect([ids, labels]).toEqual([
      [1, 2],
      ['alpha', 'be'],
    ]);
    expect(await t.Measure.populate()).toMatchObject({ successCount: 2 });
    expect(await t.Measure.join(t.Probe).toArrays('size', 'label', { orderBy: 'KEY' })).toEqual([
      [5n, 2n],
      ['alpha', 'be'],
    ]);
    const rows: Array<{ probe_id: number }> = [];
    for await (const r of t.Probe.restrict('probe_id > 1')) rows.push({ probe_id: r.probe_id });
    expect(rows).toEqual([{ probe_id: 2 }]);
  });
});
