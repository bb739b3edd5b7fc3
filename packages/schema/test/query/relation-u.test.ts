/**
 * datajoint-python's `tests/integration/test_relation_u.py` (spec-query §19.3) on every
 * backend, with the error messages of the universal set (spec-query U-01 … U-04).
 * Tables of `tests/schema.py` (Language, TTest, and Subject → Experiment → Trial for their
 * headings) and `tests/schema_simple.py` (ArgmaxTest).
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { queryErrorOf } from '../helpers/query-error';
import { declareExperiments, declareLanguage, declareSubject, declareTTest, declareUser, LANGUAGES } from '../pipelines/python-test-schema';
import { declareArgmaxTest } from '../pipelines/simple';

/**
 * ArgmaxTest's rows: `primary_key` 0..99, `secondary_key` cycling through the ten letters
 * 'd'..'m' (as upstream), and `val` deterministic here (upstream: numpy random numbers).
 */
const ARGMAX_ROWS = Array.from({ length: 100 }, (_, i) => [i, String.fromCharCode(100 + (i % 10)), ((i * 37) % 101) / 101] as const);

function define(schema: dj.Schema) {
  const TTest = declareTTest(schema);
  const User = declareUser(schema);
  const Subject = declareSubject(schema);
  const Language = declareLanguage(schema);
  // Trial's part Condition and Ephys come along; the tests use Experiment's and Trial's headings.
  const { Experiment, Trial } = declareExperiments(schema);
  // `val` float64 (upstream: float) holds the rows' values exactly
  const ArgmaxTest = declareArgmaxTest(schema, { valType: 'float64', rows: ARGMAX_ROWS.map((row) => [...row]) });
  return { TTest, User, Subject, Language, Experiment, Trial, ArgmaxTest };
}

