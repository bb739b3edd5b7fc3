/**
 * Large values on every backend. An insert is split into statements by the limits of the
 * session (MySQL's `max_allowed_packet`, PostgreSQL's parameter and message limits), stays
 * all or nothing, and a value that cannot fit is refused before anything is sent, with a
 * message naming the attribute and the server setting to raise. Binary values travel as
 * bytes (MySQL's binary protocol, PostgreSQL's binary parameters) and PostgreSQL sends
 * `bytes` back as base64, so that 256 MB fits in a JavaScript string. A session broken by a
 * failure is never handed out again: the next statement on a one-session pool works.
 *
 * The large round trip uses 64 MB on MySQL and PostgreSQL and 32 MB on PGlite; set
 * `DJ_TEST_LARGE_VALUE_MB` (e.g. 256) to run it at another size on every backend.
 */
import { randomFillSync } from 'node:crypto';
import * as dj from 'datajoint';
import type { StatementLimits } from '@dj/core/internal';
import { createTestInstance, describeBackends, type TestBackend, useTestInstance } from '@dj/testing';
import { recordQueries } from './helpers/record-queries';
import { TARGET_STATEMENT_BYTES } from '../src/insert/insert-statements';

const MB = 1024 * 1024;
const requestedMb = Number(process.env.DJ_TEST_LARGE_VALUE_MB ?? '');
const LARGE_BYTES: Record<TestBackend['name'], number> = Number.isFinite(requestedMb) && requestedMb > 0
  ? { mysql: requestedMb * MB, postgresql: requestedMb * MB, pglite: requestedMb * MB }
  : { mysql: 64 * MB, postgresql: 64 * MB, pglite: 32 * MB };
const LARGE_TIMEOUT = Math.max(120_000, (LARGE_BYTES.pglite / MB) * 2_000);

/** `n` random bytes (incompressible, as real data mostly is). */
function randomBytes(n: number): Buffer {
  return randomFillSync(Buffer.allocUnsafe(n));
}

