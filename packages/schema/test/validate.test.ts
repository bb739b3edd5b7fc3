/**
 * `T.validate(rows)` (datajoint-python `Table.validate`): the checks `insert` runs, every
 * problem reported with its row index and attribute, nothing written. Rows `validate`
 * passes insert; the problem `insert` throws for is the first `validate` reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { recordQueries } from './helpers/record-queries';

/** Auto-increment needs a native type: \`int auto_increment\` on MySQL, \`serial\` on PostgreSQL. */
const autoIncrementType = (backend: string) => (backend === 'mysql' ? 'int auto_increment' : 'serial');

function define(schema: dj.Schema, backend: string) {
  @schema.table
  class Measure extends dj.Manual {
    static definition = `
    measure_id : int32
    ---
    label : varchar(8)
    value = null : float64
    uid = null : uuid
    doc = null : json
    data = null : <blob>
    `;
  }

  @schema.table
  class Counter extends dj.Manual {
    static definition = `
    counter_id : ${autoIncrementType(backend)}
    ---
    note = '' : varchar(20)
    `;
  }
  return { Measure, Counter };
}

describeBackends('validate on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'validate' });
  let t: ReturnType<typeof define>;
  let sent: string[] = [];

  beforeAll(async () => {
    t = define(db.schema(), backend.name);
    await db.schema().ready();
    recordQueries(db.instance.connection, (sql) => sent.push(sql));
  });

  beforeEach(async () => {
    await t.Measure.deleteQuick();
    sent = [];
  });

  const writes = () => sent.filter((sql) => /^\s*(INSERT|REPLACE|UPDATE|DELETE)\b/i.test(sql));

  it('passes good rows, writes nothing, and insert then takes them', async () => {
    const rows = [
      { measure_id: 1, label: 'a', value: 1.5, uid: '0f8fad5b-d9cb-469f-a165-70867728950e', doc: { k: [1] }, data: [1, 2] },
      { measure_id: 2, label: 'b', value: null, uid: null, doc: null, data: null },
    ];
    const result = await t.Measure.validate(rows);
    expect(result).toBeInstanceOf(dj.ValidationResult);
    expect(result.isValid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.rowsChecked).toBe(2);
    expect(result.summary()).toBe('Validation passed: 2 rows checked');
    expect(() => result.raiseIfInvalid()).not.toThrow();
    expect(writes()).toEqual([]);
    await t.Measure.insert(rows);
    expect(await t.Measure.count()).toBe(2);
  });

  it('reports every problem with its row and attribute', async () => {
    const result = await t.Measure.validate([
      { measure_id: 1, label: 'fine' },
      { measure_id: 2, label: 'too long a label', bogus: 1 },
      { label: 'x' },
      { measure_id: null, label: null },
      [3, 'short'],
      'not a row',
      { measure_id: 'seven', label: 'x', value: 'heavy' },
      { measure_id: 4, label: 'x', uid: 'not-a-uuid' },
    ] as unknown as dj.InsertRow[]);
    expect(result.isValid).toBe(false);
    expect(result.rowsChecked).toBe(8);
    const found = result.errors.map((e) => [e.row, e.attribute]);
    expect(found).toEqual([
      [1, 'bogus'],
      [1, 'label'],
      [2, null],
      [2, 'measure_id'],
      [3, 'measure_id'],
      [3, 'label'],
      [4, null],
      [5, null],
      [6, null],
      [6, 'measure_id'],
      [6, 'value'],
      [7, null],
      [7, 'uid'],
    ]);
    const messages = result.errors.map((e) => e.message);
    expect(messages[0]).toContain('Field `bogus` is not in the table heading');
    expect(messages[1]).toMatch(/`label`.*longer than 8|`label`/);
    expect(messages[2]).toContain('Attempt to insert rows with different fields');
    expect(messages[3]).toContain('Missing value for primary-key attribute `measure_id`');
    expect(messages[5]).toContain('`label`: it cannot be null');
    expect(messages[6]).toContain('Incorrect number of attributes: 2 given; 6 expected');
    expect(messages[7]).toContain('Datatype string cannot be inserted');
    expect(messages[9]).toContain('`measure_id`');
    expect(messages[12]).toContain('`uid`');
    expect(writes()).toEqual([]);
  });

  it('reports what a codec refuses, without encoding (nothing stored)', async () => {
    const result = await t.Measure.validate([{ measure_id: 1, label: 'a', data: () => 1 }]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 0, attribute: 'data' });
    expect(result.errors[0]!.message).toContain('`data`');
  });

  it('reports what insert refuses first as the first problem', async () => {
    const rows = [{ measure_id: 1, label: 'a' }, { measure_id: 2, label: 'b', bogus: true }];
    const result = await t.Measure.validate(rows);
    const error = await t.Measure.insert(rows).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(dj.UnknownAttributeError);
    expect(error!.message).toContain(result.errors[0]!.message);
    expect(await t.Measure.count()).toBe(0);
  });

  it('ignores extra fields when asked, as insert does', async () => {
    const rows = [{ measure_id: 1, label: 'a', extra: 1 }];
    expect((await t.Measure.validate(rows, { ignoreExtraFields: true })).isValid).toBe(true);
    expect((await t.Measure.validate(rows)).isValid).toBe(false);
  });

  it('accepts auto-increment keys left out, and an all-defaults row only where nothing is required', async () => {
    expect((await t.Counter.validate([{ note: 'x' }])).isValid).toBe(true);
    expect((await t.Counter.validate([{}])).isValid).toBe(true);
    const empty = await t.Measure.validate([{}]);
    expect(empty.errors).toEqual([
      { row: 0, attribute: null, message: 'Cannot insert empty row. The following attributes require values: [measure_id, label]' },
    ]);
  });

  it('summarises at most ten problems and raises with the summary', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ measure_id: i, label: null }));
    const result = await t.Measure.validate(rows);
    const lines = result.summary().split('\n');
    expect(lines[0]).toBe('Validation failed: 12 error(s) in 12 rows');
    expect(lines[1]).toBe("  Row 0 in field 'label': Missing value for attribute `label`: it cannot be null");
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('  ... and 2 more errors');
    expect(() => result.raiseIfInvalid()).toThrow(dj.DataJointError);
    expect(() => result.raiseIfInvalid()).toThrow(/Validation failed: 12 error\(s\) in 12 rows/);
  });

  it('checks a CSV file and the rows of a query, as insert takes them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-validate-'));
    const file = path.join(dir, 'rows.csv');
    fs.writeFileSync(file, 'measure_id,label,value\n1,a,2.5\nx,b,\n');
    try {
      const result = await t.Measure.validate(file);
      expect(result.rowsChecked).toBe(2);
      expect(result.errors.map((e) => [e.row, e.attribute])).toEqual([[1, 'measure_id']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await t.Measure.insert([{ measure_id: 5, label: 'q' }]);
    const fromQuery = await t.Measure.validate(t.Measure.proj('label'));
    expect(fromQuery.isValid).toBe(true);
    expect(fromQuery.rowsChecked).toBe(1);
  });
});
