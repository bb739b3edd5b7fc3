/**
 * Rows from a CSV file: the header names the fields, every value arrives as text and is
 * converted by its attribute's type on insert. An empty cell of a non-text attribute means
 * "no value" (the column default), as datajoint-python's CSV inserts behave. A cell of a
 * JSON attribute is read as JSON text.
 */
import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DataJointError, type Heading } from '@dj/core';

const TEXT_KINDS = new Set(['string', 'char']);

/** Whether an insert argument is a path to a CSV file. */
export function isCsvPath(rows: unknown): rows is string {
  return typeof rows === 'string';
}

/** Reads the rows of a CSV file. */
export function readCsvRows(file: string, heading: Heading): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) throw new DataJointError(`CSV file not found: ${file}`);
  let records: Array<Record<string, string>>;
  try {
    records = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
  } catch (err) {
    throw new DataJointError(`Could not read CSV file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return records.map((record, index) => {
    const row: Record<string, unknown> = {};
    for (const [field, text] of Object.entries(record)) {
      const kind = heading.has(field) ? heading.get(field).kind : 'string';
      if (text === '' && !TEXT_KINDS.has(kind)) row[field] = null;
      else if (kind === 'json') row[field] = parseJsonCell(file, index, field, text);
      else row[field] = text;
    }
    return row;
  });
}

/** A JSON cell holds the JSON text of its value (`{"a": 1}`, `"text"`, `3`), not a string to store. */
function parseJsonCell(file: string, index: number, field: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new DataJointError(
      `Invalid JSON in CSV file ${file}, data row ${index + 1}, field \`${field}\`: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
