/**
 * The driver contract: how a backend hands out server sessions. Implementations pool
 * connections of the backend's driver (mysql2, pg, PGlite) and run statements directly on
 * them, so that the hot paths pay nothing for query building. Each backend's driver is
 * opened with its own settings type, next to its dialect.
 */
import type { ValueKind } from '../types/value-kind';

/** A row as returned by a query: column name → value. */
export type Row = Record<string, unknown>;

/** Result of {@link DriverSession.query} and `connection.query()`. */
export interface QueryResult<R = Row> {
  /** Rows returned by the statement (empty for statements that return none). */
  rows: R[];
  /** Rows returned by a SELECT, or rows affected by INSERT / UPDATE / DELETE. */
  rowCount: number;
  /**
   * The value kind of each result column, from the driver's column metadata (used for
   * computed attributes, which have no declared type).
   */
  fieldKinds?: Readonly<Record<string, ValueKind>>;
}

/** Options for streaming a SELECT. */
export interface StreamOptions {
  /** Rows fetched from the server per round trip. */
  batchSize: number;
  /** Whether the session is inside a transaction (so the stream must not open or end one). */
  inTransaction: boolean;
}

/**
 * How much one statement may carry on a session, as its server and driver accept it. The
 * insert path splits multi-row statements by these limits and refuses, before sending, a
 * row or value that cannot fit; sessions refuse any other statement that would exceed them.
 */
export interface StatementLimits {
  /**
   * Bytes one statement may carry, counting its text and its parameters as
   * {@link parameterBytes} does, with room kept for protocol overhead.
   */
  readonly maxStatementBytes: number;
  /** Parameters one statement may bind. */
  readonly maxParameters: number;
  /**
   * DELETEs and UPDATEs one statement may run, in the adapter's `writeBatch` form:
   * unbounded where the server runs that form (PostgreSQL, PGlite, MariaDB), 1 where it
   * does not (MySQL).
   */
  readonly maxWritesPerStatement: number;
  /** Bytes of the largest `bytes` value (a Buffer) that can be stored and read back. */
  readonly maxBufferBytes: number;
  /**
   * Bytes `value` adds to a statement as this backend sends it: exact for Buffers and long
   * strings, a close upper bound for short values. Called for every inserted value, so cheap.
   */
  parameterBytes(value: unknown): number;
  /**
   * For an error message about a statement or value of `bytes` bytes that exceeds these
   * limits: which limit it is, and which setting to raise or what to do instead.
   */
  explainOverflow(bytes: number): string;
}

/** One server session, taken from the pool for a statement or a whole transaction. */
export interface DriverSession {
  /** Runs one statement. Placeholders are `?`, whatever the backend. */
  query(sql: string, params: readonly unknown[]): Promise<QueryResult>;
  /**
   * Streams the rows of a SELECT without holding them all in memory, in batches of at
   * most `batchSize` rows (one await per batch, not per row).
   */
  streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]>;
  /**
   * True once the driver knows the session is unusable (killed, disconnected, or its
   * protocol broken by a failed statement); such a session is discarded, never pooled again.
   */
  readonly lost: boolean;
  /** What one statement may carry on this session. */
  readonly limits: StatementLimits;
}

/** A pool of server sessions for one backend. */
export interface Driver {
  /** Takes a session from the pool, connecting if needed (an idle session comes back at once, without a promise). */
  acquire(): Promise<DriverSession> | DriverSession;
  /** Gives a healthy session back to the pool. */
  release(session: DriverSession): void;
  /** Closes a broken session (through the driver's own API) instead of returning it to the pool. */
  discard(session: DriverSession): void;
  /** Closes every session. */
  close(): Promise<void>;
}
