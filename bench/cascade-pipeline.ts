/**
 * The generated pipeline the cascade benchmarks delete from: one root, then levels of
 * tables each hanging off a table of the level above, declared in a schema and filled with
 * rows, each child row referencing one parent row.
 */
import * as dj from 'datajoint';
import { timed } from './harness';

/** Levels of the generated pipeline (the root is level 0). */
export const LEVELS = 10;

export interface GeneratedTable {
  readonly name: string;
  readonly level: number;
  readonly parent: GeneratedTable | null;
  /** Primary-key columns, the parent's first. */
  readonly key: readonly string[];
}

/** `total` tables: the root, `round(total / LEVELS)` per level, the remainder on the last level. */
export function layout(total: number): GeneratedTable[] {
  const perLevel = Math.max(1, Math.round(total / LEVELS));
  const root: GeneratedTable = { name: 'Root', level: 0, parent: null, key: ['id'] };
  const tables = [root];
  let previous = [root];
  for (let level = 1; level < LEVELS && tables.length < total; level += 1) {
    const count = level === LEVELS - 1 ? total - tables.length : Math.min(perLevel, total - tables.length);
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

/** Binds the tables to `schema` as Manual tables. */
export function declareTables(schema: dj.Schema, tables: readonly GeneratedTable[]): Map<string, dj.TableClass> {
  const classes = new Map<string, dj.TableClass>();
  for (const t of tables) {
    const definition = t.parent ? `-> ${t.parent.name}\nk${t.level} : int16\n---\nvalue : float64` : `id : int32\n---\nvalue : float64`;
    const cls = { [t.name]: class extends dj.Manual { static definition = definition; } }[t.name]!;
    classes.set(t.name, schema.table(cls) as unknown as dj.TableClass);
  }
  return classes;
}

/** `rows` rows of table `t`, row `i` of a child referencing row `i` of the root's chain. */
export function rowsOf(t: GeneratedTable, rows: number): Array<Record<string, number>> {
  return Array.from({ length: rows }, (_, i) => {
    const row: Record<string, number> = { value: i / 7 };
    for (const column of t.key) row[column] = column === 'id' ? i : 0;
    return row;
  });
}

/** Declares the `total`-table pipeline in `schema` and inserts `rows` rows into each table. */
export async function buildPipeline(schema: dj.Schema, total: number, rows: number): Promise<{ tables: GeneratedTable[]; classes: Map<string, dj.TableClass> }> {
  const tables = layout(total);
  const classes = declareTables(schema, tables);
  await schema.ready();
  for (const t of tables) await classes.get(t.name)!.insert(rowsOf(t, rows));
  return { tables, classes };
}

/**
 * Times the plan of the cascade from `seed` over `schema` (the diagram resolved: graph,
 * headings, restriction propagation) and then its preview (the counts), on one diagram.
 */
export async function planAndPreview(schema: dj.Schema, seed: Parameters<dj.Diagram['cascade']>[0]): Promise<{ planMs: number; previewMs: number; counts: Record<string, number> }> {
  const diagram = new dj.Diagram(schema).cascade(seed);
  const planMs = await timed(() => diagram.topologicalOrder());
  let counts: Record<string, number> = {};
  const previewMs = await timed(async () => (counts = await diagram.preview()));
  return { planMs, previewMs, counts };
}

/** The best plan and best preview time of `rounds` cascades from fresh `seed()`s (graph cached after the first). */
export async function bestPlanAndPreview(schema: dj.Schema, seed: () => Parameters<dj.Diagram['cascade']>[0], rounds: number): Promise<{ planMs: number; previewMs: number; counts: Record<string, number> }> {
  let best = await planAndPreview(schema, seed());
  for (let i = 1; i < rounds; i += 1) {
    const next = await planAndPreview(schema, seed());
    best = { planMs: Math.min(best.planMs, next.planMs), previewMs: Math.min(best.previewMs, next.previewMs), counts: next.counts };
  }
  return best;
}
