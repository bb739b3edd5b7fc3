/**
 * Cascading delete on a generated pipeline of 200 tables in 10 levels holding 100,000
 * rows: the time to plan the cascade and preview its counts, and the delete itself, versus
 * one `DELETE` on the same tables declared with `ON DELETE CASCADE` foreign keys (what the
 * server alone can do), in the same run. The plan (graph, headings, propagation) is timed
 * cold (catalog read) and again with the connection's cached graph and headings (best of 3),
 * and the preview (counts) apart from it.
 */
import * as dj from 'datajoint';
import type { Connection } from '@dj/core';
import { createTestInstance, newPglite, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { bestPlanAndPreview, buildPipeline, LEVELS, planAndPreview, type GeneratedTable } from './cascade-pipeline';
import { benchBackends, timed } from './harness';

const TABLES = 200;
const ROWS_PER_TABLE = 500;
/** Root rows per seed: a tenth of them, and everything that depends on them. */
const SEED_ROWS = ROWS_PER_TABLE / 10;
/** Seed `k`: the k-th tenth of the root's rows (the deletes take disjoint seeds, so that each deletes as much). */
const seedOf = (k: number) => `id >= ${k * SEED_ROWS} AND id < ${(k + 1) * SEED_ROWS}`;
const SEED = seedOf(0);
/** Deletes timed on each side, alternating (the best of each is reported: one run is noisy). */
const DELETE_ROUNDS = 3;

/** The same tables without DataJoint, foreign keys `ON DELETE CASCADE`, filled from the DataJoint copy. */
async function cascadingCopy(connection: Connection, from: string, to: string, tables: readonly GeneratedTable[], names: Map<string, string>): Promise<void> {
  const { adapter } = connection;
  const q = (c: string) => adapter.quoteIdentifier(c);
  await connection.query(adapter.dropSchemaSql(to));
  await connection.query(adapter.createSchemaSql(to));
  for (const t of tables) {
    const columns = [...t.key.map((c) => `${q(c)} int NOT NULL`), `${q('value')} double precision NOT NULL`];
    const foreignKey = t.parent
      ? `, FOREIGN KEY (${t.parent.key.map(q).join(', ')}) REFERENCES ${adapter.fullTableName(to, names.get(t.parent.name)!)} (${t.parent.key.map(q).join(', ')}) ON DELETE CASCADE`
      : '';
    const table = adapter.fullTableName(to, names.get(t.name)!);
    await connection.query(`CREATE TABLE ${table} (${columns.join(', ')}, PRIMARY KEY (${t.key.map(q).join(', ')})${foreignKey})`);
    await connection.query(`INSERT INTO ${table} SELECT * FROM ${adapter.fullTableName(from, names.get(t.name)!)}`);
  }
}

async function measure(backend: TestBackend): Promise<Record<string, string | number>> {
  const pglite = backend.name === 'pglite' ? await newPglite() : undefined;
  const inst = pglite ? new dj.Instance({ backend: 'pglite', pglite, loglevel: 'WARNING' }) : await createTestInstance(backend);
  const connection = inst.connection;
  const schema = inst.Schema(uniqueSchemaName('bench_cascade'));
  const copy = uniqueSchemaName('bench_cascade_raw');
  const { tables, classes } = await buildPipeline(schema, TABLES, ROWS_PER_TABLE);
  const names = new Map(tables.map((t) => [t.name, classes.get(t.name)!.tableName]));
  await cascadingCopy(connection, schema.name, copy, tables, names);

  const Root = classes.get('Root')!;
  const cold = await planAndPreview(schema, Root.restrict(SEED));
  // the graph and headings are cached per connection now: propagation and counts alone
  const warm = await bestPlanAndPreview(schema, () => Root.restrict(SEED), 3);
  const counts = warm.counts;
  const affected = Object.values(counts).reduce((a, b) => a + b, 0);
  let deleteMs = Infinity;
  let rawMs = Infinity;
  for (let round = 0; round < DELETE_ROUNDS; round += 1) {
    const seed = seedOf(round);
    let deleted = 0;
    deleteMs = Math.min(deleteMs, await timed(async () => (deleted = await Root.restrict(seed).delete({ prompt: false }))));
    rawMs = Math.min(rawMs, await timed(() => connection.query(`DELETE FROM ${connection.adapter.fullTableName(copy, names.get('Root')!)} WHERE ${seed}`)));
    if (deleted !== SEED_ROWS) throw new Error(`expected ${SEED_ROWS} root rows deleted, got ${deleted}`);
  }

  await connection.query(connection.adapter.dropSchemaSql(copy));
  await schema.drop({ prompt: false });
  await inst.close();
  return {
    backend: backend.name,
    tables: Object.keys(counts).length,
    'rows affected': affected,
    'plan ms (cold)': Math.round(cold.planMs),
    'plan ms (cached)': Math.round(warm.planMs),
    'plan target ms': backend.name === 'pglite' ? '< 200' : '< 50',
    'preview ms': Math.round(warm.previewMs),
    'delete ms': Math.round(deleteMs),
    'ON DELETE CASCADE ms': Math.round(rawMs),
    'delete / cascade': Number((deleteMs / rawMs).toFixed(2)),
    'target ': '<= 1.3',
  };
}

export async function cascadeBenchmark(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const backend of benchBackends()) rows.push(await measure(backend));
  console.log(
    `\nCascading delete: ${LEVELS} levels, ${TABLES} tables, ${TABLES * ROWS_PER_TABLE} rows; plan and preview from Root & '${SEED}'; ` +
      `delete: best of ${DELETE_ROUNDS} disjoint seeds (${seedOf(0)}, ${seedOf(1)}, …) on each side, alternating`,
  );
  console.table(rows);
}
