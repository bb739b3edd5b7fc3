/**
 * The peers a TypeScript user would pick instead of DataJoint, on the six-column row table
 * of `row-table.ts`: Kysely (MysqlDialect on mysql2, PostgresDialect on pg) and Drizzle
 * (mysql2, node-postgres, PGlite). Each peer offers the three operations the insert, fetch
 * and point-select benchmarks time, written the way each library's documentation shows.
 *
 * Kysely has no PGlite peer: `kysely-pglite` is ESM-only (the bench is CommonJS) and ships a
 * code-generation CLI with ~75 dependencies, and `kysely-pglite-dialect` declares PGlite
 * ≤ 0.4 (this project uses 0.5).
 */
import type { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { boolean as myBoolean, date as myDate, double, int, mysqlSchema, smallint as mySmallint, varchar as myVarchar } from 'drizzle-orm/mysql-core';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { boolean as pgBoolean, date as pgDate, doublePrecision, integer, pgSchema, smallint as pgSmallint, varchar as pgVarchar } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { Kysely, MysqlDialect, PostgresDialect, type Dialect } from 'kysely';
import * as mysql from 'mysql2';
import { Pool } from 'pg';
import type { TestBackend } from '@dj/testing';
import { COLUMNS, type BenchRow as PeerRow } from './row-table';

/** The operations the benchmarks time, with the same batching and transaction as DataJoint's. */
export interface Peer {
  readonly name: string;
  /** Inserts `rows` in one transaction, `batch` rows per statement. */
  insert(rows: readonly PeerRow[], batch: number): Promise<void>;
  /** Every row of the table, converted by the library; resolves to the row count. */
  selectAll(): Promise<number>;
  /** The row with primary key `id`. */
  selectById(id: number): Promise<PeerRow>;
  close(): Promise<void>;
}

type ServerOptions = { host: string; port: number; user: string; password: string };

function batches<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let s = 0; s < rows.length; s += size) out.push(rows.slice(s, s + size));
  return out;
}

function kyselyPeer(dialect: Dialect, schema: string): Peer {
  const db = new Kysely<{ row: PeerRow }>({ dialect }).withSchema(schema);
  return {
    name: 'kysely',
    insert: (rows, batch) =>
      db.transaction().execute(async (trx) => {
        for (const part of batches(rows, batch)) await trx.insertInto('row').values(part).execute();
      }),
    selectAll: async () => (await db.selectFrom('row').select([...COLUMNS]).execute()).length,
    selectById: (id) => db.selectFrom('row').select([...COLUMNS]).where('id', '=', id).executeTakeFirstOrThrow(),
    close: () => db.destroy(),
  };
}

function mysqlTableOf(schema: string) {
  return mysqlSchema(schema).table('row', {
    id: int('id').primaryKey(),
    a: mySmallint('a').notNull(),
    b: double('b').notNull(),
    c: myVarchar('c', { length: 32 }).notNull(),
    d: myDate('d', { mode: 'date' }).notNull(),
    e: myBoolean('e').notNull(),
  });
}

function pgTableOf(schema: string) {
  return pgSchema(schema).table('row', {
    id: integer('id').primaryKey(),
    a: pgSmallint('a').notNull(),
    b: doublePrecision('b').notNull(),
    c: pgVarchar('c', { length: 32 }).notNull(),
    d: pgDate('d', { mode: 'date' }).notNull(),
    e: pgBoolean('e').notNull(),
  });
}

function first(rows: readonly PeerRow[], id: number): PeerRow {
  const row = rows[0];
  if (!row) throw new Error(`no row with id ${id}`);
  return row;
}

function drizzleMysqlPeer(pool: mysql.Pool, schema: string): Peer {
  const db = drizzleMysql({ client: pool });
  const row = mysqlTableOf(schema);
  return {
    name: 'drizzle',
    insert: (rows, batch) =>
      db.transaction(async (tx) => {
        for (const part of batches(rows, batch)) await tx.insert(row).values(part);
      }),
    selectAll: async () => (await db.select().from(row)).length,
    selectById: async (id) => first(await db.select().from(row).where(eq(row.id, id)), id),
    close: () => new Promise<void>((resolve, reject) => pool.end((e) => (e ? reject(e) : resolve()))),
  };
}

/** Drizzle on node-postgres or PGlite: the same pg-core table and queries. */
function drizzlePgPeer(db: ReturnType<typeof drizzlePg> | ReturnType<typeof drizzlePglite>, schema: string, close: () => Promise<void>): Peer {
  const row = pgTableOf(schema);
  // both drivers' databases share pg-core's query builder; the union's call signatures differ only in their session types
  const pg = db as ReturnType<typeof drizzlePg>;
  return {
    name: 'drizzle',
    insert: (rows, batch) =>
      pg.transaction(async (tx) => {
        for (const part of batches(rows, batch)) await tx.insert(row).values(part);
      }),
    selectAll: async () => (await pg.select().from(row)).length,
    selectById: async (id) => first(await pg.select().from(row).where(eq(row.id, id)), id),
    close,
  };
}

/**
 * The peers on `backend`, each with its own connection pool of one connection (as the raw
 * driver and DataJoint's bench instance use one session), reading and writing the row table
 * in `schema`. On PGlite they share the embedded database `pglite`.
 */
export function peersOn(backend: TestBackend, schema: string, pglite: PGlite | undefined): Peer[] {
  const o = backend.options as ServerOptions;
  if (backend.name === 'mysql') {
    const pool = () => mysql.createPool({ host: o.host, port: o.port, user: o.user, password: o.password, connectionLimit: 1 });
    return [kyselyPeer(new MysqlDialect({ pool: pool() }), schema), drizzleMysqlPeer(pool(), schema)];
  }
  if (backend.name === 'postgresql') {
    const pool = () => new Pool({ host: o.host, port: o.port, user: o.user, password: o.password, database: 'postgres', max: 1 });
    const drizzlePool = pool();
    return [kyselyPeer(new PostgresDialect({ pool: pool() }), schema), drizzlePgPeer(drizzlePg({ client: drizzlePool }), schema, () => drizzlePool.end())];
  }
  if (!pglite) throw new Error('the PGlite peers need the embedded database the row table lives in');
  return [drizzlePgPeer(drizzlePglite({ client: pglite }), schema, async () => undefined)];
}
