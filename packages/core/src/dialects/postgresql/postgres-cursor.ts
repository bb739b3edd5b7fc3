/**
 * Streaming a SELECT on PostgreSQL (server or PGlite) with an SQL cursor: rows arrive
 * `batchSize` at a time through `FETCH`, each a complete statement, so other statements
 * of the same transaction can run between batches.
 */
import type { QueryResult, Row, StreamOptions } from '../driver';

type RunStatement = (sql: string, params: readonly unknown[]) => Promise<QueryResult>;

let cursorCounter = 0;

export async function* streamWithCursor(
  run: RunStatement,
  sql: string,
  params: readonly unknown[],
  options: StreamOptions,
): AsyncIterable<Row[]> {
  const name = `dj_cursor_${++cursorCounter}`;
  const ownTransaction = !options.inTransaction;
  if (ownTransaction) await run('BEGIN', []);
  let completed = false;
  try {
    await run(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const { rows } = await run(`FETCH ${options.batchSize} FROM ${name}`, []);
      if (rows.length > 0) yield rows;
      if (rows.length < options.batchSize) break;
    }
    await run(`CLOSE ${name}`, []);
    completed = true;
  } finally {
    if (ownTransaction) await run(completed ? 'COMMIT' : 'ROLLBACK', []).catch(() => undefined);
    else if (!completed) await run(`CLOSE ${name}`, []).catch(() => undefined);
  }
}
