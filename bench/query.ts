/**
 * Statement overhead: sequential point selects through `connection.query` versus the same
 * statement on the raw driver connection (mysql2, pg, PGlite), and point selects by primary
 * key on a table through a DataJoint query (`Row.restrict({ id }).fetch1()`) versus the raw
 * driver and the peers (Kysely, Drizzle), in the same run.
 */
import { PGlite } from '@electric-sql/pglite';
import * as mysql from 'mysql2';
import { Client } from 'pg';
import { createTestInstance, type TestBackend } from '@dj/testing';
import { benchBackends, bestOf, report, type Measurement } from './harness';
import { peersOn } from './peers';
import { COLUMNS, makeRows, rowTableOn } from './row-table';

const QUERIES = 2000;
/** Rows in the table the primary-key selects read. */
const TABLE_ROWS = 10_000;

type RawRunner = { run: (n: number) => Promise<void>; close: () => Promise<void> };

/** `statement(i)` run `n` times in sequence on one raw connection: `{ sql, params }` per backend placeholder style. */
async function rawRunner(backend: TestBackend, mysqlSql: string, pgSql: string, pglite?: PGlite): Promise<RawRunner> {
  const o = backend.options as { host: string; port: number; user: string; password: string };
  if (backend.name === 'mysql') {
    const conn = mysql.createConnection({ host: o.host, port: o.port, user: o.user, password: o.password });
    const query = (v: number) => new Promise<void>((resolve, reject) => conn.query(mysqlSql, [v], (e) => (e ? reject(e) : resolve())));
    return { run: async (n) => { for (let i = 0; i < n; i += 1) await query(i % TABLE_ROWS); }, close: async () => void conn.end() };
  }
  if (backend.name === 'postgresql') {
    const client = new Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: 'postgres' });
    await client.connect();
    return { run: async (n) => { for (let i = 0; i < n; i += 1) await client.query(pgSql, [i % TABLE_ROWS]); }, close: () => client.end() };
  }
  const db = pglite ?? new PGlite();
  await db.waitReady;
  return { run: async (n) => { for (let i = 0; i < n; i += 1) await db.query(pgSql, [i % TABLE_ROWS]); }, close: async () => { if (!pglite) await db.close(); } };
}

const perSecond = (ms: number) => (QUERIES / ms) * 1000;

/** `connection.query()` of a constant select versus the raw driver. */
async function statementOverhead(backend: TestBackend): Promise<Measurement> {
  const inst = await createTestInstance(backend);
  const raw = await rawRunner(backend, 'SELECT ? AS v', 'SELECT $1::int AS v');
  const sql = backend.name === 'mysql' ? 'SELECT ? AS v' : 'SELECT ?::int AS v';
  const viaDataJoint = async () => {
    for (let i = 0; i < QUERIES; i += 1) await inst.connection.query(sql, [i]);
  };
  await viaDataJoint();
  await raw.run(QUERIES);
  const dj = await bestOf(3, viaDataJoint);
  const direct = await bestOf(3, () => raw.run(QUERIES));
  await raw.close();
  await inst.close();
  return { backend: backend.name, what: `${QUERIES} × connection.query()`, unit: 'q/s', datajoint: perSecond(dj), raw: perSecond(direct) };
}

/** `Row.restrict({ id }).fetch1()` versus the raw driver's and the peers' select by primary key. */
async function primaryKeySelects(backend: TestBackend): Promise<Measurement> {
  const { inst, schema, Row, pglite } = await rowTableOn(backend);
  await Row.insert(makeRows(TABLE_ROWS));
  const columns = COLUMNS.join(', ');
  const raw = await rawRunner(
    backend,
    `SELECT ${columns} FROM \`${schema.name}\`.\`row\` WHERE id = ?`,
    `SELECT ${columns} FROM "${schema.name}"."row" WHERE id = $1`,
    pglite,
  );
  const peers = peersOn(backend, schema.name, pglite);
  const viaDataJoint = async () => {
    for (let i = 0; i < QUERIES; i += 1) await Row.restrict({ id: i % TABLE_ROWS }).fetch1();
  };
  let dj = Infinity;
  let direct = Infinity;
  const peerMs = new Map(peers.map((p) => [p.name, Infinity]));
  // alternate all of them so that drift on the server affects each alike
  for (let round = 0; round < 3; round += 1) {
    dj = Math.min(dj, await bestOf(1, viaDataJoint));
    direct = Math.min(direct, await bestOf(1, () => raw.run(QUERIES)));
    for (const peer of peers) {
      const run = async () => {
        for (let i = 0; i < QUERIES; i += 1) await peer.selectById(i % TABLE_ROWS);
      };
      peerMs.set(peer.name, Math.min(peerMs.get(peer.name)!, await bestOf(1, run)));
    }
  }
  for (const peer of peers) await peer.close();
  await raw.close();
  await schema.drop({ prompt: false });
  await inst.close();
  return {
    backend: backend.name,
    what: `${QUERIES} × select by primary key (fetch1)`,
    unit: 'q/s',
    datajoint: perSecond(dj),
    raw: perSecond(direct),
    peers: Object.fromEntries([...peerMs].map(([name, ms]) => [name, perSecond(ms)])),
  };
}

export async function queryBenchmark(): Promise<void> {
  const rows: Measurement[] = [];
  for (const backend of benchBackends()) {
    rows.push(await statementOverhead(backend));
    rows.push(await primaryKeySelects(backend));
  }
  report('Point selects: connection.query() and a DataJoint query vs the raw driver and the peers (target dj / raw >= 0.9)', rows);
}
