/**
 * Statement overhead: sequential point selects through `connection.query` versus the same
 * statement on the raw driver connection (mysql2, pg, PGlite), in the same run.
 */
import { PGlite } from '@electric-sql/pglite';
import * as mysql from 'mysql2';
import { Client } from 'pg';
import { createTestInstance } from '@dj/testing';
import { benchBackends, bestOf, report, type Measurement } from './harness';

const QUERIES = 2000;

type RawRunner = { run: (n: number) => Promise<void>; close: () => Promise<void> };

async function rawRunner(backend: ReturnType<typeof benchBackends>[number]): Promise<RawRunner> {
  const o = backend.options as { host: string; port: number; user: string; password: string };
  if (backend.name === 'mysql') {
    const conn = mysql.createConnection({ host: o.host, port: o.port, user: o.user, password: o.password });
    const query = (v: number) => new Promise<void>((resolve, reject) => conn.query(`SELECT ${v} AS v`, (e) => (e ? reject(e) : resolve())));
    return { run: async (n) => { for (let i = 0; i < n; i += 1) await query(i); }, close: async () => void conn.end() };
  }
  if (backend.name === 'postgresql') {
    const client = new Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: 'postgres' });
    await client.connect();
    return { run: async (n) => { for (let i = 0; i < n; i += 1) await client.query('SELECT $1::int AS v', [i]); }, close: () => client.end() };
  }
  const db = new PGlite();
  await db.waitReady;
  return { run: async (n) => { for (let i = 0; i < n; i += 1) await db.query('SELECT $1::int AS v', [i]); }, close: () => db.close() };
}

export async function queryBenchmark(): Promise<void> {
  const rows: Measurement[] = [];
  for (const backend of benchBackends()) {
    const inst = await createTestInstance(backend);
    const raw = await rawRunner(backend);
    const sql = backend.name === 'mysql' ? 'SELECT ? AS v' : 'SELECT ?::int AS v';
    const viaDataJoint = async () => {
      for (let i = 0; i < QUERIES; i += 1) await inst.connection.query(sql, [i]);
    };
    await viaDataJoint();
    await raw.run(QUERIES);
    const dj = await bestOf(3, viaDataJoint);
    const direct = await bestOf(3, () => raw.run(QUERIES));
    rows.push({ backend: backend.name, what: `${QUERIES} point selects`, unit: 'q/s', datajoint: (QUERIES / dj) * 1000, raw: (QUERIES / direct) * 1000 });
    await raw.close();
    await inst.close();
  }
  report('connection.query() vs the raw driver', rows);
}
