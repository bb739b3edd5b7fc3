/**
 * Counting the rows of many restricted tables in a few statements: one statement per
 * chunk, each count a scalar subquery of one `SELECT`, so a cascade over hundreds of
 * tables previews in a handful of round trips rather than one per table.
 */
import { concatSql, joinSql, type SqlFragment } from '@dj/core/internal';
import { type QueryExpression } from '@dj/core';
import { mapConcurrently } from './concurrently';

/** Counts per statement: keeps statements (and their parameter lists) of moderate size. */
const COUNTS_PER_STATEMENT = 50;

/** The number of distinct primary keys of each expression, in order (headings loaded on the way). */
export async function countRows(expressions: readonly QueryExpression[], concurrency: number): Promise<number[]> {
  if (expressions.length === 0) return [];
  const connection = expressions[0]!.connection;
  await mapConcurrently(expressions, concurrency, (expression) => expression.prepare());
  const chunks: QueryExpression[][] = [];
  for (let i = 0; i < expressions.length; i += COUNTS_PER_STATEMENT) chunks.push(expressions.slice(i, i + COUNTS_PER_STATEMENT));
  const counted = await mapConcurrently(chunks, concurrency, async (chunk) => {
    const columns: SqlFragment[] = chunk.map((expression, i) => concatSql('(', expression.countSql(), `) AS ${connection.adapter.quoteIdentifier(`n${i}`)}`));
    const statement = concatSql('SELECT ', joinSql(columns, ', '));
    const { rows } = await connection.query(statement.sql, statement.params);
    const row = rows[0]!;
    return chunk.map((_, i) => Number(row[`n${i}`]));
  });
  return counted.flat();
}
