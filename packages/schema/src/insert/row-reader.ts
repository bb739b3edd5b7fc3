/**
 * Reading rows given to `insert` or `validate`: objects or arrays in heading order, checked
 * against the heading. Every problem is reported with its attribute; `insert` stops at the
 * first, `validate` collects them all, so that both run the same checks.
 */
import { DataJointError, MissingAttributeError, UnknownAttributeError, type Attribute, type Heading } from '@dj/core';

/** A row as given to insert: an object, or an array of values in heading order. */
export type InsertRow = Readonly<Record<string, unknown>> | readonly unknown[];

/** What is wrong with a row: `unknown` field, `missing` value, or an `invalid` row or value. */
export type RowProblemKind = 'unknown' | 'missing' | 'invalid';

/** One problem of one row. */
export interface RowProblem {
  readonly kind: RowProblemKind;
  /** The attribute (or unknown field) concerned; `null` for the row as a whole. */
  readonly attribute: string | null;
  /** What is wrong, without the table's name. */
  readonly message: string;
}

/** A row read as field → value, with what is wrong with it. */
export interface ReadRow {
  /** The row's fields that belong to the table (or `null` when the row is no row at all). */
  readonly row: Readonly<Record<string, unknown>> | null;
  readonly problems: readonly RowProblem[];
}

const NO_PROBLEMS: readonly RowProblem[] = Object.freeze([]);

/** Whether a row is given as an object of field values (not an array, date or buffer). */
export function isRowObject(row: unknown): row is Record<string, unknown> {
  return typeof row === 'object' && row !== null && !Array.isArray(row) && !(row instanceof Date) && !Buffer.isBuffer(row);
}

/** Whether an attribute needs a value: not auto-incremented, not nullable, no default. */
export function requiresValue(attribute: Attribute): boolean {
  return !attribute.autoIncrement && !attribute.nullable && attribute.default === null;
}

/**
 * The error `insert` throws for a problem of a row of `label`: `UnknownAttributeError`,
 * `MissingAttributeError` or `DataJointError`, naming the table.
 */
export function problemError(problem: RowProblem, label: string): DataJointError {
  const message = `${problem.message} (${label}).`;
  if (problem.kind === 'unknown') return new UnknownAttributeError(`${message} To ignore extra fields in insert, set ignoreExtraFields: true.`);
  if (problem.kind === 'missing') return new MissingAttributeError(message);
  return new DataJointError(message);
}

/**
 * Reads the rows of one insert: the first row that sets any field fixes the field list
 * every other row must set.
 */
export class RowReader {
  private fieldList: string[] | null = null;
  private fieldSet: ReadonlySet<string> = new Set();
  /** The fields of the row read last (defined values, all in the heading). */
  private fieldsOfRow: readonly string[] = [];
  private readonly requiredAttributes: readonly Attribute[];

  constructor(
    private readonly heading: Heading,
    private readonly ignoreExtraFields: boolean,
  ) {
    this.requiredAttributes = heading.attributes.filter(requiresValue);
  }

  /** The fields of the first row (heading order); empty before the first row or when it set none. */
  get fields(): readonly string[] {
    return this.fieldList ?? [];
  }

  /** Reads one row and lists what is wrong with it. */
  read(raw: unknown): ReadRow {
    const problems: RowProblem[] = [];
    const row = this.rowObject(raw, problems);
    if (row === null) return { row, problems };
    // the row's own fields (defined, in the heading): one walk over its keys per row
    const fields = this.fieldsOfRow;
    if (this.fieldList === null) {
      const given = new Set(fields);
      this.fieldList = this.heading.attributes.map((a) => a.name).filter((name) => given.has(name));
      this.fieldSet = given;
    } else if (!this.hasFirstRowFields(fields)) {
      problems.push({ kind: 'invalid', attribute: null, message: 'Attempt to insert rows with different fields' });
    }
    if (fields.length === 0) {
      const needed = this.requiredAttributes.map((a) => a.name);
      if (needed.length > 0) {
        problems.push({ kind: 'invalid', attribute: null, message: `Cannot insert empty row. The following attributes require values: [${needed.join(', ')}]` });
      }
      return { row, problems: problems.length ? problems : NO_PROBLEMS };
    }
    for (const attribute of this.requiredAttributes) {
      const value = row[attribute.name];
      if (value !== null && value !== undefined) continue;
      const what = attribute.inKey ? 'primary-key attribute' : 'attribute';
      const nullGiven = value === null ? ': it cannot be null' : '';
      problems.push({ kind: 'missing', attribute: attribute.name, message: `Missing value for ${what} \`${attribute.name}\`${nullGiven}` });
    }
    return { row, problems: problems.length ? problems : NO_PROBLEMS };
  }

  /**
   * Turns one row into a field → value object, listing fields the heading lacks, and sets
   * {@link fieldsOfRow} to its fields. An object row whose fields all belong to the heading
   * is used as it is (no copy: large inserts stay cheap).
   */
  private rowObject(row: unknown, problems: RowProblem[]): Readonly<Record<string, unknown>> | null {
    const { heading } = this;
    if (Array.isArray(row)) {
      const names = heading.names;
      if (row.length !== names.length) {
        problems.push({
          kind: 'invalid',
          attribute: null,
          message: `Invalid insert argument. Incorrect number of attributes: ${row.length} given; ${names.length} expected`,
        });
        return null;
      }
      const result: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i += 1) if (row[i] !== undefined) result[names[i]!] = row[i];
      this.fieldsOfRow = Object.keys(result);
      return result;
    }
    if (!isRowObject(row)) {
      problems.push({ kind: 'invalid', attribute: null, message: `Datatype ${row === null ? 'null' : typeof row} cannot be inserted` });
      return null;
    }
    const keys = Object.keys(row);
    if (this.allDefinedInHeading(row, keys)) {
      this.fieldsOfRow = keys;
      return row;
    }
    const result: Record<string, unknown> = {};
    for (const field of keys) {
      const value = row[field];
      if (value === undefined) continue;
      if (heading.has(field)) result[field] = value;
      else if (!this.ignoreExtraFields) problems.push({ kind: 'unknown', attribute: field, message: `Field \`${field}\` is not in the table heading` });
    }
    this.fieldsOfRow = Object.keys(result);
    return result;
  }

  // Plain loops, not every(): a callback per row would be an allocation per row.

  /** Whether `fields` (of a row after the first) are the first row's fields. */
  private hasFirstRowFields(fields: readonly string[]): boolean {
    if (fields.length !== this.fieldList!.length) return false;
    for (const field of fields) if (!this.fieldSet.has(field)) return false;
    return true;
  }

  /** Whether every field of `row` has a value and belongs to the heading. */
  private allDefinedInHeading(row: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
    for (const field of keys) if (row[field] === undefined || !this.heading.has(field)) return false;
    return true;
  }
}
