/**
 * Preparing rows for an INSERT: accepting objects or arrays in heading order, checking
 * fields against the heading, checking that every required value is there, and encoding
 * every value by its attribute type (codecs included). Everything is checked before
 * anything is sent.
 */
import {
  DataJointError,
  MissingAttributeError,
  QueryError,
  runLimited,
  UnknownAttributeError,
  encodeValue,
  resolveCodecChain,
  storedTypeOf,
  type Attribute,
  type CodecContext,
  type Config,
  type EncodingContext,
  type Heading,
} from '@dj/core';

/** A row as given to insert: an object, or an array of values in heading order. */
export type InsertRow = Readonly<Record<string, unknown>> | readonly unknown[];

/** Rows ready for SQL: the field list and, per row, one encoded value per field. */
export interface PreparedRows {
  readonly fields: readonly string[];
  /** Encoded values; `SQL_DEFAULT` stands for the column default. */
  readonly values: unknown[][];
  /** Rows that set no field at all (inserted as all-default rows). */
  readonly emptyRows: number;
  /**
   * Per row of `values`: the store objects its codecs uploaded, to be removed should the row
   * not be inserted (`undefined` for rows that uploaded none).
   */
  readonly discards: ReadonlyArray<readonly RowUpload[] | undefined>;
}

/** Removes something an encoding wrote outside the database. */
export type Undo = () => Promise<void>;

/** A store object uploaded for a row's value. */
export interface RowUpload {
  readonly field: string;
  /** The row's primary-key values. */
  readonly key: Readonly<Record<string, unknown>>;
  /** The path the stored reference records, when it records one. */
  readonly path: string | null;
  readonly undo: Undo;
}

/** Removes the uploads of the given rows (best effort, a few at once): their rows were not inserted. */
export async function discardUploads(discards: Iterable<readonly RowUpload[] | undefined>): Promise<void> {
  const uploads = [...discards].flatMap((list) => list ?? []);
  await runLimited(uploads.map((upload) => () => upload.undo().catch(() => undefined)));
}

/** The `path` a stored reference records, if any. */
function referencedPath(stored: unknown): string | null {
  const path = typeof stored === 'object' && stored !== null ? (stored as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : null;
}

/** What preparing rows needs to know about the target table. */
export interface RowTarget {
  readonly heading: Heading;
  /** The table as named in messages. */
  readonly label: string;
  readonly schema: string;
  readonly table: string;
  readonly config: Config;
  readonly encoding: EncodingContext;
}

function isRowObject(row: unknown): row is Record<string, unknown> {
  return typeof row === 'object' && row !== null && !Array.isArray(row) && !(row instanceof Date) && !Buffer.isBuffer(row);
}

/**
 * Turns one row into a field → value object, checking its fields. An object row whose
 * fields all belong to the heading is used as it is (no copy: large inserts stay cheap).
 */
function rowObject(target: RowTarget, row: unknown, ignoreExtraFields: boolean): Readonly<Record<string, unknown>> {
  const { heading, label } = target;
  if (Array.isArray(row)) {
    const names = heading.names;
    if (row.length !== names.length) {
      throw new DataJointError(
        `Invalid insert argument. Incorrect number of attributes: ${row.length} given; ${names.length} expected (${label}).`,
      );
    }
    const result: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) if (row[i] !== undefined) result[names[i]!] = row[i];
    return result;
  }
  if (!isRowObject(row)) {
    throw new DataJointError(`Datatype ${row === null ? 'null' : typeof row} cannot be inserted (${label}).`);
  }
  const keys = Object.keys(row);
  if (keys.every((field) => row[field] !== undefined && heading.has(field))) return row;
  const result: Record<string, unknown> = {};
  for (const field of keys) {
    const value = row[field];
    if (value === undefined) continue;
    if (heading.has(field)) {
      result[field] = value;
    } else if (!ignoreExtraFields) {
      throw new UnknownAttributeError(
        `Field \`${field}\` is not in the heading of ${label}. To ignore extra fields in insert, set ignoreExtraFields: true.`,
      );
    }
  }
  return result;
}

/** Whether `row` sets exactly the fields of the first row. */
function hasFields(row: Readonly<Record<string, unknown>>, fields: readonly string[], fieldSet: ReadonlySet<string>): boolean {
  let count = 0;
  for (const field of Object.keys(row)) {
    if (row[field] === undefined) continue;
    if (!fieldSet.has(field)) return false;
    count += 1;
  }
  return count === fields.length;
}

function required(attribute: Attribute): boolean {
  return !attribute.autoIncrement && !attribute.nullable && attribute.default === null;
}

/** Encodes a codec attribute's value: validate, then encode through its codecs (outermost first). */
async function encodeCodecValue(
  target: RowTarget,
  attribute: Attribute,
  value: unknown,
  row: Readonly<Record<string, unknown>>,
  record: (upload: RowUpload) => void,
): Promise<unknown> {
  const { chain, store } = resolveCodecChain(attribute.codec!);
  const keyNames = target.heading.primaryKey.filter((k) => k in row);
  const key = Object.fromEntries(keyNames.map((k) => [k, row[k]]));
  const keyKinds = Object.fromEntries(keyNames.map((k) => [k, target.heading.get(k).kind]));
  const undos: Undo[] = [];
  const onDiscard = (undo: Undo): void => {
    undos.push(undo);
  };
  const context: CodecContext = { config: target.config, schema: target.schema, table: target.table, field: attribute.name, key, keyKinds, store, onDiscard };
  try {
    chain[0]?.validate(value);
    let stored = value;
    for (const codec of chain) stored = await codec.encode(stored, context);
    const path = referencedPath(stored);
    for (const undo of undos) record({ field: attribute.name, key, path, undo });
    return stored;
  } catch (err) {
    await Promise.all(undos.map((undo) => undo().catch(() => undefined)));
    // Codecs do not know which attribute they encode; say it, as for other invalid values.
    if (!(err instanceof DataJointError) || err instanceof QueryError) throw err;
    throw new DataJointError(
      `Invalid value for attribute \`${attribute.name}\` (${attribute.type}) of ${target.label}: ${err.message}`,
      { cause: err },
    );
  }
}

