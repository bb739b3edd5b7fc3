import { splitAtPlaceholders } from '../src/dialects/placeholders';
import { inlineMysqlParams } from '../src/dialects/mysql/mysql-literals';
import { preparePostgres } from '../src/dialects/postgresql/postgres-params';

describe('placeholder scanning', () => {
  it('splits at bare question marks only', () => {
    expect(splitAtPlaceholders("SELECT ?, '?', \"?\", `?` -- ?\n, ? /* ? */", 'mysql')).toEqual([
      'SELECT ',
      ", '?', \"?\", `?` -- ?\n, ",
      ' /* ? */',
    ]);
    expect(splitAtPlaceholders("SELECT ?, 'it''s ?', $$ ? $$, $tag$ ? $tag$, E'\\' ?'", 'postgresql')).toEqual([
      'SELECT ',
      ", 'it''s ?', $$ ? $$, $tag$ ? $tag$, E'\\' ?'",
    ]);
  });

  it('honours MySQL backslash escapes and the \\? escape', () => {
    expect(splitAtPlaceholders("SELECT 'a\\' ?', ?", 'mysql')).toEqual(["SELECT 'a\\' ?', ", '']);
    expect(splitAtPlaceholders('SELECT data \\? ?', 'postgresql')).toEqual(['SELECT data ? ', '']);
  });
});

describe('MySQL literals', () => {
  it('inlines values safely', () => {
    const sql = inlineMysqlParams('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      1,
      "it's",
      null,
      true,
      12345678901234567890n,
      Buffer.from([1, 255]),
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
      { a: [1, 2] },
    ]);
    expect(sql).toBe(
      "INSERT INTO t VALUES (1, 'it\\'s', NULL, TRUE, 12345678901234567890, X'01ff', '2024-01-02 03:04:05.006', '{\\\"a\\\":[1,2]}')",
    );
  });

  it('writes NaN and infinities as NULL', () => {
    expect(inlineMysqlParams('SELECT ?, ?', [Number.NaN, Infinity])).toBe('SELECT NULL, NULL');
  });
});

describe('PostgreSQL parameters', () => {
  it('numbers placeholders and normalises values', () => {
    expect(preparePostgres("SELECT ?, '?', ?", [new Date(Date.UTC(2024, 0, 2)), 5n])).toEqual({
      text: "SELECT $1, '?', $2",
      values: ['2024-01-02 00:00:00', '5'],
    });
  });
});
