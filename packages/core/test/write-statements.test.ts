/**
 * The statement builders beside the SELECT compiler (key conditions, UPDATE, DELETE,
 * INSERT … SELECT, claiming SELECT): their SQL pinned per backend, as Kysely's `testSql`
 * does, and what they do on every backend.
 */
import {
  chunksWithin,
  compileDelete,
  compileInsertSelect,
  compileLockingSelect,
  compileTableSelect,
  compileUpdate,
  compileWriteBatch,
  concatSql,
  keyCondition,
  keyInSelect,
  keyPosition,
  loadTableHeading,
  runWriteBatch,
  sqlText,
  sqlValue,
  type Adapter,
  type SqlFragment,
} from '@dj/core/internal';
import { DataJointError, Heading, type Connection } from '@dj/core';
import fc from 'fast-check';
import { describeBackends, useTestInstance } from '@dj/testing';
import type { Attribute } from '../src/heading/attribute';
import { mysqlAdapter } from '../src/dialects/mysql/mysql-adapter';
import { postgresAdapter } from '../src/dialects/postgresql/postgres-adapter';

function attribute(name: string, inKey: boolean, kind: Attribute['kind'], sqlType: string): Attribute {
  return {
    name,
    type: sqlType,
    sqlType,
    columnType: sqlType,
    kind,
    codec: null,
    inKey,
    nullable: false,
    default: null,
    comment: '',
    autoIncrement: false,
    hidden: false,
    lineage: null,
    enumValues: null,
    expression: null,
  };
}

/** `s`.`job`: keyed by (subject, session), one other column. */
const heading = new Heading([attribute('subject', true, 'int', 'int'), attribute('session', true, 'string', 'varchar(16)'), attribute('note', false, 'string', 'varchar(255)')]);
const ADAPTERS = { mysql: mysqlAdapter, postgres: postgresAdapter } as const;

/** Asserts the statement `build` makes for each backend. */
function testSql(build: (adapter: Adapter, table: string) => SqlFragment, expected: { mysql: SqlFragment; postgres: SqlFragment }): void {
  for (const [name, adapter] of Object.entries(ADAPTERS)) {
    const statement = build(adapter, adapter.fullTableName('s', 'job'));
    expect({ backend: name, ...statement }).toEqual({ backend: name, ...expected[name as keyof typeof expected] });
  }
}

const target = (adapter: Adapter) => ({ heading, adapter, description: 'job' });
const keys = [
  { subject: 1, session: 'a', note: 'ignored' },
  { subject: 2, session: 'b' },
];

