import {
  AccessError,
  DataJointError,
  DuplicateError,
  Instance,
  IntegrityError,
  LostConnectionError,
  MissingAttributeError,
  MissingTableError,
  QueryError,
  QuerySyntaxError,
  UnknownAttributeError,
  type Connection,
} from '@dj/core';
import { describeBackends, useTestInstance } from '@dj/testing';

describe('error classes', () => {
  it('form the DataJoint hierarchy', () => {
    for (const ErrorClass of [DuplicateError, IntegrityError, UnknownAttributeError, MissingAttributeError, AccessError, QuerySyntaxError]) {
      expect(new ErrorClass('x')).toBeInstanceOf(QueryError);
    }
    for (const ErrorClass of [QueryError, LostConnectionError, MissingTableError]) {
      expect(new ErrorClass('x')).toBeInstanceOf(DataJointError);
    }
    expect(new DuplicateError('x').name).toBe('DuplicateError');
  });

  it('suggest() returns a copy of the same class with the hint appended', () => {
    const original = new DuplicateError('Duplicate entry', { code: 1062, sql: 'INSERT' });
    const hinted = original.suggest('To ignore duplicate entries, set skipDuplicates.');
    expect(hinted).toBeInstanceOf(DuplicateError);
    expect(hinted.message).toBe('Duplicate entry To ignore duplicate entries, set skipDuplicates.');
    expect(hinted.code).toBe(1062);
    expect(original.message).toBe('Duplicate entry');
  });
});

describeBackends('driver errors on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'errors' });
  let conn: Connection;
  let parent: string;
  let child: string;

  beforeAll(async () => {
    conn = db.instance.connection;
    parent = conn.adapter.fullTableName(db.schemaName, 'parent');
    child = conn.adapter.fullTableName(db.schemaName, 'child');
    await conn.query(`CREATE TABLE ${parent} (id int NOT NULL, name varchar(20) NOT NULL, PRIMARY KEY (id))`);
    await conn.query(
      `CREATE TABLE ${child} (id int NOT NULL, parent_id int NOT NULL, PRIMARY KEY (id),
       FOREIGN KEY (parent_id) REFERENCES ${parent} (id) ON UPDATE CASCADE ON DELETE RESTRICT)`,
    );
    await conn.query(`INSERT INTO ${parent} (id, name) VALUES (1, 'one')`);
    await conn.query(`INSERT INTO ${child} (id, parent_id) VALUES (1, 1)`);
  });

  it('maps a duplicate key to DuplicateError', async () => {
    const attempt = conn.query(`INSERT INTO ${parent} (id, name) VALUES (1, 'again')`);
    await expect(attempt).rejects.toThrow(DuplicateError);
    await expect(attempt).rejects.toMatchObject({ sql: expect.stringContaining('INSERT') });
  });

  it('maps foreign-key violations to IntegrityError', async () => {
    await expect(conn.query(`INSERT INTO ${child} (id, parent_id) VALUES (2, 99)`)).rejects.toThrow(IntegrityError);
    await expect(conn.query(`DELETE FROM ${parent} WHERE id = 1`)).rejects.toThrow(IntegrityError);
  });

  it('maps an unknown column to UnknownAttributeError', async () => {
    await expect(conn.query(`SELECT nope FROM ${parent}`)).rejects.toThrow(UnknownAttributeError);
  });

  it('maps a missing required value to MissingAttributeError', async () => {
    await expect(conn.query(`INSERT INTO ${parent} (id) VALUES (5)`)).rejects.toThrow(MissingAttributeError);
    await expect(conn.query(`INSERT INTO ${parent} (id, name) VALUES (6, NULL)`)).rejects.toThrow(MissingAttributeError);
  });

  it('maps a missing table to MissingTableError and bad syntax to QuerySyntaxError', async () => {
    await expect(conn.query(`SELECT * FROM ${conn.adapter.fullTableName(db.schemaName, 'absent')}`)).rejects.toThrow(MissingTableError);
    await expect(conn.query('SELEC 1')).rejects.toThrow(QuerySyntaxError);
  });

  it('keeps the driver error as the cause', async () => {
    const error = await conn.query(`SELECT nope FROM ${parent}`).catch((e: unknown) => e);
    expect((error as Error).cause).toBeDefined();
    expect((error as DataJointError).code).toBeDefined();
  });
});

describeBackends('credentials on $name', (backend) => {
  it('maps rejected credentials to AccessError', async () => {
    const inst = new Instance({ ...backend.options, user: 'dj_no_such_user', password: 'wrong', loglevel: 'ERROR' });
    try {
      await expect(inst.connection.query('SELECT 1')).rejects.toThrow(AccessError);
    } finally {
      await inst.close();
    }
  });

  it('maps an unreachable server to LostConnectionError', async () => {
    const inst = new Instance({ ...backend.options, host: '127.0.0.1', port: 1, loglevel: 'ERROR' });
    try {
      await expect(inst.connection.query('SELECT 1')).rejects.toThrow(/Connection failed/);
      await expect(inst.connection.query('SELECT 1')).rejects.toThrow(LostConnectionError);
    } finally {
      await inst.close();
    }
  });
}, { only: ['mysql', 'postgresql'] });

describeBackends('deadlocks on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'deadlock' });

  it('recognizes a deadlock the server broke by rolling one transaction back', async () => {
    const conn = db.instance.connection;
    const table = conn.adapter.fullTableName(db.schemaName, 'pair');
    await conn.query(`CREATE TABLE ${table} (id int NOT NULL, name varchar(20) NOT NULL, PRIMARY KEY (id))`);
    await conn.query(`INSERT INTO ${table} (id, name) VALUES (1, 'a'), (2, 'b')`);
    let locked = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
    // two sessions lock the rows in opposite orders
    const lockThen = (first: number, second: number) =>
      conn.transaction(async () => {
        await conn.query(`UPDATE ${table} SET name = 'x' WHERE id = ?`, [first]);
        locked += 1;
        if (locked === 2) bothLocked();
        await barrier;
        await conn.query(`UPDATE ${table} SET name = 'y' WHERE id = ?`, [second]);
      });
    const outcomes = await Promise.allSettled([lockThen(1, 2), lockThen(2, 1)]);
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(failed).toHaveLength(1);
    expect(conn.adapter.isDeadlock(failed[0])).toBe(true);
    expect(conn.adapter.isDeadlock(new DataJointError('not a deadlock'))).toBe(false);
  });
}, { only: ['mysql', 'postgresql'] });