/**
 * Prepares rows for insertion into `target`.
 * @throws UnknownAttributeError for a field the table does not have (unless `ignoreExtraFields`).
 * @throws MissingAttributeError for a missing or null required value.
 * @throws DataJointError for values that do not fit their type, and rows with different fields.
 */
export async function prepareRows(target: RowTarget, rows: Iterable<unknown>, ignoreExtraFields: boolean): Promise<PreparedRows> {
  const { heading, label } = target;
  let fields: string[] | null = null;
  let fieldSet: Set<string> | null = null;
  let fieldAttributes: Attribute[] = [];
  const values: unknown[][] = [];
  let emptyRows = 0;
  const attributes = heading.attributes;
  const codecAttributes = attributes.filter((a) => a.codec !== null);
  for (const storedType of codecAttributes) storedTypeOf(storedType.codec!); // unknown codecs fail before anything is sent
  const requiredAttributes = attributes.filter(required);
  // Codec values are encoded after every row has been checked, a few at once (uploads overlap).
  const codecTasks: Array<() => Promise<void>> = [];
  const discards: Array<RowUpload[] | undefined> = [];
  for (const raw of rows) {
    const row = rowObject(target, raw, ignoreExtraFields);
    if (fields === null) {
      fields = attributes.map((a) => a.name).filter((name) => row[name] !== undefined);
      fieldSet = new Set(fields);
      fieldAttributes = fields.map((name) => heading.get(name));
    } else if (!hasFields(row, fields, fieldSet!)) {
      throw new DataJointError(`Attempt to insert rows with different fields (${label}).`);
    }
    if (fields.length === 0) {
      const needed = requiredAttributes.map((a) => a.name);
      if (needed.length > 0) {
        throw new DataJointError(`Cannot insert empty row. The following attributes require values: [${needed.join(', ')}] (${label}).`);
      }
      emptyRows += 1;
      continue;
    }
    for (const attribute of requiredAttributes) {
      const value = row[attribute.name];
      if (value === null || value === undefined) {
        const what = attribute.inKey ? 'primary-key attribute' : 'attribute';
        throw new MissingAttributeError(
          `Missing value for ${what} \`${attribute.name}\` of ${label}${value === null ? ' (it cannot be null)' : ''}.`,
        );
      }
    }
    const encoded: unknown[] = new Array(fields.length);
    const rowIndex = values.length;
    const record = (upload: RowUpload): void => {
      (discards[rowIndex] ??= []).push(upload);
    };
    for (let i = 0; i < fields.length; i += 1) {
      const attribute = fieldAttributes[i]!;
      const value = row[attribute.name];
      if (attribute.codec !== null && value !== null) {
        codecTasks.push(async () => {
          encoded[i] = encodeValue(attribute, await encodeCodecValue(target, attribute, value, row, record), target.encoding);
        });
      } else {
        encoded[i] = encodeValue(attribute, value, target.encoding);
      }
    }
    values.push(encoded);
  }
  try {
    await runLimited(codecTasks);
  } catch (error) {
    await discardUploads(discards); // nothing is inserted: remove what the other values uploaded
    throw error;
  }
  discards.length = values.length;
  return { fields: fields ?? [], values, emptyRows, discards };
}

/**
 * Splits prepared rows into chunks of `chunkSize` rows (all rows in one chunk when it is
 * not a positive number). Each chunk is inserted in its own transaction.
 */
export function chunksOf(prepared: PreparedRows, chunkSize?: number): PreparedRows[] {
  const total = prepared.values.length + prepared.emptyRows;
  if (total === 0) return [];
  const size = chunkSize && chunkSize > 0 ? Math.floor(chunkSize) : total;
  const chunks: PreparedRows[] = [];
  for (let start = 0; start < total; start += size) {
    chunks.push({
      fields: prepared.fields,
      values: prepared.values.slice(start, start + size),
      discards: prepared.discards.slice(start, start + size),
      emptyRows: Math.max(0, Math.min(prepared.emptyRows - start, size)),
    });
  }
  return chunks;
}

/** A text that is equal for equal encoded key values. */
function keyText(value: unknown): string {
  if (Buffer.isBuffer(value)) return `b:${value.toString('hex')}`;
  return `${typeof value}:${String(value)}`;
}

/**
 * Keeps the last of the rows that share a primary key. MySQL applies the rows of a replace
 * in order, so the last one wins; PostgreSQL's ON CONFLICT DO UPDATE refuses to touch a
 * row twice in one statement. Rows without their whole key (auto-increment) are all kept.
 */
export function lastRowPerKey(prepared: PreparedRows, primaryKey: readonly string[]): PreparedRows {
  const positions = primaryKey.map((name) => prepared.fields.indexOf(name));
  if (positions.length === 0 || positions.some((p) => p < 0)) return prepared;
  const last = new Map<string, number>();
  prepared.values.forEach((row, i) => last.set(positions.map((p) => keyText(row[p])).join('\u0000'), i));
  if (last.size === prepared.values.length) return prepared;
  const keep = new Set(last.values());
  return {
    ...prepared,
    values: prepared.values.filter((_row, i) => keep.has(i)),
    discards: prepared.discards.filter((_row, i) => keep.has(i)),
  };
}
