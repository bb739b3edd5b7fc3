/**
 * Embedded PostgreSQL (PGlite). PGlite has one session, so the pool holds exactly one
 * connection, the database itself: a transaction keeps it, and everything else waits its
 * turn. The pool never closes it while idle (an in-memory database would be gone).
 *
 * PGlite passes every parameter as text through its serializers, `bytes` as hex; DataJoint
 * installs a serializer and a parser for bytea that use Node's hex codec (PGlite's own go
 * byte by byte: seconds per 64 MB). See pglite-limits.ts for the size this allows.
 */
import * as fs from 'node:fs';
import type { PGlite, ParserOptions, SerializerOptions } from '@electric-sql/pglite';
import type { QueryResult, Row, StatementLimits, StreamOptions } from '../driver';
import { PoolDriver, PooledSession } from '../pool-driver';
import { streamWithCursor } from '../postgresql/postgres-cursor';
import { assertPostgresStatementFits } from '../postgresql/postgres-limits';
import { preparePostgres } from '../postgresql/postgres-params';
import { postgresFieldKinds, TEXT_RESULT_TYPE_OIDS } from '../postgresql/postgres-type-oids';
import { PGLITE_MAX_BUFFER_BYTES, pgliteStatementLimits } from './pglite-limits';
import type { PgliteDriverSettings } from './pglite-settings';

const BYTEA_OID = 17;

const identity = (text: string) => text;

/** `\x…` hex text, as PostgreSQL reads bytea. */
function byteaText(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('A bytea parameter must be a Buffer or Uint8Array.');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

const parsers: ParserOptions = {
  ...Object.fromEntries(TEXT_RESULT_TYPE_OIDS.map((oid) => [oid, identity])),
  [BYTEA_OID]: (text: string) => Buffer.from(text.slice(2), 'hex'),
};
const serializers: SerializerOptions = { [BYTEA_OID]: byteaText };

function toBuffers(row: Row): Row {
  for (const key in row) {
    const value = row[key];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return row;
}

class PgliteSession extends PooledSession<PGlite> {
  readonly limits: StatementLimits = pgliteStatementLimits;

  async query(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const { text, values } = preparePostgres(sql, params);
    assertPostgresStatementFits(values, sql, this.limits, PGLITE_MAX_BUFFER_BYTES);
    const result = await this.raw.query<Row>(text, values);
    // only bytea columns can hold bytes: other results skip the walk over every value
    const rows = result.fields.some((field) => field.dataTypeID === BYTEA_OID) ? result.rows.map(toBuffers) : result.rows;
    return {
      rows,
      rowCount: result.fields.length > 0 ? rows.length : (result.affectedRows ?? 0),
      fieldKinds: postgresFieldKinds(result.fields),
    };
  }

  streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]> {
    return streamWithCursor((s, p) => this.query(s, p), sql, params, options);
  }
}

type PgliteLibrary = typeof import('@electric-sql/pglite');

export class PgliteDriver extends PoolDriver<PGlite, PgliteSession, PgliteDriverSettings, PgliteLibrary> {
  private database: PGlite | null = null;

  protected loadLibrary(): Promise<PgliteLibrary> {
    return import('@electric-sql/pglite');
  }

  protected createRaw(library: PgliteLibrary): PGlite {
    this.database ??= this.openDatabase(library);
    return this.database;
  }

  protected async connectRaw(raw: PGlite): Promise<void> {
    await raw.waitReady;
  }

  protected openSession(raw: PGlite): PgliteSession {
    return new PgliteSession(raw);
  }

  protected override get idleTimeoutMs(): null {
    return null;
  }

  /** The in-process session cannot die on its own. */
  protected watch(): void {
    // nothing to watch
  }

  protected destroyRaw(): void {
    // never destroyed: see discard()
  }

  /** Closing the only session closes the database (the Connection owns it). */
  protected endRaw(raw: PGlite): Promise<void> {
    return raw.close();
  }

  /** The single PGlite session is never lost; returning it is always right. */
  override discard(session: PgliteSession): void {
    this.release(session);
  }

  /**
   * The database, with DataJoint's result parsers and serializers installed on it (per-query
   * options would cost PGlite a copy of its whole parser table on every statement).
   */
  private openDatabase(library: PgliteLibrary): PGlite {
    const given = this.settings.database;
    if (given) {
      Object.assign(given.parsers, parsers);
      Object.assign(given.serializers, serializers);
      return given;
    }
    const dir = this.settings.dataDir;
    if (dir !== null) fs.mkdirSync(dir, { recursive: true });
    // The options-object form: `new PGlite(undefined, options)` ignores its options.
    return new library.PGlite({ dataDir: dir ?? undefined, parsers, serializers });
  }
}
