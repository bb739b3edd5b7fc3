/**
 * Rows from an Apache Arrow table (`T.insert(arrowTable)`, as datajoint-python inserts
 * Arrow data): one row object per table row, values converted to what insert takes —
 * dates and timestamps as `Date`s (microseconds kept), binary as `Buffer`, 64-bit
 * integers as the exact `bigint`s Arrow holds, nested values as plain objects and arrays.
 * A text column of a JSON attribute holds JSON text (as `toArrow()` writes it, and as CSV
 * cells do), read as JSON.
 */
import { DataJointError, PreciseDate, type Heading } from '@dj/core';
import type { DataType, Table as ArrowTable } from 'apache-arrow';

/** Whether a value is an Arrow table (by its shape: the package need not be loaded). */
export function isArrowTable(value: unknown): value is ArrowTable {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { schema?: { fields?: unknown }; numRows?: unknown; getChildAt?: unknown };
  return Array.isArray(candidate.schema?.fields) && typeof candidate.numRows === 'number' && typeof candidate.getChildAt === 'function';
}

/** Arrow type ids (`apache-arrow`'s `Type` enum), fixed by the Arrow format. */
const DATE = 8;
const TIMESTAMP = 10;
const BINARY = 4;
const LARGE_BINARY = 19;
const FIXED_SIZE_BINARY = 15;
const UTF8 = 5;
const LARGE_UTF8 = 20;

/** Milliseconds (possibly fractional: micro- and nanosecond timestamps) as a date keeping whole microseconds. */
function dateOf(milliseconds: number): Date {
  const whole = Math.floor(milliseconds);
  const micro = Math.min(999, Math.round((milliseconds - whole) * 1000));
  return micro === 0 ? new Date(whole) : new PreciseDate(whole, micro);
}

function converter(type: DataType, name: string, heading: Heading): (value: unknown) => unknown {
  const id = type.typeId as number;
  if ((id === UTF8 || id === LARGE_UTF8) && heading.find(name)?.kind === 'json') {
    return (value) => {
      try {
        return JSON.parse(value as string) as unknown;
      } catch (err) {
        throw new DataJointError(`Invalid JSON text in Arrow column \`${name}\`: ${(err as Error).message}`, { cause: err });
      }
    };
  }
  if (id === DATE || id === TIMESTAMP) return (value) => dateOf(Number(value));
  if (id === BINARY || id === LARGE_BINARY || id === FIXED_SIZE_BINARY) return (value) => Buffer.from(value as Uint8Array);
  return (value) => {
    const nested = value as { toJSON?: () => unknown };
    return typeof nested.toJSON === 'function' && !(value instanceof Date) ? nested.toJSON() : value;
  };
}

/** The rows of an Arrow table, one object each, columns by field name. */
export function* arrowRows(table: ArrowTable, heading: Heading): Iterable<Record<string, unknown>> {
  const columns = table.schema.fields.map((field, i) => ({ name: field.name, vector: table.getChildAt(i)!, convert: converter(field.type, field.name, heading) }));
  for (let r = 0; r < table.numRows; r += 1) {
    const row: Record<string, unknown> = {};
    for (const { name, vector, convert } of columns) {
      const value: unknown = vector.get(r);
      row[name] = value === null || value === undefined ? null : convert(value);
    }
    yield row;
  }
}
