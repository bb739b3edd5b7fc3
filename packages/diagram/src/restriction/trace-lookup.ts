/**
 * Naming an ancestor in a trace (Python `trace[T]`): a table class or table, a full table
 * name (backend-quoted), or a bare name matched case-insensitively against the end of the
 * trace's table names (`'Session'`, `'lab.session'`).
 */
import { DataJointError, HeadingNotLoadedError, QueryExpression } from '@dj/core';
import { type HeadingSource } from '@dj/core/internal';
import { restrictedTable, type DiagramState } from '../diagram-state';
import { seedOf } from './seed';

/** The full name of the trace's table `key` names. */
async function tracedName(state: DiagramState, key: unknown): Promise<string> {
  let fullName: string;
  if (typeof key === 'string') {
    if (key.includes('`') || key.includes('"')) {
      fullName = key;
    } else {
      const wanted = key.toLowerCase().replace(/\./g, '');
      const candidates = [...state.restrictions.keys()].filter((node) => node.toLowerCase().replace(/[`"]/g, '').replace(/\./g, '').replace(/_/g, '').endsWith(wanted.replace(/_/g, '')));
      if (candidates.length === 0) throw new DataJointError(`Table '${key}' is not in this trace's subgraph (not an ancestor of the seed).`);
      if (candidates.length > 1) throw new DataJointError(`Ambiguous table reference '${key}': matches ${candidates.join(', ')}. Use a fully-qualified name.`);
      fullName = candidates[0]!;
    }
  } else {
    let seed;
    try {
      seed = await seedOf(key);
    } catch {
      throw new DataJointError(`trace.get(...) expects a table class, a table, or a table name; got ${key === null ? 'null' : typeof key}.`);
    }
    fullName = state.connection.adapter.fullTableName(seed.schema, seed.table);
  }
  if (!state.restrictions.has(fullName)) throw new DataJointError(`Table ${fullName} is not in this trace's subgraph (not an ancestor of the seed).`);
  return fullName;
}

/** The ancestor's restricted table, found once the trace is resolved. */
class TracedTable implements HeadingSource {
  expression: QueryExpression | null = null;

  constructor(
    private readonly resolve: () => Promise<DiagramState>,
    private readonly key: unknown,
  ) {}

  get headingReady(): boolean {
    return this.expression !== null;
  }

  async prepareHeading(): Promise<void> {
    if (this.expression) return;
    const state = await this.resolve();
    const table = restrictedTable(state, await tracedName(state, this.key));
    await table.prepare();
    this.expression = table;
  }
}

/**
 * The rows of the trace's table `key` the seed's rows depend on, as a query (resolved on
 * its first awaited call; a table outside the trace fails there).
 */
export function tracedTable(connection: QueryExpression['connection'], resolve: () => Promise<DiagramState>, key: unknown): QueryExpression {
  const source = new TracedTable(resolve, key);
  return QueryExpression.derive(connection, [source], () => {
    if (!source.expression) throw new HeadingNotLoadedError('The traced table is not resolved yet: await a call on it (or its prepare()).');
    return source.expression.state;
  });
}
