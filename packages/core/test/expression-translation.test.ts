/**
 * Computed attributes written in the other backend's dialect are rewritten (spec-query §11):
 * MySQL functions for PostgreSQL, `STRING_AGG` for MySQL; JSON paths per backend.
 */
import { mysqlJsonPath, translateMysqlExpression } from '../src/dialects/mysql/mysql-expressions';
import { postgresJsonPath, translatePostgresExpression } from '../src/dialects/postgresql/postgres-expressions';
import { rewriteCalls } from '../src/dialects/function-calls';
import { parseJsonPathKey } from '../src/types/json-path';

describe('PostgreSQL translation of computed attributes', () => {
  it.each([
    ['GROUP_CONCAT(name)', "STRING_AGG((name)::text, ',')"],
    ["group_concat(name SEPARATOR '; ')", "STRING_AGG((name)::text, '; ')"],
    ['GROUP_CONCAT(DISTINCT dept ORDER BY dept SEPARATOR "|")', "STRING_AGG(DISTINCT (dept)::text, '|' ORDER BY dept)"],
    ['CURDATE()', 'CURRENT_DATE'],
    ['NOW() - interval', 'CURRENT_TIMESTAMP - interval'],
    ['YEAR(date_of_birth)', '(EXTRACT(YEAR FROM date_of_birth))::int'],
    ['MONTH(DATE(ts))', '(EXTRACT(MONTH FROM DATE(ts)))::int'],
    ['TIMESTAMPDIFF(YEAR, date_of_birth, CURDATE())', '(EXTRACT(YEAR FROM AGE(CURRENT_DATE, date_of_birth)))::int'],
    ['TIMESTAMPDIFF(DAY, a, b)', '((b)::date - (a)::date)'],
    ['TIMESTAMPDIFF(HOUR, a, b)', '(FLOOR(EXTRACT(EPOCH FROM ((b)::timestamp - (a)::timestamp)) / 3600))::int'],
    ["SUM(sex='F')", "SUM((sex='F')::int)"],
    ['sum(points * credits)', 'sum(points * credits)'],
    ['round(avg(points), 2)', 'round(avg(points), 2)'],
    ["concat('YEAR(', name, ')')", "concat('YEAR(', name, ')')"],
    ['myyear(x)', 'myyear(x)'],
  ])('%s → %s', (input, output) => {
    expect(translatePostgresExpression(input)).toBe(output);
  });
});

describe('MySQL translation of computed attributes', () => {
  it.each([
    ["STRING_AGG(name, ',')", 'GROUP_CONCAT(name)'],
    ["string_agg(name::text, '; ')", "GROUP_CONCAT(name SEPARATOR '; ')"],
    ['GROUP_CONCAT(name)', 'GROUP_CONCAT(name)'],
    ['count(*)', 'count(*)'],
  ])('%s → %s', (input, output) => {
    expect(translateMysqlExpression(input)).toBe(output);
  });
});

describe('JSON paths', () => {
  /** The path and cast of a restriction key `car.<text>`. */
  function parsed(text: string) {
    const key = parseJsonPathKey(`car.${text}`);
    if (!key?.path) throw new Error(`not a JSON path key: ${text}`);
    return [key.path, key.cast] as const;
  }

  it('reads nested keys and array items on PostgreSQL, cast on request', () => {
    expect(postgresJsonPath('"car"', ...parsed('length'))).toBe(`jsonb_extract_path_text("car", 'length')`);
    expect(postgresJsonPath('"car"', ...parsed('tire[0].pressure:decimal(4, 1)'))).toBe(
      `(jsonb_extract_path_text("car", 'tire', '0', 'pressure'))::numeric(4,1)`,
    );
    expect(postgresJsonPath('"car"', ...parsed('seats:unsigned'))).toBe(`(jsonb_extract_path_text("car", 'seats'))::numeric`);
    expect(postgresJsonPath('"car"', ...parsed('seats:int'))).toBe(`(jsonb_extract_path_text("car", 'seats'))::bigint`);
    expect(postgresJsonPath('"car"', ...parsed('made:datetime'))).toBe(`(jsonb_extract_path_text("car", 'made'))::timestamp`);
  });

  it('uses JSON_VALUE with quoted keys on MySQL, cast on request', () => {
    expect(mysqlJsonPath('`car`', ...parsed('length'))).toBe(`JSON_VALUE(\`car\`, '$.\\"length\\"')`);
    expect(mysqlJsonPath('`car`', ...parsed('tire[0].pressure:decimal(4, 1)'))).toBe(
      `CAST(JSON_VALUE(\`car\`, '$.\\"tire\\"[0].\\"pressure\\"') AS DECIMAL(4,1))`,
    );
    expect(mysqlJsonPath('`car`', ...parsed('seats:int'))).toBe(`CAST(JSON_VALUE(\`car\`, '$.\\"seats\\"') AS SIGNED)`);
    expect(mysqlJsonPath('`car`', ...parsed('made:char(8)'))).toBe(`CAST(JSON_VALUE(\`car\`, '$.\\"made\\"') AS CHAR(8))`);
  });

  it.each([
    'j.k:int) IS NULL OR (TRUE',
    'j.k:char)) OR ((1',
    'j.k:char) OR (SLEEP(1)',
    "j.k'--",
    'j.k:decimal(70,2)',
    'j.k:decimal(5,6)',
    'j.k:char(0)',
    'j.k:varchar',
    'j.k:int unsigned',
    'j.k[*]',
    'j.*',
    'j..k',
    'j.k:',
    'j.k[1',
    'j.k[99999999999]',
    'j.k:int:int',
    'j.k:json',
  ])('refuses the key %j', (key) => {
    expect(parseJsonPathKey(key)).toBeNull();
  });

  it('reads attribute, path and cast of a valid key', () => {
    expect(parseJsonPathKey('doc.a_1.b[2][3]:float')).toEqual({
      attribute: 'doc',
      path: [{ key: 'a_1' }, { key: 'b' }, { index: 2 }, { index: 3 }],
      cast: { type: 'float' },
    });
    expect(parseJsonPathKey('doc:int')).toEqual({ attribute: 'doc', path: null, cast: { type: 'integer' } });
  });
});

describe('rewriting function calls', () => {
  it('handles nesting, quotes with parentheses and calls without arguments', () => {
    const upper = (args: string[]) => `F[${args.join('|')}]`;
    expect(rewriteCalls("f(a, f(b), 'f(x)')", 'f', upper)).toBe("F[a|F[b]|'f(x)']");
    expect(rewriteCalls('f()', 'f', upper)).toBe('F[]');
    expect(rewriteCalls('g.f(1) + xf(2)', 'f', upper)).toBe('g.f(1) + xf(2)');
    expect(rewriteCalls('f(unbalanced', 'f', upper)).toBe('f(unbalanced');
  });
});
