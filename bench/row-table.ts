/** The six-column table the insert and fetch benchmarks write and read, and its rows. */
import * as dj from 'datajoint';
import { createTestInstance, newPglite, uniqueSchemaName, type TestBackend } from '@dj/testing';
import type { PGlite } from '@electric-sql/pglite';

/** Column names, in heading order. */
export const COLUMNS = ['id', 'a', 'b', 'c', 'd', 'e'] as const;

/** One row of the table (a type alias, so that it is also a `Record<string, unknown>`). */
export type BenchRow = { id: number; a: number; b: number; c: string; d: Date; e: boolean };

/** `n` rows of the table, ids from `start` on. */
export function makeRows(n: number, start = 0): BenchRow[] {
  return Array.from({ length: n }, (_, r) => start + r).map((i) => ({
    id: i,
    a: (i * 7) % 1000,
    b: i / 3,
    c: `name ${i}`,
    d: new Date(Date.UTC(2020, 0, 1 + (i % 2000))),
    e: i % 2 === 0,
  }));
}

/** An Instance on `backend` with the table declared in a new schema (PGlite: one embedded database the raw driver shares). */
export async function rowTableOn(backend: TestBackend): Promise<{ inst: dj.Instance; schema: dj.Schema; Row: dj.TableClass; pglite?: PGlite }> {
  const pglite = backend.name === 'pglite' ? await newPglite() : undefined;
  const inst = pglite ? new dj.Instance({ backend: 'pglite', pglite, loglevel: 'WARNING' }) : await createTestInstance(backend);
  const { schema, Row } = await declareRowTable(inst, uniqueSchemaName('bench_rows'));
  return { inst, schema, Row, pglite };
}

/** The table in schema `name` of `inst`, declared unless it exists. */
export async function declareRowTable(inst: dj.Instance, name: string): Promise<{ schema: dj.Schema; Row: dj.TableClass }> {
  const schema = inst.Schema(name);
  @schema.table
  class Row extends dj.Manual {
    static definition = `
    id : int32
    ---
    a : int16
    b : float64
    c : varchar(32)
    d : date
    e : bool
    `;
  }
  await schema.ready();
  return { schema, Row };
}