describe('statement SQL per backend', () => {
  it('matches rows by key: every key attribute, other attributes ignored', () => {
    testSql((adapter) => keyCondition(target(adapter), keys), {
      mysql: { sql: '((`subject` = ?) AND (`session` = ?)) OR ((`subject` = ?) AND (`session` = ?))', params: [1, 'a', 2, 'b'] },
      postgres: { sql: '(("subject" = ?) AND ("session" = ?)) OR (("subject" = ?) AND ("session" = ?))', params: [1, 'a', 2, 'b'] },
    });
    testSql((adapter) => keyCondition(target(adapter), []), { mysql: sqlText('1 = 0'), postgres: sqlText('1 = 0') });
  });

  it('refuses a key that lacks a key attribute (it would match other rows)', () => {
    expect(() => keyCondition(target(mysqlAdapter), [{ subject: 1 }])).toThrow(new DataJointError('The key lacks attribute `session` of job.'));
  });

  it('tells which key a row is by its position', () => {
    testSql((adapter) => keyPosition(target(adapter), keys), {
      mysql: { sql: 'CASE WHEN (`subject` = ?) AND (`session` = ?) THEN 0 WHEN (`subject` = ?) AND (`session` = ?) THEN 1 END', params: [1, 'a', 2, 'b'] },
      postgres: { sql: 'CASE WHEN ("subject" = ?) AND ("session" = ?) THEN 0 WHEN ("subject" = ?) AND ("session" = ?) THEN 1 END', params: [1, 'a', 2, 'b'] },
    });
  });

  it('builds UPDATE with parameters and expressions, and RETURNING where the backend has it', () => {
    const update = (adapter: Adapter, table: string) =>
      compileUpdate(adapter, { table, set: [['note', sqlValue('x')], ['session', sqlText(adapter.currentTimestampSql(3))]], where: [keyCondition(target(adapter), [keys[0]!])] });
    testSql(update, {
      mysql: { sql: 'UPDATE `s`.`job` SET `note` = ?, `session` = CURRENT_TIMESTAMP(3) WHERE ((`subject` = ?) AND (`session` = ?))', params: ['x', 1, 'a'] },
      postgres: { sql: 'UPDATE "s"."job" SET "note" = ?, "session" = CURRENT_TIMESTAMP(3) WHERE (("subject" = ?) AND ("session" = ?))', params: ['x', 1, 'a'] },
    });
    expect(compileUpdate(postgresAdapter, { table: '"s"."job"', set: [['note', sqlValue(null)]], where: [], returning: sqlText('"subject"') })).toEqual({
      sql: 'UPDATE "s"."job" SET "note" = ? RETURNING "subject"',
      params: [null],
    });
    expect(() => compileUpdate(mysqlAdapter, { table: '`s`.`job`', set: [['note', sqlValue(null)]], where: [], returning: sqlText('1') })).toThrow(DataJointError);
    expect(() => compileUpdate(mysqlAdapter, { table: '`s`.`job`', set: [], where: [] })).toThrow(DataJointError);
  });

  it('builds DELETE, and the key subquery both DELETE and UPDATE use', () => {
    testSql((adapter, table) => compileDelete(table, [keyInSelect(adapter, ['subject', 'session'], { sql: `SELECT * FROM ${table} WHERE note = ? LIMIT 3`, params: ['n'] })]), {
      mysql: {
        sql: 'DELETE FROM `s`.`job` WHERE ((`subject`, `session`) IN (SELECT `subject`, `session` FROM (SELECT * FROM `s`.`job` WHERE note = ? LIMIT 3) AS `$keys`))',
        params: ['n'],
      },
      postgres: {
        sql: 'DELETE FROM "s"."job" WHERE (("subject", "session") IN (SELECT "subject", "session" FROM (SELECT * FROM "s"."job" WHERE note = ? LIMIT 3) AS "$keys"))',
        params: ['n'],
      },
    });
    testSql((_adapter, table) => compileDelete(table, []), { mysql: sqlText('DELETE FROM `s`.`job`'), postgres: sqlText('DELETE FROM "s"."job"') });
  });

  it('builds several DELETEs and UPDATEs as one statement counting each', () => {
    testSql(
      (adapter, table) =>
        compileWriteBatch(adapter, [
          compileDelete(adapter.fullTableName('s', 'job__part'), [{ sql: 'subject < ?', params: [3] }]),
          compileUpdate(adapter, { table, set: [['note', sqlValue('x')]], where: [{ sql: 'subject < ?', params: [4] }] }),
        ]),
      {
        mysql: {
          sql:
            'BEGIN NOT ATOMIC DECLARE n0, n1 BIGINT; DELETE FROM `s`.`job__part` WHERE (subject < ?); SET n0 = ROW_COUNT(); ' +
            'UPDATE `s`.`job` SET `note` = ? WHERE (subject < ?); SET n1 = ROW_COUNT(); SELECT n0, n1; END',
          params: [3, 'x', 4],
        },
        postgres: {
          sql:
            'WITH w0 AS (DELETE FROM "s"."job__part" WHERE (subject < ?) RETURNING 1), w1 AS (UPDATE "s"."job" SET "note" = ? WHERE (subject < ?) RETURNING 1) ' +
            'SELECT (SELECT count(*) FROM w0) AS n0, (SELECT count(*) FROM w1) AS n1',
          params: [3, 'x', 4],
        },
      },
    );
    expect(() => compileWriteBatch(postgresAdapter, [])).toThrow(DataJointError);
  });

  it('builds INSERT … SELECT that skips rows whose key exists', () => {
    testSql(
      (adapter, table) =>
        compileInsertSelect(adapter, { table, columns: ['subject', 'session', 'note'], primaryKey: ['subject', 'session'], select: concatSql('SELECT 1, ', sqlValue('a'), ', ', sqlValue('b')), onDuplicate: 'skip' }),
      {
        mysql: { sql: 'INSERT INTO `s`.`job` (`subject`, `session`, `note`) SELECT 1, ?, ? ON DUPLICATE KEY UPDATE `subject`=`s`.`job`.`subject`', params: ['a', 'b'] },
        postgres: { sql: 'INSERT INTO "s"."job" ("subject", "session", "note") SELECT 1, ?, ? ON CONFLICT ("subject", "session") DO NOTHING', params: ['a', 'b'] },
      },
    );
  });

  it('reads rows of one table without locking them', () => {
    testSql((_adapter, table) => compileTableSelect(table, sqlText('1'), [sqlText('2 > 1'), sqlValue(3)]), {
      mysql: { sql: 'SELECT 1 FROM `s`.`job` WHERE (2 > 1) AND (?)', params: [3] },
      postgres: { sql: 'SELECT 1 FROM "s"."job" WHERE (2 > 1) AND (?)', params: [3] },
    });
  });

  it('claims rows: PostgreSQL skips locked rows, InnoDB (which locks every row it scans) waits', () => {
    testSql((adapter, table) => compileLockingSelect(adapter, table, sqlText('1'), [sqlText('2 > 1')]), {
      mysql: sqlText('SELECT 1 FROM `s`.`job` WHERE (2 > 1) FOR UPDATE'),
      postgres: sqlText('SELECT 1 FROM "s"."job" WHERE (2 > 1) FOR UPDATE SKIP LOCKED'),
    });
  });
});

