/**
 * DELETEs and UPDATEs sent together: as few statements as the session's limits allow (one
 * where the server runs several writes as one statement, see `Adapter.writeBatch`), each
 * write's count of changed rows answered in order.
 */
import type { StatementLimits } from '../dialects/driver';
import { compileWriteBatch } from '../query/compile/write-statements';
import type { SqlFragment } from '../query/sql-fragment';
import type { Connection } from './connection';

/** Bytes a statement's place in a batch adds besides its own text: the count it keeps and returns. */
const BATCH_BYTES_PER_STATEMENT = 64;

/**
 * Runs `writes` in order and resolves to the rows each changed. Consecutive writes go as
 * one statement where the session allows (`StatementLimits.maxWritesPerStatement`), so that
 * n writes cost a round trip instead of n.
 * @internal
 */
export async function runWriteBatch(connection: Connection, writes: readonly SqlFragment[]): Promise<number[]> {
  const counts: number[] = [];
  const chunks = writes.length < 2 ? writes.map((w) => [w]) : chunksWithin(writes, await connection.statementLimits());
  for (const chunk of chunks) {
    if (chunk.length === 1) {
      counts.push((await connection.query(chunk[0]!.sql, chunk[0]!.params)).rowCount);
      continue;
    }
    const { sql, params } = compileWriteBatch(connection.adapter, chunk);
    const { rows } = await connection.query<Record<string, unknown>>(sql, params);
    chunk.forEach((_, i) => counts.push(Number(rows[0]![`n${i}`])));
  }
  return counts;
}

/**
 * Consecutive runs of statements that one statement can carry together: at most
 * `maxWritesPerStatement` of them, their parameters within `maxParameters` and their text
 * and values within `maxStatementBytes` (a statement over a limit alone goes on its own).
 * Order is kept.
 * @internal
 */
export function chunksWithin(
  statements: readonly SqlFragment[],
  limits: Pick<StatementLimits, 'maxWritesPerStatement' | 'maxParameters' | 'maxStatementBytes' | 'parameterBytes'>,
): SqlFragment[][] {
  const chunks: SqlFragment[][] = [];
  let current: SqlFragment[] = [];
  let parameters = 0;
  let bytes = 0;
  for (const statement of statements) {
    const size = BATCH_BYTES_PER_STATEMENT + Buffer.byteLength(statement.sql, 'utf8') + statement.params.reduce<number>((sum, p) => sum + limits.parameterBytes(p), 0);
    const full =
      current.length >= limits.maxWritesPerStatement ||
      parameters + statement.params.length > limits.maxParameters ||
      bytes + size > limits.maxStatementBytes;
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      parameters = 0;
      bytes = 0;
    }
    current.push(statement);
    parameters += statement.params.length;
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
