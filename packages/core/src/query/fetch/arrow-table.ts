/**
 * Query results as Apache Arrow tables (`q.toArrow()`, datajoint-python `to_arrow()`): one
 * column per attribute, typed by the attribute: integers of their width and sign (64-bit
 * ones as exact `bigint`s), floats, booleans, dates (days), date-times (UTC microseconds,
 * exact), bytes as binary; decimals (exact text), text, times, UUIDs and JSON (its text)
 * as UTF-8. `apache-arrow` is loaded on first use.
 */
import type { DataType, Table as ArrowTable, Vector } from 'apache-arrow';
import { DataJointError } from '../../errors';
import type { Attribute } from '../../heading/attribute';
import type { Heading } from '../../heading/heading';
import type { Row } from '../../dialects/driver';
import { microsecondsOf } from '../../types/precise-date';
import { INTEGER_RANGES } from '../../types/value-kind';

type Arrow = typeof import('apache-arrow');

/** The Arrow integer type of an integer attribute, from its range. */
function integerType(arrow: Arrow, attribute: Attribute): DataType {
  const range = INTEGER_RANGES[attribute.type] ?? INTEGER_RANGES[attribute.sqlType] ?? INTEGER_RANGES.int64!;
  const [min, max] = range;
  if (min === 0n) return max <= 255n ? new arrow.Uint8() : max <= 65535n ? new arrow.Uint16() : max <= 4294967295n ? new arrow.Uint32() : new arrow.Uint64();
  return max <= 127n ? new arrow.Int8() : max <= 32767n ? new arrow.Int16() : max <= 2147483647n ? new arrow.Int32() : new arrow.Int64();
}

/** Exact UTC microseconds of date-times, built from their 64-bit values (the builder would round through floats). */
function timestampVector(arrow: Arrow, values: readonly unknown[]): Vector {
  const micros = new BigInt64Array(values.length);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null || value === undefined) {
      nullCount += 1;
      return;
    }
    const date = value as Date;
    micros[i] = BigInt(date.getTime()) * 1000n + BigInt(microsecondsOf(date));
    valid[i >> 3]! |= 1 << (i & 7);
  });
  const data = arrow.makeData({ type: new arrow.TimestampMicrosecond('UTC'), length: values.length, nullCount, nullBitmap: valid, data: micros });
  return arrow.makeVector(data);
}

/**
 * @throws DataJointError for a codec attribute (`<blob>`, …): decoded codec values have no
 * Arrow type. Checked before anything is fetched.
 */
export function assertArrowable(heading: Heading): void {
  const codec = heading.attributes.find((a) => a.codec !== null);
  if (codec) {
    throw new DataJointError(
      `toArrow() cannot hold attribute \`${codec.name}\` (${codec.type}): decoded codec values have no Arrow type. Leave it out with proj().`,
    );
  }
}

/** One attribute's column. */
function column(arrow: Arrow, attribute: Attribute, values: unknown[]): Vector {
  const text = () => arrow.vectorFromArray(values.map((v) => (v === null || v === undefined ? null : String(v))), new arrow.Utf8());
  switch (attribute.kind) {
    case 'int':
    case 'bigint': {
      const type = integerType(arrow, attribute);
      const wide = type instanceof arrow.Int64 || type instanceof arrow.Uint64;
      return arrow.vectorFromArray(wide ? values.map((v) => (v === null || v === undefined ? null : BigInt(v as number | bigint))) : values, type);
    }
    case 'float':
      return arrow.vectorFromArray(values, new arrow.Float64());
    case 'float32':
      return arrow.vectorFromArray(values, new arrow.Float32());
    case 'bool':
      return arrow.vectorFromArray(values, new arrow.Bool());
    case 'date':
      return arrow.vectorFromArray(values, new arrow.DateDay());
    case 'datetime':
      return timestampVector(arrow, values);
    case 'bytes':
      return arrow.vectorFromArray(values, new arrow.Binary());
    case 'json':
      return arrow.vectorFromArray(values.map((v) => (v === null || v === undefined ? null : JSON.stringify(v))), new arrow.Utf8());
    default:
      return text();
  }
}

/** The rows of a result with heading `heading` as an Arrow table. */
export async function arrowTableOf(heading: Heading, rows: readonly Row[]): Promise<ArrowTable> {
  assertArrowable(heading);
  const arrow = await import('apache-arrow');
  const columns: Record<string, Vector> = {};
  for (const attribute of heading.attributes) columns[attribute.name] = column(arrow, attribute, rows.map((row) => row[attribute.name]));
  return new arrow.Table(columns);
}