const withParams = (n: number): SqlFragment => ({ sql: `x${n}`, params: Array.from({ length: n }, (_, i) => i) });

/** Limits counting each parameter as 10 bytes. */
const limits = (maxParameters: number, maxStatementBytes = Infinity, maxWritesPerStatement = Infinity) => ({
  maxParameters,
  maxStatementBytes,
  maxWritesPerStatement,
  parameterBytes: () => 10,
});
const sqlOf = (chunks: SqlFragment[][]) => chunks.map((chunk) => chunk.map((s) => s.sql));

describe('writes sent together, split by the statement limits', () => {
  const statements = [withParams(3), withParams(4), withParams(0), withParams(2), withParams(5), withParams(1)];

  it('keeps the order and puts as many consecutive statements together as the parameter limit allows', () => {
    expect(sqlOf(chunksWithin(statements, limits(7)))).toEqual([['x3', 'x4', 'x0'], ['x2', 'x5'], ['x1']]);
    expect(chunksWithin(statements, limits(100))).toEqual([statements]);
  });

  it('keeps each chunk within the statement bytes (text, values and the count kept per statement) and the writes per statement', () => {
    // x3 takes 64 + 2 + 30 bytes, x4 64 + 2 + 40, x0 66, x2 86, x5 116, x1 76
    expect(sqlOf(chunksWithin(statements, limits(100, 250)))).toEqual([['x3', 'x4'], ['x0', 'x2'], ['x5', 'x1']]);
    expect(sqlOf(chunksWithin(statements, limits(100, Infinity, 4)))).toEqual([['x3', 'x4', 'x0', 'x2'], ['x5', 'x1']]);
    expect(chunksWithin(statements, limits(100, Infinity, 1))).toEqual(statements.map((s) => [s]));
  });

  it('gives a statement over a limit a chunk of its own', () => {
    expect(sqlOf(chunksWithin([withParams(1), withParams(9), withParams(1)], limits(4)))).toEqual([['x1'], ['x9'], ['x1']]);
    expect(sqlOf(chunksWithin([withParams(1), withParams(9), withParams(1)], limits(100, 100)))).toEqual([['x1'], ['x9'], ['x1']]);
    expect(chunksWithin([], limits(4))).toEqual([]);
  });
});

