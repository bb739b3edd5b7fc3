/**
 * Compile time: building a new expression for each of the university queries of
 * datajoint-python's test suite and compiling it (`sql()`), in µs per query, on PGlite (the
 * SQL text does not depend on a server). A second `sql()` of the same expression is cached.
 */
import * as dj from 'datajoint';
import { declareUniversity, newPglite, uniqueSchemaName, type University } from '@dj/testing';

const WARM_UP = 1000;
const BATCH = 1000;
const BATCHES = 5;
const ITERATIONS = 2000;

function universityQueries(u: University): Array<[string, () => dj.QueryExpression]> {
  const { Student, StudentMajor, Course, Section, CurrentTerm, Enroll, LetterGrade, Grade } = u;
  return [
    ['restrict by object', () => Student.restrict({ home_state: 'UT' })],
    ['OR list of objects', () => Student.restrict([{ home_state: 'OK' }, { home_state: 'NM' }, { home_state: 'TX' }])],
    ['antijoin of a semijoin', () => Student.restrict("date_of_birth between '1981-01-01' and '1996-12-31'").minus(Enroll.restrict("dept='MATH'"))],
    ['OR of two semijoins', () => Student.restrict([Enroll, StudentMajor.minus({ dept: 'MATH' })]).restrict({ sex: 'F' })],
    ['join, antijoin, renamed left join', () => Enroll.join(CurrentTerm).minus(Grade).join(StudentMajor.proj('...', { major: 'dept' }), { left: true })],
    ['union', () => Enroll.restrict('student_id=101').union(Enroll.restrict('student_id=102'))],
    ['aggregation of a join', () => Course.aggr(Grade.join(LetterGrade), { avg_grade: 'round(avg(points), 2)' })],
    [
      'GPA per student',
      () => Student.aggr(Course.join(Grade).join(LetterGrade), { gpa: 'round(sum(points*credits)/sum(credits), 2)' }, { excludeNonmatching: true }),
    ],
    ['restricted aggregation', () => Section.restrict({ dept: 'BIOL' }).aggr(Enroll, { n: 'count(student_id)' }).restrict('n=0')],
    ['universal set', () => dj.U('sex').aggr(Student, { n: 'count(*)' })],
  ];
}

export async function compileBenchmark(): Promise<void> {
  const inst = new dj.Instance({ backend: 'pglite', pglite: await newPglite(), loglevel: 'WARNING' });
  const schema = inst.Schema(uniqueSchemaName('bench_compile'));
  const university = declareUniversity(schema);
  await schema.ready();
  const rows: Array<Record<string, string | number>> = [];
  for (const [name, build] of universityQueries(university)) {
    await build().prepare();
    for (let i = 0; i < WARM_UP; i += 1) build().sql();
    // the median of several batches: one garbage collection does not decide the number
    const batches: number[] = [];
    for (let b = 0; b < BATCHES; b += 1) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i += 1) build().sql();
      batches.push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
    }
    const perQuery = batches.sort((x, y) => x - y)[Math.floor(BATCHES / 2)]!;
    const query = build();
    query.sql();
    const cachedStart = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i += 1) query.sql();
    const cached = Number(process.hrtime.bigint() - cachedStart) / 1000 / ITERATIONS;
    rows.push({ query: name, 'build + sql() µs': Number(perQuery.toFixed(1)), 'cached sql() µs': Number(cached.toFixed(2)) });
  }
  console.log('\nBuilding and compiling the university queries (PGlite, µs per query)');
  console.table(rows);
  await inst.close();
}
