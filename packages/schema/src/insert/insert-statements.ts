/**
 * Multi-row INSERT statements, batched for the backend: PostgreSQL binds at most 65,535
 * parameters per statement, and MySQL statements stay well under `max_allowed_packet`.
 */
import { SQL_DEFAULT, type Adapter, type OnDuplicate, type SqlFragment } from '@dj/core';
import type { PreparedRows } from './insert-rows';

/** Rows per statement, at most. */
export const MAX_BATCH_ROWS = 1000;
const MAX_PARAMETERS = 65_000;
const MAX_STATEMENT_BYTES = 8 * 1024 * 1024;

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

function approximateSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (Buffer.isBuffer(value)) return value.length * 2 + 3;
  return 12;
}

/** Splits rows into batches that respect the backend's limits. */
function batches(rows: readonly unknown[][], fieldCount: number): unknown[][][] {
  const maxRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, fieldCount))));
  const result: unknown[][][] = [];
  let current: unknown[][] = [];
  let bytes = 0;
  for (const row of rows) {
    let rowBytes = 0;
    for (const value of row) rowBytes += approximateSize(value);
    if (current.length > 0 && (current.length >= maxRows || bytes + rowBytes > MAX_STATEMENT_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += rowBytes;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** The INSERT statements for prepared rows, in order. */
export function insertStatements(adapter: Adapter, target: InsertTarget, prepared: PreparedRows): SqlFragment[] {
  const statements: SqlFragment[] = [];
  for (let i = 0; i < prepared.emptyRows; i += 1) statements.push({ sql: adapter.defaultRowInsert(target.fullTableName), params: [] });
  if (prepared.values.length === 0) return statements;
  const replacing = target.onDuplicate === 'update' || target.onDuplicate === 'replace';
  const conflictColumns = replacing && target.allColumns ? target.allColumns : prepared.fields;
  const { verb, suffix } = adapter.insertParts(target.fullTableName, conflictColumns, target.primaryKey, target.onDuplicate);
  const head = `${verb} INTO ${target.fullTableName} (${prepared.fields.map((f) => adapter.quoteIdentifier(f)).join(',')}) VALUES `;
  for (const batch of batches(prepared.values, prepared.fields.length)) {
    const params: unknown[] = [];
    const tuples: string[] = new Array(batch.length);
    for (let r = 0; r < batch.length; r += 1) {
      const row = batch[r]!;
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
      tuples[r] = tuple + ')';
    }
    statements.push({ sql: head + tuples.join(',') + suffix, params });
  }
  return statements;
}