function define(schema: dj.Schema) {
  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    parent_id : int32
    `;
  }

  @schema.table
  class Payload extends dj.Manual {
    static definition = `
    id : int32
    ---
    -> Parent
    raw : bytes
    `;
  }

  @schema.table
  class Packed extends dj.Manual {
    static definition = `
    id : int32
    ---
    data : <blob>
    `;
  }

  @schema.table
  class Typed extends dj.Manual {
    static definition = `
    id : int32
    ---
    f : float32
    d : decimal(8,3)
    t : datetime(3)
    day : date
    doc : json
    label : varchar(20)
    n : int64
    flag : bool
    raw : bytes
    `;
  }
  return { Parent, Payload, Packed, Typed };
}

const sleepSql = { mysql: 'SELECT SLEEP(2) AS slept', postgresql: 'SELECT pg_sleep(2) AS slept' } as const;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeBackends('large values on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'large', overrides: { connection: { pool_size: 1 } } });
  let t: ReturnType<typeof define>;
  let limits: StatementLimits;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Parent.insert(Array.from({ length: 10 }, (_, i) => ({ parent_id: i })));
    limits = await db.instance.connection.statementLimits();
  });

  beforeEach(async () => {
    await t.Payload.deleteQuick();
    await t.Packed.deleteQuick();
    await t.Typed.deleteQuick();
  });

  async function fetchRaw(id: number): Promise<Buffer> {
    return (await t.Payload.restrict({ id }).fetch1('raw')) as Buffer;
  }

  it('knows the limits of its session', async () => {
    if (backend.name === 'mysql') {
      const { rows } = await db.instance.connection.query<{ p: unknown; version: string }>('SELECT @@max_allowed_packet AS p, @@version AS version');
      const packet = Number(rows[0]!.p);
      expect(limits.maxStatementBytes).toBe(packet - Math.min(65_536, Math.floor(packet / 4)));
      expect(limits.maxBufferBytes).toBe(limits.maxStatementBytes);
      // MariaDB runs a cascade's DELETEs as one compound statement; MySQL only inside stored programs
      expect(limits.maxWritesPerStatement).toBe(rows[0]!.version.includes('MariaDB') ? Infinity : 1);
    } else {
      expect(limits.maxParameters).toBe(65_535);
      expect(limits.maxWritesPerStatement).toBe(Infinity);
      // PostgreSQL: the base64 text of a value must fit in a JavaScript string; PGlite: its hex text.
      expect(limits.maxBufferBytes).toBe(backend.name === 'pglite' ? 268_435_443 : 397_423_902);
      expect(limits.maxStatementBytes).toBeGreaterThan(1_000_000_000);
    }
  });

  it('round-trips a value as large as one statement carries, up to 16 MB', async () => {
    // On MariaDB's default max_allowed_packet (16 MB) this is the largest value it accepts.
    const size = Math.min(limits.maxStatementBytes, 16 * MB) - 1024;
    const raw = randomBytes(size);
    await t.Payload.insert1({ id: 1, parent_id: 1, raw });
    expect((await fetchRaw(1)).equals(raw)).toBe(true);
    const [row] = await t.Payload.toDicts();
    expect((row!.raw as Buffer).equals(raw)).toBe(true);
  });

  it('splits a multi-row insert larger than one statement carries, all or nothing', async () => {
    const budget = Math.min(limits.maxStatementBytes, TARGET_STATEMENT_BYTES);
    const size = Math.floor(0.4 * budget);
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id, parent_id: id, raw: Buffer.alloc(size, id) }));
    const statements: string[] = [];
    const spy = recordQueries(db.instance.connection, (sql) => statements.push(sql));
    try {
      await expect(t.Payload.insert([...rows.slice(0, 4), { ...rows[4]!, parent_id: 999 }])).rejects.toThrow(dj.IntegrityError);
      expect(statements.filter((sql) => /^\s*INSERT\b/i.test(sql)).length).toBeGreaterThanOrEqual(2);
      expect(await t.Payload.count()).toBe(0);
    } finally {
      spy.mockRestore();
    }
    await t.Payload.insert(rows);
    expect(await t.Payload.count()).toBe(5);
    for (const row of rows) expect((await fetchRaw(row.id)).equals(row.raw)).toBe(true);
  });

  it('refuses a value over the limit before sending, naming the attribute, and inserts nothing', async () => {
    const size = limits.maxBufferBytes + 1;
    // Never filled: the check reads its length only.
    const over = Buffer.alloc(size);
    const attempt = t.Payload.insert([
      { id: 1, parent_id: 1, raw: Buffer.from('small') },
      { id: 2, parent_id: 2, raw: over },
    ]);
    await expect(attempt).rejects.toThrow(dj.DataJointError);
    await expect(attempt).rejects.toThrow(`Cannot insert into ${t.Payload.fullTableName}: the value of attribute \`raw\` is ${size.toLocaleString('en-US')} bytes`);
    await expect(attempt).rejects.toThrow('Nothing was inserted.');
    if (backend.name === 'mysql') {
      await expect(attempt).rejects.toThrow(/max_allowed_packet = [\d,]+ bytes/);
      await expect(attempt).rejects.toThrow(/Raise the server setting max_allowed_packet .*SET GLOBAL max_allowed_packet = \d+;/);
    } else {
      await expect(attempt).rejects.toThrow(backend.name === 'pglite' ? 'as hex text' : 'as base64 text');
      await expect(attempt).rejects.toThrow('object store');
    }
    expect(await t.Payload.count()).toBe(0);
    // The same Instance, on its single session, goes on working.
    await t.Payload.insert1({ id: 3, parent_id: 3, raw: Buffer.from('next') });
    expect((await fetchRaw(3)).toString()).toBe('next');
  });

  it('refuses a <blob> too large for one statement in the same way', async () => {
    if (backend.name !== 'mysql') return; // PostgreSQL's limit (397 MB) would take too long to pack here
    const data = randomBytes(limits.maxStatementBytes);
    await expect(t.Packed.insert1({ id: 1, data })).rejects.toThrow(/attribute `data` is [\d,]+ bytes.*max_allowed_packet/s);
    await t.Packed.insert1({ id: 1, data: Buffer.from('fits') });
    expect(await t.Packed.restrict({ id: 1 }).fetch1('data')).toEqual(Buffer.from('fits'));
  });

  it(
    'round-trips a large bytes value and a <blob>, fetched whole and restricted by key',
    async () => {
      const requested = LARGE_BYTES[backend.name];
      if (backend.name !== 'mysql' && requested > limits.maxBufferBytes) {
        // PGlite cannot take 256 MB (see pglite-limits.ts): it refuses, and takes the largest it can.
        await expect(t.Payload.insert1({ id: 7, parent_id: 7, raw: Buffer.alloc(requested) })).rejects.toThrow(/attribute `raw` is [\d,]+ bytes/);
      }
      // A <blob> adds a header to the bytes.
      const size = backend.name === 'mysql' ? requested : Math.min(requested, limits.maxBufferBytes - 1024);
      const raw = randomBytes(size);
      const run = async (instance: dj.Instance) => {
        const Payload = instance.FreeTable(t.Payload.fullTableName);
        await Payload.insert1({ id: 7, parent_id: 7, raw });
        expect(((await Payload.restrict({ id: 7 }).fetch1('raw')) as Buffer).equals(raw)).toBe(true);
        await Payload.restrict({ id: 7 }).deleteQuick();
        const Packed = instance.FreeTable(t.Packed.fullTableName);
        await Packed.insert1({ id: 7, data: raw });
        const [row] = await Packed.toDicts();
        expect((row!.data as Buffer).equals(raw)).toBe(true);
      };
      if (backend.name !== 'mysql') {
        await run(db.instance);
        return;
      }
      // MySQL on its default max_allowed_packet refuses, saying which setting to raise …
      const attempt = t.Payload.insert1({ id: 7, parent_id: 7, raw });
      if (size > limits.maxBufferBytes) await expect(attempt).rejects.toThrow(/Raise the server setting max_allowed_packet to at least [\d,]+ bytes/);
      else await attempt;
      await t.Payload.deleteQuick();
      // … and once it is raised, sessions opened afterwards take the value.
      const admin = db.instance.connection;
      const { rows } = await admin.query<{ p: unknown }>('SELECT @@GLOBAL.max_allowed_packet AS p');
      const previous = Number(rows[0]!.p);
      let needed = 16 * MB;
      while (needed < size + 2 * MB) needed *= 2;
      await admin.query(`SET GLOBAL max_allowed_packet = ${Math.max(needed, previous)}`);
      let raised: dj.Instance | undefined;
      try {
        raised = await createTestInstance(backend, { connection: { pool_size: 1 } });
        await run(raised);
      } finally {
        await admin.query(`SET GLOBAL max_allowed_packet = ${previous}`);
        await raised?.close();
      }
    },
    LARGE_TIMEOUT,
  );

  it('restricts by a large bytes value and reads typed rows as by key', async () => {
    const raw = randomBytes(1 * MB);
    await t.Typed.insert1({
      id: 1,
      f: 0.1,
      d: '12345.678',
      t: new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 125)),
      day: new Date(Date.UTC(2024, 1, 29)),
      doc: { a: [1, 2, { b: null }], s: 'x' },
      label: 'typed',
      n: 9_007_199_254_740_993n,
      flag: true,
      raw,
    });
    const [byKey] = await t.Typed.restrict({ id: 1 }).toDicts();
    const byValue = await t.Typed.restrict({ raw }).toDicts();
    expect(byValue).toHaveLength(1);
    // Compared apart: jest compares Buffers byte by byte, slowly.
    const { raw: keyRaw, ...keyRest } = byKey!;
    const { raw: valueRaw, ...valueRest } = byValue[0]!;
    expect((keyRaw as Buffer).equals(raw) && (valueRaw as Buffer).equals(raw)).toBe(true);
    expect(valueRest).toEqual(keyRest);
    expect(keyRest).toMatchObject({ f: 0.1, d: '12345.678', label: 'typed', n: 9_007_199_254_740_993n, flag: true });
  });

  it('fetches bytes in the form the backend can hold', async () => {
    await t.Payload.insert1({ id: 1, parent_id: 1, raw: Buffer.from([0, 1, 2, 255]) });
    const statements: string[] = [];
    const spy = recordQueries(db.instance.connection, (sql) => statements.push(sql));
    try {
      expect(await t.Payload.toDicts()).toEqual([{ id: 1, parent_id: 1, raw: Buffer.from([0, 1, 2, 255]) }]);
    } finally {
      spy.mockRestore();
    }
    const select = statements.find((sql) => /^\s*SELECT\b/i.test(sql))!;
    if (backend.name === 'mysql') expect(select).toContain('`raw`');
    else expect(select).toContain(`encode("raw", 'base64') AS "raw"`);
  });

  if (backend.name === 'mysql') {
    describe('MySQL sessions', () => {
      async function statementCounts(): Promise<{ prepared: number; closed: number }> {
        const { rows } = await db.instance.connection.query<{ Variable_name: string; Value: string }>(
          "SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_close')",
        );
        const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)!.Value);
        return { prepared: value('Com_stmt_prepare'), closed: value('Com_stmt_close') };
      }

      it('sends large binary values as bytes on a statement it closes, small ones inline', async () => {
        const before = await statementCounts();
        await t.Payload.insert1({ id: 1, parent_id: 1, raw: Buffer.alloc(100, 1) });
        const afterSmall = await statementCounts();
        expect(afterSmall).toEqual(before);
        await t.Payload.insert1({ id: 2, parent_id: 2, raw: Buffer.alloc(1 * MB, 2) });
        await t.Payload.insert1({ id: 3, parent_id: 3, raw: Buffer.alloc(1 * MB, 3) });
        const afterLarge = await statementCounts();
        expect(afterLarge.prepared - afterSmall.prepared).toBe(2);
        expect(afterLarge.closed - afterSmall.closed).toBe(2);
        expect((await fetchRaw(2)).equals(Buffer.alloc(1 * MB, 2))).toBe(true);
      });

      it('refuses a statement over max_allowed_packet before sending it, and keeps the session', async () => {
        const { rows } = await db.instance.connection.query<{ p: unknown }>('SELECT @@max_allowed_packet AS p');
        const packet = Number(rows[0]!.p);
        const attempt = db.instance.connection.query('SELECT LENGTH(?) AS n', [Buffer.alloc(packet)]);
        await expect(attempt).rejects.toThrow(/more than the server accepts in one packet; it was not sent.*max_allowed_packet/s);
        const id = await db.instance.connection.sessionId();
        expect((await db.instance.connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        expect(await db.instance.connection.sessionId()).toBe(id);
      });

      it('sends statements whose packets end right at the 16 MB protocol boundary', async () => {
        const connection = db.instance.connection;
        const id = await connection.sessionId();
        // COM_STMT_EXECUTE of one Buffer: 18 bytes besides it; payloads of 2^24 − 4 … 2^24 − 2 bytes.
        for (const size of [16_777_194, 16_777_195, 16_777_196]) {
          const { rows } = await connection.query<{ n: unknown }>('SELECT LENGTH(?) AS n', [Buffer.alloc(size, 1)]);
          expect(Number(rows[0]!.n)).toBe(size);
        }
        // COM_QUERY: the command byte and the text.
        const around = 'SELECT LENGTH(?) AS n';
        for (const payload of [0xffffff - 3, 0xffffff - 2, 0xffffff - 1]) {
          const length = payload - 1 - (around.length - 1 + 2);
          const { rows } = await connection.query<{ n: unknown }>(around, ['a'.repeat(length)]);
          expect(Number(rows[0]!.n)).toBe(length);
        }
        expect(await connection.sessionId()).toBe(id);
      });
    });
  }

  if (backend.name !== 'pglite') {
    describe('broken sessions', () => {
      let admin: dj.Instance;
      beforeAll(async () => {
        admin = await createTestInstance(backend);
      });
      afterAll(async () => {
        await admin.close();
      });

      it('drops a session killed while idle before handing it out again', async () => {
        const connection = db.instance.connection;
        const id = await connection.sessionId();
        await admin.connection.query(admin.connection.adapter.killSessionSql(id));
        await wait(300);
        // Without retries, a dead session handed out would fail the insert.
        const { database } = db.instance.config;
        const reconnect = database.reconnect;
        database.reconnect = false;
        try {
          await t.Payload.insert1({ id: 1, parent_id: 1, raw: Buffer.from('after the kill') });
        } finally {
          database.reconnect = reconnect;
        }
        expect(await connection.sessionId()).not.toBe(id);
      });

      it('never hands out a session killed under a running insert transaction', async () => {
        const connection = db.instance.connection;
        const id = await connection.sessionId();
        const family = backend.name === 'mysql' ? 'mysql' : 'postgresql';
        const attempt = connection.transaction(async () => {
          await t.Payload.insert1({ id: 1, parent_id: 1, raw: Buffer.alloc(64 * 1024, 1) });
          await connection.query(sleepSql[family]);
        });
        await wait(500);
        await admin.connection.query(admin.connection.adapter.killSessionSql(id));
        await expect(attempt).rejects.toThrow(dj.LostConnectionError);
        // The very next insert on the one-session pool works, on a new session.
        await t.Payload.insert1({ id: 2, parent_id: 2, raw: Buffer.alloc(64 * 1024, 2) });
        expect(await t.Payload.keys()).toEqual([{ id: 2 }]);
        expect(await connection.sessionId()).not.toBe(id);
      });

      it('never hands out a session whose row stream was abandoned', async () => {
        const connection = db.instance.connection;
        await t.Payload.insert(Array.from({ length: 50 }, (_, i) => ({ id: i, parent_id: i % 10, raw: Buffer.alloc(64 * 1024, i) })));
        let seen = 0;
        for await (const row of t.Payload) {
          seen += 1;
          if ((row.id as number) >= 0) break;
        }
        expect(seen).toBe(1);
        await t.Payload.insert1({ id: 100, parent_id: 1, raw: Buffer.from('after') });
        expect(await t.Payload.count()).toBe(51);
        expect((await connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      });
    });
  }
});
