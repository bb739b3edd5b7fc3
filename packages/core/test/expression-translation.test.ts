/**
 * Computed attributes written in the other backend's dialect are rewritten (spec-query §11):
 * MySQL functions for PostgreSQL, `STRING_AGG` for MySQL; JSON paths per backend.
 */
import { mysqlJsonPath, translateMysqlExpression } from '../src/dialects/mysql/mysql-expressions';
import { postgresJsonPath, translatePostgresExpression } from '../src/dialects/postgresql/postgres-expressions';
import { rewriteCalls } from '../src/dialects/function-calls';

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
  it('reads nested keys and array items on PostgreSQL, cast on request', () => {
    expect(postgresJsonPath('"car"', 'length', null)).toBe(`jsonb_extract_path_text("car", 'length')`);
    expect(postgresJsonPath('"car"', 'tire[0].pressure', 'decimal(4, 1)')).toBe(`(jsonb_extract_path_text("car", 'tire', '0', 'pressure'))::decimal(4, 1)`);
    expect(postgresJsonPath('"car"', 'seats', 'unsigned')).toBe(`(jsonb_extract_path_text("car", 'seats'))::integer`);
  });

  it('uses JSON_VALUE on MySQL, cast on request', () => {
    expect(mysqlJsonPath('`car`', 'length', null)).toBe("JSON_VALUE(`car`, '$.length')");
    expect(mysqlJsonPath('`car`', 'tire[0].pressure', 'decimal(4, 1)')).toBe("CAST(JSON_VALUE(`car`, '$.tire[0].pressure') AS decimal(4, 1))");
    expect(mysqlJsonPath('`car`', 'seats', 'int')).toBe("CAST(JSON_VALUE(`car`, '$.seats') AS SIGNED)");
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
