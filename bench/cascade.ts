/**
 * Cascading delete on a generated pipeline of 200 tables in 10 levels holding 100,000
 * rows: the time to plan the cascade and preview its counts, and the delete itself, versus
 * one `DELETE` on the same tables declared with `ON DELETE CASCADE` foreign keys (what the
 * server alone can do), in the same run. The plan is timed cold (catalog read) and again
 * with the connection's cached graph and headings.
 */
import * as dj from 'datajoint';
import type { Connection } from '@dj/core';
import { createTestInstance, newPglite, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { benchBackends, timed } from './harness';

const LEVELS = 10;
const TABLES_PER_LEVEL = 20;
const ROWS_PER_TABLE = 500;
/** The seed: this share of the root's rows, and everything that depends on them. */
const SEED = `id < ${ROWS_PER_TABLE / 10}`;

interface GeneratedTable {
  readonly name: string;
  readonly level: number;
  readonly parent: GeneratedTable | null;
  /** Primary-key columns, the parent's first. */
  readonly key: readonly string[];
}

/** The tables: one root, then each level's tables hang off tables of the level above. */
function layout(): GeneratedTable[] {
  const root: GeneratedTable = { name: 'Root', level: 0, parent: null, key: ['id'] };
  const tables = [root];
  let previous = [root];
  for (let level = 1; level < LEVELS; level += 1) {
    const count = level === LEVELS - 1 ? 200 - 1 - (LEVELS - 2) * TABLES_PER_LEVEL : TABLES_PER_LEVEL;
    const current: GeneratedTable[] = [];
    for (let i = 0; i < count; i += 1) {
      const parent = previous[i % previous.length]!;
      current.push({ name: `Level${level}Table${i}`, level, parent, key: [...parent.key, `k${level}`] });
    }
    tables.push(...current);
    previous = current;
  }
  return tables;
}

function declare(schema: dj.Schema, tables: readonly GeneratedTable[]): Map<string, dj.TableClass> {
  const classes = new Map<string, dj.TableClass>();
  for (const t of tables) {
    const definition = t.parent ? `-> ${t.parent.name}\nk${t.level} : int16\n---\nvalue : float64` : `id : int32\n---\nvalue : float64`;
    const cls = { [t.name]: class extends dj.Manual { static definition = definition; } }[t.name]!;
    classes.set(t.name, schema.table(cls) as unknown as dj.TableClass);
  }
  return classes;
}

/** `ROWS_PER_TABLE` rows per table, each child row referencing one parent row. */
function rowsOf(t: GeneratedTable): Array<Record<string, number>> {
  return Array.from({ length: ROWS_PER_TABLE }, (_, i) => {
    const row: Record<string, number> = { value: i / 7 };
    for (const column of t.key) row[column] = column === 'id' ? i : 0;
    return row;
  });
}

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
  const inst = pglite ? new dj.Instance({ ...backend.options, pglite, loglevel: 'WARNING' }) : await createTestInstance(backend);
  const connection = inst.connection;
  const schema = inst.Schema(uniqueSchemaName('bench_cascade'));
  const copy = uniqueSchemaName('bench_cascade_raw');
  const tables = layout();
  const classes = declare(schema, tables);
  await schema.ready();
  for (const t of tables) await classes.get(t.name)!.insert(rowsOf(t));
  const names = new Map(tables.map((t) => [t.name, classes.get(t.name)!.tableName]));
  await cascadingCopy(connection, schema.name, copy, tables, names);

  const Root = classes.get('Root')!;
  let counts: Record<string, number> = {};
  const planMs = await timed(async () => (counts = await new dj.Diagram(schema).cascade(Root.restrict(SEED)).preview()));
  // the graph and headings are cached per connection now: propagation and counts alone
  const warmMs = await timed(() => new dj.Diagram(schema).cascade(Root.restrict(SEED)).preview());
  const affected = Object.values(counts).reduce((a, b) => a + b, 0);
  let deleted = 0;
  const deleteMs = await timed(async () => (deleted = await Root.restrict(SEED).delete({ prompt: false })));
  const rawMs = await timed(() => connection.query(`DELETE FROM ${connection.adapter.fullTableName(copy, names.get('Root')!)} WHERE ${SEED}`));
  if (deleted !== ROWS_PER_TABLE / 10) throw new Error(`expected ${ROWS_PER_TABLE / 10} root rows deleted, got ${deleted}`);

  await connection.query(connection.adapter.dropSchemaSql(copy));
  await schema.drop({ prompt: false });
  await inst.close();
  return {
    backend: backend.name,
    tables: Object.keys(counts).length,
    'rows affected': affected,
    'plan + preview ms': Math.round(planMs),
    'again, cached graph ms': Math.round(warmMs),
    target: backend.name === 'pglite' ? '< 200' : '< 50',
    'delete ms': Math.round(deleteMs),
    'ON DELETE CASCADE ms': Math.round(rawMs),
    'delete / cascade': Number((deleteMs / rawMs).toFixed(2)),
    'target ': '<= 1.3',
  };
}

export async function cascadeBenchmark(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const backend of benchBackends()) rows.push(await measure(backend));
  console.log(`\nCascading delete: ${LEVELS} levels, 200 tables, ${200 * ROWS_PER_TABLE} rows; seed Root & '${SEED}'`);
  console.table(rows);
}
