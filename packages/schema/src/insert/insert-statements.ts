/**
 * Multi-row INSERT statements, batched by the limits of the session that runs them
 * (`connection.statementLimits()`): at most {@link MAX_BATCH_ROWS} rows, the backend's
 * parameter count, and a byte budget; a row that cannot fit in any statement, or a value
 * the backend cannot store and read back, is refused before anything is sent.
 */
import { DataJointError } from '@dj/core';
import { SQL_DEFAULT, type Adapter, type OnDuplicate, type SqlFragment, type StatementLimits } from '@dj/core/internal';
import type { PreparedRows } from './insert-rows';

/** Rows per statement, at most. */
export const MAX_BATCH_ROWS = 1000;

/**
 * Bytes per statement the batching aims at, below the backend's hard limit: a statement is
 * built in memory on both ends, and past this size larger statements gain nothing.
 */
export const TARGET_STATEMENT_BYTES = 16 * 1024 * 1024;

/** The table and duplicate handling of an INSERT. */
export interface InsertTarget {
  readonly fullTableName: string;
  readonly primaryKey: readonly string[];
  readonly onDuplicate: OnDuplicate;
  /**
   * Every column of the table. A replace (`update`) sets them all, so that columns a row
   * omits get their defaults, as with MySQL's REPLACE, on every backend.
   */
  readonly allColumns?: readonly string[];
}

const bytesText = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/** Bytes a row adds to a statement: its values as sent, and its punctuation. */
function rowBytes(row: readonly unknown[], limits: StatementLimits): number {
  let bytes = 2 + row.length;
  for (let c = 0; c < row.length; c += 1) {
    const value = row[c];
    bytes += value === SQL_DEFAULT ? 7 : limits.parameterBytes(value);
  }
  return bytes;
}

/** Throws the error that names the attribute whose value makes `row` too large (checked before sending). */
function refuseRow(target: InsertTarget, fields: readonly string[], row: readonly unknown[], bytes: number, limits: StatementLimits): never {
  let largest = 0;
  for (let c = 1; c < row.length; c += 1) {
    if (limits.parameterBytes(row[c]) > limits.parameterBytes(row[largest])) largest = c;
  }
  const value = row[largest];
  const size = value instanceof Uint8Array ? value.byteLength : limits.parameterBytes(value);
  const tooLong = value instanceof Uint8Array && size > limits.maxBufferBytes;
  const what = tooLong
    ? `the value of attribute \`${fields[largest]}\` is ${bytesText(size)}, more than the largest bytes value this backend stores and reads back (${bytesText(limits.maxBufferBytes)}).`
    : `the value of attribute \`${fields[largest]}\` is ${bytesText(size)}, which makes its row ${bytesText(bytes)}: more than one statement may carry on this server (${bytesText(limits.maxStatementBytes)}).`;
  throw new DataJointError(`Cannot insert into ${target.fullTableName}: ${what} Nothing was inserted. ${limits.explainOverflow(Math.max(size, bytes))}`);
}

/**
 * Splits rows into batches within the limits, refusing a row that fits in no statement. A
 * row over the batching target goes alone into its statement.
 */
function batches(target: InsertTarget, fields: readonly string[], rows: readonly unknown[][], head: number, limits: StatementLimits): unknown[][][] {
  const maxRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(limits.maxParameters / Math.max(1, fields.length))));
  const budget = Math.min(limits.maxStatementBytes, TARGET_STATEMENT_BYTES) - head;
  const maxRowBytes = limits.maxStatementBytes - head;
  // No value of a smaller row can be over a limit; larger ones are checked value by value.
  const suspect = Math.min(maxRowBytes, limits.maxBufferBytes);
  const result: unknown[][][] = [];
  let current: unknown[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = rowBytes(row, limits);
    if (size > suspect && (size > maxRowBytes || row.some((v) => v instanceof Uint8Array && v.byteLength > limits.maxBufferBytes))) {
      refuseRow(target, fields, row, size + head, limits);
    }
    if (current.length > 0 && (current.length >= maxRows || bytes + size > budget)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * The INSERT statements for prepared rows, in order, within `limits`.
 * @throws DataJointError naming the attribute, before anything is sent, when a row or value cannot fit.
 */
export function insertStatements(adapter: Adapter, limits: StatementLimits, target: InsertTarget, prepared: PreparedRows): SqlFragment[] {
  const statements: SqlFragment[] = [];
  for (let i = 0; i < prepared.emptyRows; i += 1) statements.push({ sql: adapter.defaultRowInsert(target.fullTableName), params: [] });
  if (prepared.values.length === 0) return statements;
  const replacing = target.onDuplicate === 'update' || target.onDuplicate === 'replace';
  const conflictColumns = replacing && target.allColumns ? target.allColumns : prepared.fields;
  const { verb, suffix } = adapter.insertParts(target.fullTableName, conflictColumns, target.primaryKey, target.onDuplicate);
  const head = `${verb} INTO ${target.fullTableName} (${prepared.fields.map((f) => adapter.quoteIdentifier(f)).join(',')}) VALUES `;
  const headBytes = 3 * (head.length + suffix.length);
  // most rows set every field: they share one tuple text
  const allPlaceholders = `(${prepared.fields.map(() => '?').join(',')})`;
  for (const batch of batches(target, prepared.fields, prepared.values, headBytes, limits)) {
    const params: unknown[] = [];
    const tuples: string[] = new Array(batch.length);
    for (let r = 0; r < batch.length; r += 1) {
      const row = batch[r]!;
      if (row.includes(SQL_DEFAULT)) {
        tuples[r] = tupleWithDefaults(row, params);
      } else {
        for (let c = 0; c < row.length; c += 1) params.push(row[c]);
        tuples[r] = allPlaceholders;
      }
    }
    statements.push({ sql: head + tuples.join(',') + suffix, params });
  }
  return statements;
}

/** The tuple of a row some of whose values are `SQL_DEFAULT` (written `DEFAULT`); the others go to `params`. */
function tupleWithDefaults(row: readonly unknown[], params: unknown[]): string {
  let tuple = '(';
  for (let c = 0; c < row.length; c += 1) {
    const value = row[c];
    if (c > 0) tuple += ',';
    if (value === SQL_DEFAULT) {
      tuple += 'DEFAULT';
    } else {
      tuple += '?';
      params.push(value);
    }
  }
  return tuple + ')';
}
