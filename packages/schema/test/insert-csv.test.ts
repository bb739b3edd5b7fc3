/**
 * Inserting the rows of a CSV file: `T.insert('/path/file.csv')`. The header row names the
 * fields; every cell is text converted by its attribute's type; an empty cell of a
 * non-text attribute means "no value" (NULL or the column default).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  // tests/schema_university.py, with the CSV files of tests/integration/data
  @schema.table
  class Department extends dj.Manual {
    static definition = `
    dept : varchar(6)   # abbreviated department name, e.g. BIOL
    ---
    dept_name : varchar(200)  # full department name
    dept_address : varchar(200)  # mailing address
    dept_phone : varchar(20)
    `;
  }

  @schema.table
  class Course extends dj.Manual {
    static definition = `
    -> Department
    course  : int32     # course number, e.g. 1010
    ---
    course_name :  varchar(200)  # e.g. "Neurobiology of Sensation and Movement."
    credits : decimal(3,1)  # number of credit hours earned by completing the course
    `;
  }

  @schema.table
  class Measurement extends dj.Manual {
    static definition = `
    id : int32
    ---
    label : varchar(20)
    note = null : varchar(40)
    count = 7 : int32
    weight = null : float64
    taken = null : date
    at = null : datetime
    ok = null : bool
    uid = null : uuid
    doc = null : json
    `;
  }
  return { Department, Course, Measurement };
}

describeBackends('insert from CSV on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'insert_csv' });
  let t: ReturnType<typeof define>;
  let dir: string;

  /** Writes a CSV file into the suite's temporary folder and returns its path. */
  function csv(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `dj-csv-${backend.name}-`));
    t = define(db.schema());
    await db.schema().ready();
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await t.Course.deleteQuick();
    await t.Department.deleteQuick();
    await t.Measurement.deleteQuick();
  });

  it('inserts the rows of a CSV file, quoted cells included', async () => {
    await t.Department.insert(
      csv(
        'Department.csv',
        [
          'dept,dept_name,dept_address,dept_phone',
          'BIOL,Life Sciences,"931 Eric Trail Suite 331',
          'Lake Scott, CT 53527",(238)497-9162x0223',
          'CS,Computer Science,"1 Main St, ""Room 2""",555-0100',
        ].join('\n'),
      ),
    );
    await t.Course.insert(
      csv(
        'Course.csv',
        ['dept,course,course_name,credits', 'BIOL,1006,World of Dinosaurs,3.0', 'CS,1410,"Intro, to CS",4.5', ''].join('\r\n'),
      ),
    );
    expect(await t.Department.restrict({ dept: 'BIOL' }).fetch1('dept_address')).toBe('931 Eric Trail Suite 331\nLake Scott, CT 53527');
    expect(await t.Department.restrict({ dept: 'CS' }).fetch1('dept_address')).toBe('1 Main St, "Room 2"');
    expect(await t.Course.toDicts({ orderBy: 'KEY' })).toEqual([
      { dept: 'BIOL', course: 1006, course_name: 'World of Dinosaurs', credits: '3.0' },
      { dept: 'CS', course: 1410, course_name: 'Intro, to CS', credits: '4.5' },
    ]);
  });

  it('converts cells by attribute type', async () => {
    await t.Measurement.insert(
      csv(
        'typed.csv',
        [
          'id,label,count,weight,taken,at,ok,uid,doc',
          '1,one,3,1.25,2021-03-04,2021-03-04 05:06:07,true,6BA7B810-9DAD-11D1-80B4-00C04FD430C8,"{""a"": [1, 2]}"',
          '2,two,4,-0.5,2020-02-29,2020-02-29T23:59:59Z,0,00000000-0000-0000-0000-000000000001,"""text"""',
        ].join('\n'),
      ),
    );
    expect(await t.Measurement.toDicts({ orderBy: 'KEY' })).toEqual([
      {
        id: 1,
        label: 'one',
        note: null,
        count: 3,
        weight: 1.25,
        taken: new Date(Date.UTC(2021, 2, 4)),
        at: new Date(Date.UTC(2021, 2, 4, 5, 6, 7)),
        ok: true,
        uid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        doc: { a: [1, 2] },
      },
      {
        id: 2,
        label: 'two',
        note: null,
        count: 4,
        weight: -0.5,
        taken: new Date(Date.UTC(2020, 1, 29)),
        at: new Date(Date.UTC(2020, 1, 29, 23, 59, 59)),
        ok: false,
        uid: '00000000-0000-0000-0000-000000000001',
        doc: 'text',
      },
    ]);
  });

  it('reads empty non-text cells as no value and empty text cells as empty strings', async () => {
    await t.Measurement.insert(
      csv('empty.csv', ['id,label,note,count,weight,taken,at,ok,uid,doc', '1,,,,,,,,,', '2,x,,5,,,,,,'].join('\n')),
    );
    expect(await t.Measurement.toDicts({ orderBy: 'KEY' })).toEqual([
      { id: 1, label: '', note: '', count: 7, weight: null, taken: null, at: null, ok: null, uid: null, doc: null },
      { id: 2, label: 'x', note: '', count: 5, weight: null, taken: null, at: null, ok: null, uid: null, doc: null },
    ]);
  });

  it('inserts nothing from a file with a header only', async () => {
    await t.Measurement.insert(csv('header-only.csv', 'id,label\n'));
    expect(await t.Measurement.count()).toBe(0);
  });

  it('drops extra columns with ignoreExtraFields and refuses them otherwise', async () => {
    const file = csv('extra.csv', ['id,label,colour', '1,one,red', '2,two,blue'].join('\n'));
    const error = await t.Measurement.insert(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(dj.UnknownAttributeError);
    expect((error as Error).message).toContain('`colour`');
    expect(await t.Measurement.count()).toBe(0);
    await t.Measurement.insert(file, { ignoreExtraFields: true });
    expect(await t.Measurement.count()).toBe(2);
  });

  it('refuses a file that lacks a required column, or has an empty required non-text cell', async () => {
    await expect(t.Measurement.insert(csv('no-label.csv', 'id,count\n1,2\n'))).rejects.toThrow(dj.MissingAttributeError);
    await expect(t.Measurement.insert(csv('no-id.csv', 'id,label\n1,a\n,b\n'))).rejects.toThrow(/`id`/);
    expect(await t.Measurement.count()).toBe(0);
  });

  it('inserts no row when one cell does not fit its type', async () => {
    const file = csv('bad.csv', ['id,label,count', '1,a,1', '2,b,99999999999', '3,c,3'].join('\n'));
    await expect(t.Measurement.insert(file)).rejects.toThrow(/`count`.*out of range/);
    await expect(t.Measurement.insert(csv('bad-json.csv', 'id,label,doc\n1,a,{not json}\n'))).rejects.toThrow(
      /Invalid JSON .* field `doc`/,
    );
    expect(await t.Measurement.count()).toBe(0);
  });

  it('skips duplicates and inserts in chunks from a file', async () => {
    const file = csv('many.csv', ['id,label', ...Array.from({ length: 25 }, (_, i) => `${i},r${i}`)].join('\n'));
    await t.Measurement.insert1({ id: 3, label: 'kept' });
    await t.Measurement.insert(file, { skipDuplicates: true, chunkSize: 10 });
    expect(await t.Measurement.count()).toBe(25);
    expect(await t.Measurement.restrict({ id: 3 }).fetch1('label')).toBe('kept');
  });

  it('refuses a path that is not a file', async () => {
    await expect(t.Measurement.insert(path.join(dir, 'missing.csv'))).rejects.toThrow(/CSV file not found/);
  });
});
