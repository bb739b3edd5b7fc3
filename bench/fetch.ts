/**
 * Fetch: `toDicts()` of 200,000 rows of a six-column table versus the raw driver's SELECT
 * of the same rows (with the driver's own value conversion) and the peers' (Kysely,
 * Drizzle) select of every row, in the same run.
 */
import { PGlite } from '@electric-sql/pglite';
import * as mysql from 'mysql2/promise';
import { Client } from 'pg';
import type { TestBackend } from '@dj/testing';
import { benchBackends, bestOf, report, type Measurement } from './harness';
import { peersOn } from './peers';
import { makeRows, rowTableOn } from './row-table';

const ROWS = 200_000;
const ROUNDS = 3;

type RawSelect = { select: () => Promise<number>; close: () => Promise<void> };

async function rawSelecter(backend: TestBackend, schema: string, pglite: PGlite | undefined): Promise<RawSelect> {
  const o = backend.options as { host: string; port: number; user: string; password: string };
  if (backend.name === 'mysql') {
    const conn = await mysql.createConnection({ host: o.host, port: o.port, user: o.user, password: o.password });
    const sql = `SELECT id, a, b, c, d, e FROM \`${schema}\`.\`row\``;
    return { select: async () => ((await conn.query(sql))[0] as unknown[]).length, close: () => conn.end() };
  }
  const sql = `SELECT id, a, b, c, d, e FROM "${schema}"."row"`;
  if (backend.name === 'postgresql') {
    const client = new Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: 'postgres' });
    await client.connect();
    return { select: async () => (await client.query(sql)).rows.length, close: () => client.end() };
  }
  return { select: async () => (await pglite!.query(sql)).rows.length, close: async () => undefined };
}

export async function fetchBenchmark(): Promise<void> {
  const results: Measurement[] = [];
  for (const backend of benchBackends()) {
    const { inst, schema, Row, pglite } = await rowTableOn(backend);
    await Row.insert(makeRows(ROWS));
    const raw = await rawSelecter(backend, schema.name, pglite);
    const peers = peersOn(backend, schema.name, pglite);
    let fetched = 0;
    let djMs = Infinity;
    let rawMs = Infinity;
    const peerMs = new Map(peers.map((p) => [p.name, Infinity]));
    for (let round = 0; round < ROUNDS; round += 1) {
      djMs = Math.min(djMs, await bestOf(1, async () => (fetched = (await Row.toDicts()).length)));
      rawMs = Math.min(rawMs, await bestOf(1, () => raw.select()));
      for (const peer of peers) {
        let got = 0;
        peerMs.set(peer.name, Math.min(peerMs.get(peer.name)!, await bestOf(1, async () => (got = await peer.selectAll()))));
        if (got !== ROWS) throw new Error(`expected ${ROWS} rows from ${peer.name}, fetched ${got}`);
      }
    }
    if (fetched !== ROWS) throw new Error(`expected ${ROWS} rows, fetched ${fetched}`);
    const rate = (ms: number) => (ROWS / ms) * 1000;
    results.push({
      backend: backend.name,
      what: `toDicts() of ${ROWS} rows, 6 columns`,
      unit: 'rows/s',
      datajoint: rate(djMs),
      raw: rate(rawMs),
      peers: Object.fromEntries([...peerMs].map(([name, ms]) => [name, rate(ms)])),
    });
    for (const peer of peers) await peer.close();
    await raw.close();
    await schema.drop({ prompt: false });
    await inst.close();
  }
  report('toDicts() vs the raw driver SELECT and the peers (target dj / raw >= 0.9)', results);
}
