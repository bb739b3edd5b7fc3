/**
 * Bulk insert: 100,000 rows into a six-column table through `T.insert` versus the raw
 * driver's own multi-row INSERT and the peers (Kysely, Drizzle) with the same batch size,
 * all in one transaction, in the same run.
 */
import { PGlite } from '@electric-sql/pglite';
import * as mysql from 'mysql2/promise';
import { Client } from 'pg';
import type { TestBackend } from '@dj/testing';
import { benchBackends, bestOf, report, type Measurement } from './harness';
import { peersOn } from './peers';
import { COLUMNS, makeRows, rowTableOn } from './row-table';

const ROWS = 100_000;
const BATCH = 1000;
const ROUNDS = 4;

type RawInsert = { insert: (rows: unknown[][]) => Promise<void>; close: () => Promise<void> };

/** The raw driver: BEGIN, one multi-row INSERT per BATCH rows, COMMIT. */
async function rawInserter(backend: TestBackend, schema: string, pglite: PGlite | undefined): Promise<RawInsert> {
  const o = backend.options as { host: string; port: number; user: string; password: string };
  if (backend.name === 'mysql') {
    const conn = await mysql.createConnection({ host: o.host, port: o.port, user: o.user, password: o.password });
    const head = `INSERT INTO \`${schema}\`.\`row\` (${COLUMNS.join(',')}) VALUES `;
    return {
      insert: async (rows) => {
        await conn.query('BEGIN');
        for (let s = 0; s < rows.length; s += BATCH) {
          const batch = rows.slice(s, s + BATCH);
          await conn.query(head + batch.map(() => '(?,?,?,?,?,?)').join(','), batch.flat());
        }
        await conn.query('COMMIT');
      },
      close: () => conn.end(),
    };
  }
  const head = `INSERT INTO "${schema}"."row" (${COLUMNS.join(',')}) VALUES `;
  const statement = (n: number) => head + Array.from({ length: n }, (_, r) => `(${COLUMNS.map((_c, c) => `$${r * COLUMNS.length + c + 1}`).join(',')})`).join(',');
  let query: (sql: string, params?: unknown[]) => Promise<unknown>;
  let close: () => Promise<void>;
  if (backend.name === 'postgresql') {
    const client = new Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: 'postgres' });
    await client.connect();
    query = (sql, params) => client.query(sql, params);
    close = () => client.end();
  } else {
    query = (sql, params) => pglite!.query(sql, params);
    close = async () => undefined;
  }
  return {
    insert: async (rows) => {
      await query('BEGIN');
      for (let s = 0; s < rows.length; s += BATCH) {
        const batch = rows.slice(s, s + BATCH);
        await query(statement(batch.length), batch.flat());
      }
      await query('COMMIT');
    },
    close,
  };
}

export async function insertBenchmark(): Promise<void> {
  const results: Measurement[] = [];
  const rows = makeRows(ROWS);
  const arrays = rows.map((r) => COLUMNS.map((c) => r[c]));
  for (const backend of benchBackends()) {
    const { inst, schema, Row, pglite } = await rowTableOn(backend);
    const raw = await rawInserter(backend, schema.name, pglite);
    const peers = peersOn(backend, schema.name, pglite);
    // alternate all of them so that drift on the server affects each alike
    let djMs = Infinity;
    let rawMs = Infinity;
    const peerMs = new Map(peers.map((p) => [p.name, Infinity]));
    const clear = () => Row.deleteQuick();
    for (let round = 0; round < ROUNDS; round += 1) {
      djMs = Math.min(djMs, await bestOf(1, () => Row.insert(rows), clear));
      rawMs = Math.min(rawMs, await bestOf(1, () => raw.insert(arrays), clear));
      for (const peer of peers) {
        peerMs.set(peer.name, Math.min(peerMs.get(peer.name)!, await bestOf(1, () => peer.insert(rows, BATCH), clear)));
        if ((await Row.count()) !== ROWS) throw new Error(`expected ${ROWS} rows after the ${peer.name} insert`);
      }
    }
    const rate = (ms: number) => (ROWS / ms) * 1000;
    results.push({
      backend: backend.name,
      what: `${ROWS} rows, 6 columns, ${BATCH}/statement`,
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
  report('T.insert() vs the raw driver multi-row INSERT and the peers (target dj / raw >= 0.9)', results);
}
