import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Config, Connection as DjConnection, DataJointError, type Connection } from '@dj/core';
import { createTestInstance, describeBackends, useTestInstance } from '@dj/testing';

describeBackends('Connection on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'conn' });
  let conn: Connection;
  let table: string;

  beforeAll(async () => {
    conn = db.instance.connection;
    table = conn.adapter.fullTableName(db.schemaName, 'item');
    await conn.query(`CREATE TABLE ${table} (id int NOT NULL, label varchar(40), PRIMARY KEY (id))`);
  });

  beforeEach(async () => {
    await conn.query(`DELETE FROM ${table}`);
  });

  it('connects with credentials from DJ_* variables, an empty DJ_PASS being the empty password', async () => {
    if (backend.name === 'pglite') return expect(backend.options).not.toHaveProperty('password');
    const { host, port, user, password } = backend.options;
    // The test servers' accounts have no password (root on MySQL, trust on PostgreSQL).
    expect(password).toBe('');
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-env-'));
    fs.mkdirSync(path.join(cwd, '.git'));
    const env = { DJ_HOST: String(host), DJ_PORT: String(port), DJ_USER: String(user), DJ_PASS: '', DJ_BACKEND: backend.name };
    const config = Config.create({ env, cwd, systemSecretsDir: '/nonexistent' });
    expect(config.database.password).toBe('');
    const fromEnv = new DjConnection(config);
    try {
      expect(await fromEnv.ping()).toBe(true);
    } finally {
      await fromEnv.close();
    }
  });

  it('shares the Instance config', () => {
    expect(conn.config).toBe(db.instance.config);
    expect(String(conn)).toMatch(/^DataJoint connection \(connected\)/);
  });

  it('binds ? parameters on every backend, leaving quoted question marks alone', async () => {
    const { rowCount } = await conn.query(`INSERT INTO ${table} (id, label) VALUES (?, ?), (?, ?)`, [1, "it's?", 2, null]);
    expect(rowCount).toBe(2);
    const { rows } = await conn.query(`SELECT id, label, '?' AS mark FROM ${table} WHERE id >= ? ORDER BY id`, [1]);
    expect(rows).toEqual([
      { id: 1, label: "it's?", mark: '?' },
      { id: 2, label: null, mark: '?' },
    ]);
  });

  it('refuses a parameter count that does not match the placeholders', async () => {
    await expect(conn.query(`SELECT * FROM ${table} WHERE id = ?`, [1, 2])).rejects.toThrow(/1 placeholder\(s\) but 2/);
  });

  it('commits a transaction and reports inTransaction only inside it', async () => {
    expect(conn.inTransaction).toBe(false);
    const result = await conn.transaction(async () => {
      expect(conn.inTransaction).toBe(true);
      await conn.query(`INSERT INTO ${table} (id, label) VALUES (?, ?)`, [10, 'a']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(conn.inTransaction).toBe(false);
    expect((await conn.query(`SELECT id FROM ${table}`)).rows).toEqual([{ id: 10 }]);
  });

  it('rolls back and rethrows when the function throws', async () => {
    await expect(
      conn.transaction(async () => {
        await conn.query(`INSERT INTO ${table} (id) VALUES (?)`, [11]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await conn.query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
  });

  it('rolls back when a statement fails inside the transaction', async () => {
    await expect(
      conn.transaction(async () => {
        await conn.query(`INSERT INTO ${table} (id) VALUES (?)`, [12]);
        await conn.query(`INSERT INTO ${table} (id) VALUES (?)`, [12]);
      }),
    ).rejects.toThrow(DataJointError);
    expect((await conn.query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
  });

  it('refuses nested transactions', async () => {
    await expect(conn.transaction(() => conn.transaction(async () => 1))).rejects.toThrow(/Nested connections are not supported/);
  });

  it('refuses queries from a transaction that has ended', async () => {
    let late: Promise<unknown> = Promise.resolve();
    await conn.transaction(async () => {
      late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => conn.query('SELECT 1'));
    });
    await expect(late).rejects.toThrow(/after its transaction ended/);
  });

  it('streams rows in batches and keeps working after an early exit', async () => {
    const values = Array.from({ length: 25 }, (_, i) => i + 100);
    await conn.query(`INSERT INTO ${table} (id) VALUES ${values.map(() => '(?)').join(', ')}`, values);
    const seen: number[] = [];
    for await (const row of conn.stream(`SELECT id FROM ${table} ORDER BY id`, [], { batchSize: 4 })) seen.push(Number(row.id));
    expect(seen).toEqual(values);
    let count = 0;
    for await (const _row of conn.stream(`SELECT id FROM ${table} ORDER BY id`, [], { batchSize: 2 })) {
      count += 1;
      if (count === 3) break;
    }
    expect(count).toBe(3);
    expect((await conn.query(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n).toBe('25');
  });

  it('streams inside a transaction on the transaction session', async () => {
    const seen = await conn.transaction(async () => {
      await conn.query(`INSERT INTO ${table} (id) VALUES (?), (?)`, [1, 2]);
      const ids: number[] = [];
      for await (const row of conn.stream(`SELECT id FROM ${table} ORDER BY id`, [], { batchSize: 1 })) {
        ids.push(Number(row.id));
        await conn.query('SELECT 1');
      }
      return ids;
    });
    expect(seen).toEqual([1, 2]);
  });

  it('pings and reports session ids', async () => {
    expect(await conn.ping()).toBe(true);
    const id = await conn.sessionId();
    expect(Number.isInteger(id)).toBe(true);
    const [inside1, inside2] = await conn.transaction(async () => [await conn.sessionId(), await conn.sessionId()]);
    expect(inside1).toBe(inside2);
  });
});

describeBackends('Connection lifecycle on $name', (backend) => {
  it('fails after close() and works again after connect()', async () => {
    const inst = await createTestInstance(backend);
    expect(inst.connection.isConnected).toBe(true);
    await inst.close();
    expect(inst.connection.isConnected).toBe(false);
    await expect(inst.connection.query('SELECT 1')).rejects.toThrow(/connection is closed/);
    if (backend.name !== 'pglite') {
      // PGlite's database is gone with the connection; servers can be reached again.
      await inst.connection.connect();
      expect((await inst.connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await inst.close();
    }
  });
});
