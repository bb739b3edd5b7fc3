/**
 * datajoint-python's `tests/integration/test_university.py` (spec-query §19.1) on every
 * backend: the university pipeline filled from its CSV files, then restrictions, joins,
 * unions and aggregations whose results are known from the data. Also the "extra derived
 * checks" of §19.1 and, on the same data, the §18 decisions about aggregation, union, U
 * and Top (T-06, J-07, G-04, G-07, count/exists with Top, ONLY_FULL_GROUP_BY).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as dj from 'datajoint';
import { declareUniversity, describeBackends, loadUniversityData, type University, UNIVERSITY_DATA_DIR, useTestInstance } from '@dj/testing';

/** The rows of one university CSV file (no quoted commas or newlines in the files read this way). */
function csvRows(name: string): Array<Record<string, string>> {
  const [header, ...lines] = fs.readFileSync(path.join(UNIVERSITY_DATA_DIR, `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const fields = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [fields[i]!, v])));
}

/**
 * test_university.py's `_hash4`: the first 4 hex digits of the md5 of the uncompressed blob
 * of `to_dicts(order_by='KEY')`, with dates and decimals packed as Python's date and Decimal.
 */
async function hash4(table: University[keyof University]): Promise<string> {
  const rows = (await table.toDicts({ orderBy: 'KEY' })).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => {
        const type = table.heading.get(name).type;
        if (value instanceof Date && type === 'date') return [name, new dj.BlobDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())];
        if (typeof value === 'string' && type.startsWith('decimal')) return [name, new dj.BlobDecimal(value)];
        return [name, value];
      }),
    ),
  );
  return createHash('md5').update(dj.pack(rows, { compress: false })).digest('hex').slice(0, 4);
}

const distinct = (values: readonly unknown[]): Set<unknown> => new Set(values);
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describeBackends('the university pipeline (test_university.py) on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'university' });
  let u: University;

  beforeAll(async () => {
    u = declareUniversity(db.schema());
    await db.schema().ready();
    await loadUniversityData(u);
  }, 600_000);

  describe('fill (test_fill)', () => {
    it('inserts every CSV file', async () => {
      expect(await u.Student.count()).toBe(300);
      expect(await u.StudentMajor.count()).toBe(226);
      expect(await u.Section.count()).toBe(756);
      expect(await u.Enroll.count()).toBe(3364);
      expect(await u.Grade.count()).toBe(3027);
      expect(await u.Course.count()).toBe(45);
      expect(await u.Term.count()).toBe(18);
      expect(await u.Department.count()).toBe(4);
      expect(await u.CurrentTerm.count()).toBe(1);
      expect(await u.LetterGrade.count()).toBe(11);
    });

    it('holds the same rows as datajoint-python (hash of the blob of to_dicts)', async () => {
      expect(await hash4(u.Student)).toBe('1e1a');
      expect(await hash4(u.StudentMajor)).toBe('3129');
      expect(await hash4(u.Section)).toBe('dc7e');
      expect(await hash4(u.Enroll)).toBe('177d');
      expect(await hash4(u.Grade)).toBe('4a9d');
    });

    it('reads the current term and the quoted multi-line addresses back', async () => {
      expect(await u.CurrentTerm.fetch1()).toEqual({ omega: 1, term_year: 2020, term: 'Fall' });
      const addresses = (await u.Department.toArrays('dept_address'))[0] as string[];
      expect(addresses).toHaveLength(4);
      for (const address of addresses) expect(address).toMatch(/^[^\n]+\n[^\n]+$/);
      expect(await u.Department.restrict({ dept: 'BIOL' }).fetch1('dept_address')).toBe('931 Eric Trail Suite 331\nLake Scott, CT 53527');
    });

    it('keeps the rows of the CSV files', async () => {
      const students = csvRows('Student');
      const fetched = await u.Student.toDicts({ orderBy: 'KEY' });
      expect(fetched.map((r) => Number(r.student_id))).toEqual(students.map((r) => Number(r.student_id)).sort((a, b) => a - b));
      const first = fetched[0]!;
      const row = students.find((r) => Number(r.student_id) === Number(first.student_id))!;
      expect(first).toMatchObject({ first_name: row.first_name, last_name: row.last_name, home_state: row.home_state, home_zip: row.home_zip });
      expect((first.date_of_birth as Date).toISOString().slice(0, 10)).toBe(row.date_of_birth);
    });
  });

  describe('restrictions (test_restrict)', () => {
    it('restricts by an object and by SQL text alike', async () => {
      const utahns1 = u.Student.restrict({ home_state: 'UT' });
      const utahns2 = u.Student.restrict("home_state='UT'");
      expect(await utahns1.count()).toBe(7);
      expect(await utahns2.keys()).toHaveLength(7);
      expect(await utahns2.count()).toBe(7);
    });

    it('restricts and subtracts (male non-Utahns)', async () => {
      const query = u.Student.restrict("sex='M'").minus({ home_state: 'UT' });
      const [sex, state] = await query.toArrays('sex', 'home_state', { orderBy: 'student_id' });
      expect(distinct(state!).size).toBe(44);
      expect(state).not.toContain('UT');
      expect(distinct(sex!)).toEqual(new Set(['M']));
    });

    it('restricts by a list of objects as an OR', async () => {
      const s1 = await u.Student.restrict([{ home_state: 'OK' }, { home_state: 'NM' }, { home_state: 'TX' }]).keys({ orderBy: 'student_id' });
      const s2 = await u.Student.restrict("home_state in ('OK', 'NM', 'TX')").keys({ orderBy: 'student_id' });
      expect(s1).toHaveLength(11);
      expect(s1).toEqual(s2);
    });

    it('restricts by dates and subtracts a restricted query', async () => {
      const millennials = u.Student.restrict("date_of_birth between '1981-01-01' and '1996-12-31'");
      expect(await millennials.count()).toBe(170);
      const millennialsNoMath = millennials.minus(u.Enroll.restrict("dept='MATH'"));
      expect(await millennialsNoMath.count()).toBe(53);
    });

    it('subtracts a semijoin through a secondary foreign key (inactive students)', async () => {
      expect(await u.Student.minus(u.Enroll.restrict(u.CurrentTerm)).count()).toBe(204);
    });

    it('restricts by a list of queries (OR of semijoins)', async () => {
      const special = u.Student.restrict([u.Enroll, u.StudentMajor.minus({ dept: 'MATH' })]).restrict({ sex: 'F' });
      expect(await special.count()).toBe(158);
    });
  });

  describe('joins (test_advanced_join)', () => {
    it('joins on a secondary foreign key, subtracts, and left-joins a renamed projection', async () => {
      const ungraded = u.Enroll.join(u.CurrentTerm).minus(u.Grade);
      expect(await ungraded.count()).toBe(34);
      await ungraded.prepare();
      expect(ungraded.primaryKey).toEqual(['student_id', 'dept', 'course', 'term_year', 'term', 'section', 'omega']);

      const major = u.StudentMajor.proj('...', { major: 'dept' });
      expect(await ungraded.join(major, { left: true }).count()).toBe(34);
      expect(await ungraded.join(major).count()).toBe(31);
      expect(await ungraded.restrict(major).count()).toBe(31);
      // the three students without a major keep NULL in the left join
      const majors = (await ungraded.join(major, { left: true }).toArrays('major'))[0]!;
      expect(majors.filter((m) => m === null)).toHaveLength(3);
    });
  });

  describe('union (test_union)', () => {
    it('unions two restrictions of one table', async () => {
      const q1 = u.Enroll.restrict('student_id=101').union(u.Enroll.restrict('student_id=102'));
      const q2 = u.Enroll.restrict('student_id in (101, 102)');
      expect(await q1.count()).toBe(41);
      expect(await q2.count()).toBe(41);
      expect(await q1.keys({ orderBy: 'KEY' })).toEqual(await q2.keys({ orderBy: 'KEY' }));
    });

    it('orders, limits and restricts a union as a whole (N-05)', async () => {
      const union = u.Enroll.restrict('student_id=101').union(u.Enroll.restrict('student_id=102'));
      const all = await u.Enroll.restrict('student_id in (101, 102)').keys({ orderBy: 'KEY DESC' });
      expect(await union.restrict(dj.Top(3, 'KEY DESC')).keys()).toEqual(all.slice(0, 3));
      expect(await union.restrict(dj.Top(3, 'KEY DESC')).count()).toBe(3);
      expect(await union.keys({ orderBy: 'KEY DESC', limit: 4, offset: 2 })).toEqual(all.slice(2, 6));
      const biology = all.filter((k) => k.dept === 'BIOL');
      expect(biology.length).toBeGreaterThan(1);
      expect(await union.restrict({ dept: 'BIOL' }).count()).toBe(biology.length);
      expect(await union.restrict({ dept: 'BIOL' }).restrict(dj.Top(1, 'KEY DESC')).keys()).toEqual(biology.slice(0, 1));
    });
  });

  describe('aggregation (test_aggr)', () => {
    it('keeps every course by default', async () => {
      const avgGradePerCourse = u.Course.aggr(u.Grade.join(u.LetterGrade), { avg_grade: 'round(avg(points), 2)' });
      expect(await avgGradePerCourse.count()).toBe(45);
      const [avg] = await avgGradePerCourse.toArrays('avg_grade');
      for (const value of avg!) if (value !== null) expect(Number(value)).toBeGreaterThanOrEqual(0);
    });

    it('computes GPAs of the students with grades only (excludeNonmatching)', async () => {
      const studentGpa = u.Student.aggr(
        u.Course.join(u.Grade).join(u.LetterGrade),
        { gpa: 'round(sum(points*credits)/sum(credits), 2)' },
        { excludeNonmatching: true },
      );
      const [gpa] = await studentGpa.toArrays('gpa');
      expect(gpa).toHaveLength(261);
      const m = mean(gpa!.map(Number));
      expect(m).toBeGreaterThan(2);
      expect(m).toBeLessThan(3);
      expect(m).toBeCloseTo(2.316, 2);
    });

    it('counts matching rows of the group, 0 for unmatched rows (count of a key attribute)', async () => {
      const section = u.Section.restrict({ dept: 'BIOL' }).aggr(u.Enroll, { n: 'count(student_id)' }).restrict('n=0');
      const [dept] = await section.toArrays('dept');
      expect(distinct(dept!)).toEqual(new Set(['BIOL']));
      expect(await section.count()).toBe(17);
      expect(await section.exists()).toBe(true);
    });

    it("keeps only the grouping expression's attributes with '...'", async () => {
      const section = u.Section.restrict({ dept: 'BIOL' }).aggr(u.Grade, '...', { n: 'count(student_id)' }).restrict('n>1');
      await section.prepare();
      for (const name of u.Grade.heading.secondaryAttributes) expect(section.heading.names).not.toContain(name);
      expect(section.heading.names).toEqual([...u.Section.heading.names, 'n']);
      const [dept] = await section.toArrays('dept');
      expect(distinct(dept!)).toEqual(new Set(['BIOL']));
      expect(await section.count()).toBe(168);
      expect(await section.exists()).toBe(true);
    });
  });

  describe('extra derived checks (§19.1)', () => {
    it('lists distinct values with U', async () => {
      expect(await dj.U('home_state').restrict(u.Student).count()).toBe(51);
      expect(await dj.U('last_name').restrict(u.Student).count()).toBe(224);
      expect(await dj.U('student_id').restrict(u.Enroll).count()).toBe(261);
      const states = csvRows('Student').map((r) => r.home_state);
      const [fetched] = await dj.U('home_state').restrict(u.Student).toArrays('home_state', { orderBy: 'home_state' });
      expect(fetched).toEqual([...distinct(states)].sort());
    });

    it('subtracts a dependent table', async () => {
      expect(await u.Student.minus(u.StudentMajor).count()).toBe(74);
    });

    it('aggregates over U', async () => {
      expect(await dj.U('sex').aggr(u.Student, { n: 'count(*)' }).toDicts({ orderBy: 'sex' })).toEqual([
        { sex: 'F', n: 167 },
        { sex: 'M', n: 133 },
      ]);
      expect(await dj.U('dept').aggr(u.StudentMajor, { n: 'count(*)' }).toDicts({ orderBy: 'dept' })).toEqual([
        { dept: 'BIOL', n: 43 },
        { dept: 'CS', n: 60 },
        { dept: 'MATH', n: 55 },
        { dept: 'PHYS', n: 68 },
      ]);
      expect(await dj.U().aggr(u.Enroll, { n: 'count(*)' }).fetch1('n')).toBe(3364);
    });

    it('joins with the current term', async () => {
      expect(await u.Enroll.join(u.CurrentTerm).count()).toBe(246);
    });
  });

  describe('§18 decisions on aggregation, union, U and Top', () => {
    /** The first `n` student ids in key order. */
    async function firstStudents(n: number): Promise<bigint[]> {
      return (await u.Student.toArrays('student_id', { orderBy: 'KEY', limit: n }))[0] as bigint[];
    }

    it('keeps the Top of a join operand (T-06)', async () => {
      const first = new Set((await firstStudents(5)).map(String));
      const majors = (await u.StudentMajor.keys()).filter((k) => first.has(String(k.student_id)));
      expect(majors.length).toBeLessThan(5);
      const joined = u.Student.restrict(dj.Top(5)).join(u.StudentMajor);
      expect(await joined.count()).toBe(majors.length);
      const reversed = u.StudentMajor.join(u.Student.restrict(dj.Top(5)));
      expect(await reversed.count()).toBe(majors.length);
    });

    it('keeps the Top of an aggregated expression and of its group (T-06)', async () => {
      expect(await u.Student.restrict(dj.Top(5)).aggr(u.Enroll, { n: 'count(course)' }).count()).toBe(5);
      const firstEnrollments = await u.Enroll.keys({ orderBy: 'KEY', limit: 10 });
      // count(course), not count(student_id): the join attribute student_id is never NULL in a left join
      const perStudent = u.Student.aggr(u.Enroll.restrict(dj.Top(10)), { n: 'count(course)' });
      expect(await perStudent.count()).toBe(300);
      const [n] = await perStudent.toArrays('n');
      expect((n as number[]).reduce((s, v) => s + v, 0)).toBe(10);
      const students = distinct(firstEnrollments.map((k) => String(k.student_id)));
      expect(await perStudent.restrict('n > 0').count()).toBe(students.size);
      expect(await dj.U().aggr(u.Enroll.restrict(dj.Top(10)), { n: 'count(*)' }).fetch1('n')).toBe(10);
    });

    it('keeps the Top of a union operand and of a restricting query (T-06)', async () => {
      const union = u.Enroll.restrict('student_id=101').restrict(dj.Top(3)).union(u.Enroll.restrict('student_id=102').restrict(dj.Top(2)));
      expect(await union.count()).toBe(5);
      const firstEnrollments = await u.Enroll.keys({ orderBy: 'KEY', limit: 10 });
      const students = distinct(firstEnrollments.map((k) => String(k.student_id)));
      expect(await u.Student.restrict(u.Enroll.restrict(dj.Top(10))).count()).toBe(students.size);
      expect(await u.Student.minus(u.Enroll.restrict(dj.Top(10))).count()).toBe(300 - students.size);
    });

    it('keeps every left row in a left join with a restricted right operand (J-07)', async () => {
      const joined = u.Student.join(u.StudentMajor.restrict({ dept: 'MATH' }), { left: true });
      expect(await joined.count()).toBe(300);
      const [dept] = await joined.toArrays('dept');
      expect(dept!.filter((d) => d === 'MATH')).toHaveLength(55);
      expect(dept!.filter((d) => d === null)).toHaveLength(245);
      expect(await u.Student.extend(u.StudentMajor.restrict("dept='CS'")).count()).toBe(300);
    });

    it('keeps every row in a default aggregation with a restricted group (G-04)', async () => {
      const math = u.Student.aggr(u.StudentMajor.restrict({ dept: 'MATH' }), { n: 'count(dept)' });
      expect(await math.count()).toBe(300);
      expect(await math.restrict('n = 1').count()).toBe(55);
      expect(await math.restrict('n = 0').count()).toBe(245);

      const mathEnrollments = u.Student.aggr(u.Enroll.restrict("dept='MATH'"), { n: 'count(course)' });
      expect(await mathEnrollments.count()).toBe(300);
      const enrolledInMath = await u.Student.restrict(u.Enroll.restrict("dept='MATH'")).count();
      expect(enrolledInMath).toBeGreaterThan(0);
      expect(await mathEnrollments.restrict('n > 0').count()).toBe(enrolledInMath);
      expect(await mathEnrollments.restrict('n = 0').count()).toBe(300 - enrolledInMath);
      // the same with excludeNonmatching drops the students without MATH enrollments
      expect(await u.Student.aggr(u.Enroll.restrict("dept='MATH'"), { n: 'count(*)' }, { excludeNonmatching: true }).count()).toBe(enrolledInMath);
    });

    it('counts with Top (count() honours Top)', async () => {
      expect(await u.Student.restrict(dj.Top(7)).count()).toBe(7);
      expect(await u.Student.restrict(dj.Top(10, 'KEY', 295)).count()).toBe(5);
      expect(await u.Student.restrict(dj.Top(null, 'student_id DESC', 290)).count()).toBe(10);
      expect(await dj.U('home_state').aggr(u.Student, { n: 'count(*)' }).restrict(dj.Top(3, 'n DESC')).count()).toBe(3);
      expect(await u.Enroll.join(u.CurrentTerm).restrict(dj.Top(4)).count()).toBe(4);
    });

    it('tests existence with Top (exists() honours Top)', async () => {
      expect(await u.Student.restrict(dj.Top(5, 'KEY', 300)).exists()).toBe(false);
      expect(await u.Student.restrict(dj.Top(5, 'KEY', 299)).exists()).toBe(true);
      expect(await u.Student.restrict(dj.Top(5, 'KEY', 299)).count()).toBe(1);
      expect(await dj.U('sex').aggr(u.Student, { n: 'count(*)' }).restrict(dj.Top(1, 'KEY', 2)).exists()).toBe(false);
      expect(await dj.U('sex').aggr(u.Student, { n: 'count(*)' }).restrict(dj.Top(1, 'KEY', 1)).exists()).toBe(true);
    });

    it('runs an aggregation of an aggregation and "..." in aggr under ONLY_FULL_GROUP_BY (§18 item 12)', async () => {
      if (backend.name === 'mysql') {
        const { rows } = await db.instance.connection.query<{ mode: string }>('SELECT @@SESSION.sql_mode AS mode');
        expect(rows[0]!.mode).toContain('ONLY_FULL_GROUP_BY');
      }
      const perDept = dj.U('dept').aggr(u.StudentMajor, { n: 'count(*)' });
      expect(await dj.U().aggr(perDept, { m: 'max(n)', total: 'sum(n)' }).fetch1('m', 'total')).toEqual([68, 226]);
      const perStudent = u.Student.aggr(u.Enroll, { n: 'count(course)' });
      expect(Number(await dj.U().aggr(perStudent, { total: 'sum(n)' }).fetch1('total'))).toBe(3364);
      // 261 of the 300 students are enrolled somewhere
      expect(await dj.U('n').aggr(perStudent, { students: 'count(*)' }).restrict('n = 0').fetch1('students')).toBe(300 - 261);

      const withAll = u.Student.aggr(u.Enroll, '...', { n: 'count(course)' });
      await withAll.prepare();
      expect(withAll.heading.names).toEqual([...u.Student.heading.names, 'n']);
      expect(await withAll.count()).toBe(300);
      const row = await withAll.restrict({ student_id: 101 }).fetch1();
      expect(row).toMatchObject({ ...(await u.Student.restrict({ student_id: 101 }).fetch1()), n: await u.Enroll.restrict({ student_id: 101 }).count() });
    });

    it('restricts an aggregation without primary key (G-07)', async () => {
      const total = dj.U().aggr(u.Student, { n: 'count(*)' });
      expect(await total.restrict('n > 5').count()).toBe(1);
      expect(await total.restrict('n > 5').fetch1('n')).toBe(300);
      expect(await total.restrict('n > 500').count()).toBe(0);
      expect(await total.restrict('n > 500').exists()).toBe(false);
      expect(await total.restrict('n > 500').toDicts()).toEqual([]);
      expect(await dj.U('dept').aggr(u.StudentMajor, { n: 'count(*)' }).restrict('n > 55').keys({ orderBy: 'KEY' })).toEqual([
        { dept: 'CS' },
        { dept: 'PHYS' },
      ]);
    });
  });
});