describeBackends('the universal set dj.U (test_relation_u.py) on $name', (backend) => {
  // as upstream's conftest: Experiment and Trial (Imported) have primary-key attributes of their own
  const db = useTestInstance(backend, { label: 'relation_u', overrides: { jobs: { allow_new_pk_fields_in_computed_tables: true } } });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
  });

  it('lists the distinct values of an attribute (test_restriction)', async () => {
    const languageSet = new Set(LANGUAGES.map(([, language]) => language));
    const rel = dj.U('language').restrict(t.Language);
    await rel.prepare();
    expect(rel.heading.names).toEqual(['language']);
    expect(rel.primaryKey).toEqual(['language']);
    expect(await rel.count()).toBe(languageSet.size);
    expect(await rel.count()).toBe(4);
    const [languages] = await rel.toArrays('language');
    expect(new Set(languages)).toEqual(languageSet);
    expect(languages).toHaveLength(4);
  });

  it('promotes the attributes of U to the primary key (test_restriction)', async () => {
    const rel = dj.U('start_time').restrict(t.Trial);
    await rel.prepare();
    expect(rel.primaryKey).toEqual(['start_time']);
    expect(rel.heading.names).toEqual(['start_time']);
    const two = dj.U('trial_id', 'animal').restrict(t.Trial);
    await two.prepare();
    expect(two.primaryKey).toEqual(['trial_id', 'animal']);
  });

  it('refuses a restriction of U by anything but a query (test_invalid_restriction, U-01)', () => {
    expect(() => dj.U('color').restrict({ color: 'red' })).toThrow(dj.DataJointError);
    expect(() => dj.U('color').restrict({ color: 'red' })).toThrow('Set U can only be restricted with a QueryExpression.');
    expect(() => dj.U('language').restrict("language='English'")).toThrow('Set U can only be restricted with a QueryExpression.');
  });

  it('refuses attributes of U that the query does not have (U-01)', async () => {
    expect((await queryErrorOf(() => dj.U('color').restrict(t.Language))).message).toBe('Attributes [color] not found in the restricting expression.');
    expect((await queryErrorOf(() => dj.U('language', 'color').restrict(t.Language))).message).toMatch(/\[color\]/);
  });

  it('refuses a restriction of U() without attributes (§18 item 9)', () => {
    expect(() => dj.U().restrict(t.Language)).toThrow(dj.DataJointError);
    expect(() => dj.U().restrict(t.Language)).toThrow(/dj\.U\(\) without attributes cannot be restricted/);
  });

  it('leaves a query unchanged when restricted by U (test_ineffective_restriction, U-02)', async () => {
    await t.Language.ready();
    const rel = t.Language.restrict(dj.U('language'));
    expect(rel.sql()).toEqual(t.Language.sql());
    expect(t.Language.minus(dj.U('language')).sql().sql).not.toEqual(t.Language.sql().sql);
    expect(await t.Language.minus(dj.U('language')).count()).toBe(0);
    expect(await rel.count()).toBe(6);
  });

  it('refuses joins with U (test_join_with_u_removed, test_invalid_join, U-03)', () => {
    const u = dj.U('experiment_date');
    expect(() => t.Experiment.join(u)).toThrow(dj.DataJointError);
    expect(() => t.Experiment.join(u)).toThrow(/no longer supported/);
    expect(() => t.Experiment.join(u, { left: true })).toThrow(/no longer supported/);
    expect(() => dj.U('experiment_date').join(t.Experiment)).toThrow(/no longer supported/);
    expect(() => dj.U('language').join({ language: 'English' })).toThrow(dj.DataJointError);
    expect(() => dj.U('language').join({ language: 'English' })).toThrow(/no longer supported/);
  });

  it('refuses the complement of a query in U (U-03)', () => {
    expect(() => dj.U('language').minus(t.Language)).toThrow(dj.DataJointError);
    expect(() => dj.U('language').minus(t.Language)).toThrow(/infinite/);
  });

  it('displays an aggregation over U() (test_repr_without_attrs)', async () => {
    const query = dj.U().aggr(t.Language, { n: 'count(*)' });
    const preview = await query.preview();
    const lines = preview.split('\n');
    expect(lines[0]!.trim()).toBe('n');
    expect(lines[1]).toMatch(/^\+-+\+$/);
    expect(lines[2]!.trim()).toBe('6');
    expect(preview).toContain('(Total: 1)');
    await query.prepare();
    expect(query.primaryKey).toEqual([]);
    expect(query.heading.names).toEqual(['n']);
  });

  it('aggregates a whole query and groups by U attributes (test_aggregations)', async () => {
    const lang = t.Language.instance();
    const n1 = await dj.U().aggr(lang, { n: 'count(*)' }).fetch1('n');
    expect(n1).toBe((await lang.toArrays()).length);
    const n2 = await dj.U().aggr(t.Language, { n: 'count(*)' }).fetch1('n');
    expect(n2).toBe(n1);
    expect(n2).toBe(6);
    const rel = dj.U('language').aggr(t.Language, { number_of_speakers: 'count(*)' });
    expect(await rel.count()).toBe(new Set(LANGUAGES.map(([, language]) => language)).size);
    expect(await rel.count()).toBe(4);
    expect(await rel.restrict("language='English'").fetch1('number_of_speakers')).toBe(3);
    expect(await rel.toDicts({ orderBy: 'language' })).toEqual([
      { language: 'English', number_of_speakers: 3 },
      { language: 'German', number_of_speakers: 1 },
      { language: 'Japanese', number_of_speakers: 1 },
      { language: 'Ukrainian', number_of_speakers: 1 },
    ]);
  });

  it('finds the maximum and the rows that have it (test_argmax)', async () => {
    const maxVal = await dj.U().aggr(t.TTest, { mx: 'max(value)' }).fetch1('mx');
    expect(maxVal).toBe(18);
    const mx = t.TTest.restrict(`value=${String(maxVal)}`);
    const [values] = await mx.toArrays('value');
    const [all] = await t.TTest.toArrays('value');
    expect(values![0]).toBe(Math.max(...(all as number[])));
    expect(await mx.fetch1('key')).toBe(9);
  });

  it('aggregates over U by a secondary attribute (test_aggr)', async () => {
    const agg = dj.U('secondary_key').aggr(t.ArgmaxTest, { min_val: 'min(val)' });
    expect(await agg.count()).toBeGreaterThan(0);
    expect(await agg.count()).toBe(10);
    const expected = new Map<string, number>();
    for (const [, key, val] of ARGMAX_ROWS) expected.set(key, Math.min(expected.get(key) ?? Infinity, val));
    const rows = await agg.toDicts({ orderBy: 'secondary_key' });
    expect(rows.map((r) => r.secondary_key)).toEqual([...expected.keys()].sort());
    for (const row of rows) expect(row.min_val).toBeCloseTo(expected.get(row.secondary_key as string)!, 12);
  });

  describe('errors of U aggregation (U-04)', () => {
    it('refuses excludeNonmatching false', () => {
      expect(() => dj.U('language').aggr(t.Language, { n: 'count(*)' }, { excludeNonmatching: false })).toThrow(
        'Cannot set excludeNonmatching: false when aggregating on a universal set.',
      );
    });

    it('accepts excludeNonmatching true', async () => {
      expect(await dj.U('language').aggr(t.Language, { n: 'count(*)' }, { excludeNonmatching: true }).count()).toBe(4);
    });

    it('refuses a group that is not a query', () => {
      expect(() => dj.U('language').aggr({ language: 'English' }, { n: 'count(*)' })).toThrow(dj.DataJointError);
      expect(() => dj.U('language').aggr('language', { n: 'count(*)' })).toThrow(dj.DataJointError);
    });

    it('refuses attributes of U missing from the group', async () => {
      expect((await queryErrorOf(() => dj.U('color').aggr(t.Language, { n: 'count(*)' }))).message).toBe(
        'Attributes [color] not found in the group expression.',
      );
      expect((await queryErrorOf(() => dj.U('language', 'color', 'size').aggr(t.Language, { n: 'count(*)' }))).message).toBe(
        'Attributes [color, size] not found in the group expression.',
      );
    });

    it('takes computed attributes only, no attribute names', () => {
      const aggr = dj.U('language').aggr as (query: unknown, ...rest: unknown[]) => unknown;
      expect(() => aggr.call(dj.U('language'), t.Language, 'name', { n: 'count(*)' })).toThrow(dj.DataJointError);
      expect(() => aggr.call(dj.U('language'), t.Language, '...')).toThrow(dj.DataJointError);
    });
  });
});
