/**
 * Preparing rows for an INSERT: reading them (see `row-reader.ts`) and encoding every value
 * by its attribute type (codecs included). Everything is checked before anything is sent.
 */
import {
  DataJointError,
  QueryError,
  type Attribute,
  type Codec,
  type CodecContext,
  type Config,
  type Heading,
} from '@dj/core';
import {
  runLimited,
  encodeValue,
  resolveCodecChain,
  storedTypeOf,
  type EncodingContext,
} from '@dj/core/internal';
import { RowReader, problemError } from './row-reader';

export type { InsertRow } from './row-reader';

/** Rows ready for SQL: the field list and, per row, one encoded value per field. */
export interface PreparedRows {
  readonly fields: readonly string[];
  /** Encoded values; `SQL_DEFAULT` stands for the column default. */
  readonly values: unknown[][];
  /** Rows that set no field at all (inserted as all-default rows). */
  readonly emptyRows: number;
  /**
   * Per row of `values`: the store objects its codecs uploaded, to be removed should the row
   * not be inserted (`undefined` for rows that uploaded none; the list ends after the last
   * row that uploaded any, so that it is empty for most inserts).
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

/** Codec errors do not know which attribute they encode; say it, as for other invalid values. */
function codecError(target: RowTarget, attribute: Attribute, err: Error): DataJointError {
  return new DataJointError(`Invalid value for attribute \`${attribute.name}\` (${attribute.type}) of ${target.label}: ${err.message}`, { cause: err });
}

/**
 * Runs the outermost codec's `validate`. A codec refuses a value with any error (a
 * `TypeError`, as datajoint-python's codecs do, or a DataJointError).
 */
function validateCodecValue(target: RowTarget, attribute: Attribute, codec: Codec | undefined, value: unknown): void {
  try {
    codec?.validate(value);
  } catch (err) {
    throw err instanceof Error ? codecError(target, attribute, err) : err;
  }
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
  validateCodecValue(target, attribute, chain[0], value);
  try {
    let stored = value;
    for (const codec of chain) stored = await codec.encode(stored, context);
    const path = referencedPath(stored);
    for (const undo of undos) record({ field: attribute.name, key, path, undo });
    return stored;
  } catch (err) {
    await Promise.all(undos.map((undo) => undo().catch(() => undefined)));
    // errors of the database and of the store pass through
    if (!(err instanceof DataJointError) || err instanceof QueryError) throw err;
    throw codecError(target, attribute, err);
  }
}

/**
 * Encodes the value of one attribute of `row` for SQL (codecs included; null and
 * undefined become `SQL_DEFAULT`), as insert and update1 send it.
 * @throws DataJointError naming the attribute when the value does not fit its type.
 */
export async function encodeField(
  target: RowTarget,
  attribute: Attribute,
  value: unknown,
  row: Readonly<Record<string, unknown>>,
  record: (upload: RowUpload) => void = () => undefined,
): Promise<unknown> {
  const encoded = attribute.codec !== null && value !== null && value !== undefined ? await encodeCodecValue(target, attribute, value, row, record) : value;
  return encodeValue(attribute, encoded, target.encoding);
}

/**
 * Checks a value as {@link encodeField} would, without encoding it through codecs (which
 * may write to stores): a codec's own `validate`, every other type's encoder.
 * @throws DataJointError naming the attribute when the value does not fit its type.
 */
export function checkField(target: RowTarget, attribute: Attribute, value: unknown): void {
  if (value === null || value === undefined) return;
  if (attribute.codec === null) {
    encodeValue(attribute, value, target.encoding);
    return;
  }
  validateCodecValue(target, attribute, resolveCodecChain(attribute.codec).chain[0], value);
}

/** Fails before anything is sent when a codec attribute names an unknown codec. */
export function checkCodecsKnown(heading: Heading): void {
  for (const attribute of heading.attributes) if (attribute.codec !== null) storedTypeOf(attribute.codec);
}

/**
 * The task that encodes a codec value into `encoded[index]`, recording its uploads under
 * `discards[rowIndex]`. (A closure made here, not in the loop of {@link prepareRows}: there
 * it would capture the loop's variables, which then cost a heap allocation per value.)
 */
function codecTask(
  target: RowTarget,
  attribute: Attribute,
  value: unknown,
  row: Readonly<Record<string, unknown>>,
  encoded: unknown[],
  index: number,
  discards: Array<RowUpload[] | undefined>,
  rowIndex: number,
): () => Promise<void> {
  const record = (upload: RowUpload): void => {
    (discards[rowIndex] ??= []).push(upload);
  };
  return async () => {
    encoded[index] = await encodeField(target, attribute, value, row, record);
  };
}

/**
 * Prepares rows for insertion into `target`.
 * @throws UnknownAttributeError for a field the table does not have (unless `ignoreExtraFields`).
 * @throws MissingAttributeError for a missing or null required value.
 * @throws DataJointError for values that do not fit their type, and rows with different fields.
 */
export async function prepareRows(target: RowTarget, rows: Iterable<unknown>, ignoreExtraFields: boolean): Promise<PreparedRows> {
  const { heading, label } = target;
  checkCodecsKnown(heading);
  const reader = new RowReader(heading, ignoreExtraFields);
  let fieldAttributes: Attribute[] | null = null;
  const values: unknown[][] = [];
  let emptyRows = 0;
  // Codec values are encoded after every row has been checked, a few at once (uploads overlap).
  const codecTasks: Array<() => Promise<void>> = [];
  const discards: Array<RowUpload[] | undefined> = [];
  for (const raw of rows) {
    const { row, problems } = reader.read(raw);
    if (problems.length > 0) throw problemError(problems[0]!, label);
    fieldAttributes ??= reader.fields.map((name) => heading.get(name));
    if (fieldAttributes.length === 0) {
      emptyRows += 1;
      continue;
    }
    const encoded: unknown[] = new Array(fieldAttributes.length);
    const rowIndex = values.length;
    for (let i = 0; i < fieldAttributes.length; i += 1) {
      const attribute = fieldAttributes[i]!;
      const value = row![attribute.name];
      if (attribute.codec !== null && value !== null && value !== undefined) {
        codecTasks.push(codecTask(target, attribute, value, row!, encoded, i, discards, rowIndex));
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
  return { fields: reader.fields, values, emptyRows, discards };
}

/**
 * Splits prepared rows into chunks of `chunkSize` rows (all rows in one chunk when it is
 * not a positive number). Each chunk is inserted in its own transaction.
 */
export function chunksOf(prepared: PreparedRows, chunkSize?: number): PreparedRows[] {
  const total = prepared.values.length + prepared.emptyRows;
  if (total === 0) return [];
  const size = chunkSize && chunkSize > 0 ? Math.floor(chunkSize) : total;
  if (size >= total) return [prepared];
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
  const keep = [...last.values()].sort((a, b) => a - b);
  return {
    ...prepared,
    values: keep.map((i) => prepared.values[i]!),
    // by position, so that each row keeps its own uploads
    discards: keep.map((i) => prepared.discards[i]),
  };
}