describeBackends('statements on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'statements' });
  let conn: Connection;
  let table: string;
  let rowsHeading: Heading;
  const run = async (statement: SqlFragment) => conn.query(statement.sql, statement.params);
  const notes = async () => (await conn.query<{ subject: unknown; session: unknown; note: unknown }>(`SELECT subject, session, note FROM ${table} ORDER BY subject, session`)).rows.map((r) => [Number(r.subject), r.session, r.note]);

  beforeAll(async () => {
    conn = db.instance.connection;
    table = conn.adapter.fullTableName(db.schemaName, 'job');
    await conn.query(`CREATE TABLE ${table} (subject int NOT NULL, session varchar(16) NOT NULL, note varchar(255) NOT NULL, PRIMARY KEY (subject, session))`);
    rowsHeading = await loadTableHeading(conn, db.schemaName, 'job');
  });
  beforeEach(async () => {
    await conn.query(`DELETE FROM ${table}`);
    await conn.query(`INSERT INTO ${table} (subject, session, note) VALUES (1, 'a', 'p'), (1, 'b', 'p'), (2, 'a', 'q'), (3, 'a', 'q')`);
  });

  const on = () => ({ heading: rowsHeading, adapter: conn.adapter, description: table });

  it('updates and deletes exactly the rows of the keys given', async () => {
    const updated = await run(compileUpdate(conn.adapter, { table, set: [['note', sqlValue('z')]], where: [keyCondition(on(), [{ subject: 1, session: 'b' }, { subject: 3, session: 'a' }])] }));
    expect(updated.rowCount).toBe(2);
    expect(await notes()).toEqual([[1, 'a', 'p'], [1, 'b', 'z'], [2, 'a', 'q'], [3, 'a', 'z']]);
    expect((await run(compileDelete(table, [keyCondition(on(), [{ subject: 2, session: 'a' }])]))).rowCount).toBe(1);
    expect((await run(compileDelete(table, [keyCondition(on(), [])]))).rowCount).toBe(0);
    expect(await notes()).toEqual([[1, 'a', 'p'], [1, 'b', 'z'], [3, 'a', 'z']]);
  });

  it('deletes and updates through a subquery that reads the same table (MySQL error 1093 avoided)', async () => {
    const select = sqlText(`SELECT subject, session FROM ${table} WHERE note = 'q'`);
    expect((await run(compileUpdate(conn.adapter, { table, set: [['note', sqlValue('r')]], where: [keyInSelect(conn.adapter, ['subject', 'session'], select)] }))).rowCount).toBe(2);
    expect((await run(compileDelete(table, [keyInSelect(conn.adapter, ['subject', 'session'], sqlText(`SELECT subject, session FROM ${table} WHERE note = 'r'`))]))).rowCount).toBe(2);
    expect(await notes()).toEqual([[1, 'a', 'p'], [1, 'b', 'p']]);
  });

  it('inserts the rows of a SELECT, skipping keys present', async () => {
    const insert = compileInsertSelect(conn.adapter, {
      table,
      columns: ['subject', 'session', 'note'],
      primaryKey: ['subject', 'session'],
      select: concatSql(`SELECT subject + 1, session, `, sqlValue('new'), ` FROM ${table} WHERE subject >= 2`),
      onDuplicate: 'skip',
    });
    await run(insert);
    expect(await notes()).toEqual([[1, 'a', 'p'], [1, 'b', 'p'], [2, 'a', 'q'], [3, 'a', 'q'], [4, 'a', 'new']]);
  });

  it('claims rows under lock and tells which keys matched by position', async () => {
    const wanted = [{ subject: 9, session: 'x' }, { subject: 3, session: 'a' }, { subject: 1, session: 'a' }];
    const position = concatSql(keyPosition(on(), wanted), ' AS pos');
    const claimed = await conn.transaction(async () => (await run(compileLockingSelect(conn.adapter, table, position, [keyCondition(on(), wanted)]))).rows);
    expect(claimed.map((r) => Number(r.pos)).sort()).toEqual([1, 2]);
  });

  it('runs writes together, in order, counting the rows each changed, in one statement where the session allows', async () => {
    const key = (subject: number, session: string) => [keyCondition(on(), [{ subject, session }])];
    const writes = [
      compileUpdate(conn.adapter, { table, set: [['note', sqlValue('u1')]], where: key(1, 'a') }),
      compileUpdate(conn.adapter, { table, set: [['note', sqlValue('u2')]], where: [sqlText("note = 'q'")] }),
      compileUpdate(conn.adapter, { table, set: [['note', sqlValue('none')]], where: key(9, 'z') }),
      compileDelete(table, key(1, 'b')),
    ];
    const spy = jest.spyOn(conn, 'query');
    try {
      expect(await runWriteBatch(conn, writes)).toEqual([1, 2, 0, 1]);
      expect(spy).toHaveBeenCalledTimes((await conn.statementLimits()).maxWritesPerStatement > 1 ? 1 : writes.length);
    } finally {
      spy.mockRestore();
    }
    expect(await notes()).toEqual([[1, 'a', 'u1'], [2, 'a', 'u2'], [3, 'a', 'u2']]);
    expect(await runWriteBatch(conn, [])).toEqual([]);
  });

  it('keeps values that read as SQL values when writes go together', async () => {
    // text that closes a literal, a statement or a compound block; no NUL (PostgreSQL refuses it)
    const fragment = fc.oneof(fc.constantFrom("'", '"', '\\', ';', '?', '--', '#', '/*', 'END', '; SET n0 = 7; SELECT 1; END; --', 'ROW_COUNT()', '$1'), fc.string({ unit: 'grapheme', maxLength: 4 }));
    const text = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('').replace(/\0/g, ''));
    await fc.assert(
      fc.asyncProperty(text, text, async (first, second) => {
        const counts = await runWriteBatch(conn, [
          compileUpdate(conn.adapter, { table, set: [['note', sqlValue(first)]], where: [keyCondition(on(), [{ subject: 2, session: 'a' }])] }),
          compileUpdate(conn.adapter, { table, set: [['note', sqlValue(second)]], where: [keyCondition(on(), [{ subject: 3, session: 'a' }])] }),
        ]);
        expect(counts).toEqual([1, 1]);
        expect((await notes()).slice(2)).toEqual([[2, 'a', first], [3, 'a', second]]);
      }),
      { numRuns: 30 },
    );
  });
}, { only: ['pglite', 'mysql', 'postgresql'] });
