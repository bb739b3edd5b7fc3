/**
 * The statement builders beside the SELECT compiler (key conditions, UPDATE, DELETE,
 * INSERT … SELECT, claiming SELECT): their SQL pinned per backend, as Kysely's `testSql`
 * does, and what they do on every backend.
 */
import {
  compileDelete,
  compileDeletes,
  compileInsertSelect,
  compileLockingSelect,
  compileTableSelect,
  compileUpdate,
  concatSql,
  keyCondition,
  keyInSelect,
  keyPosition,
  loadTableHeading,
  sqlText,
  sqlValue,
  type Adapter,
  type SqlFragment,
} from '@dj/core/internal';
import { DataJointError, Heading, type Connection } from '@dj/core';
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

  it('builds several DELETEs as one statement counting each', () => {
    testSql(
      (adapter, table) =>
        compileDeletes(adapter, [compileDelete(adapter.fullTableName('s', 'job__part'), [{ sql: 'subject < ?', params: [3] }]), compileDelete(table, [{ sql: 'subject < ?', params: [4] }])]),
      {
        mysql: {
          sql:
            'BEGIN NOT ATOMIC DECLARE n0, n1 BIGINT; DELETE FROM `s`.`job__part` WHERE (subject < ?); SET n0 = ROW_COUNT(); ' +
            'DELETE FROM `s`.`job` WHERE (subject < ?); SET n1 = ROW_COUNT(); SELECT n0, n1; END',
          params: [3, 4],
        },
        postgres: {
          sql:
            'WITH d0 AS (DELETE FROM "s"."job__part" WHERE (subject < ?) RETURNING 1), d1 AS (DELETE FROM "s"."job" WHERE (subject < ?) RETURNING 1) ' +
            'SELECT (SELECT count(*) FROM d0) AS n0, (SELECT count(*) FROM d1) AS n1',
          params: [3, 4],
        },
      },
    );
    expect(() => compileDeletes(postgresAdapter, [])).toThrow(DataJointError);
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
}, { only: ['pglite', 'mysql', 'postgresql'] });
