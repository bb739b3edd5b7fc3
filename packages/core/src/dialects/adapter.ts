/**
 * The adapter contract: everything that differs between SQL dialects and does not need
 * a server round trip (quoting, literals, type mapping, fixed SQL, error translation).
 * Code above the adapter never branches on the backend's name.
 */
import type { ValueKind } from '../types/value-kind';
import type { DataJointError } from '../errors';
import type { CoreType } from '../types/core-type';
import type { JsonCast, JsonPathStep } from '../types/json-path';
import type { ValueStorage } from '../types/value-storage';

/** The SQL family of a backend; PGlite speaks `postgresql`. */
export type SqlFamily = 'mysql' | 'postgresql';

/** What an INSERT does with a row whose key exists: fail, skip it, replace it, or update its other columns. */
export type OnDuplicate = 'error' | 'skip' | 'replace' | 'update';

/** The parts of an INSERT that differ by backend. */
export interface InsertParts {
  /** `INSERT` or `REPLACE`. */
  readonly verb: string;
  /** Text after the VALUES list or SELECT (a conflict clause), possibly empty. */
  readonly suffix: string;
}

export interface Adapter {
  /** SQL family, also the backend name recorded in messages. */
  readonly family: SqlFamily;
  /** Default server port. */
  readonly defaultPort: number;
  /** Longest table name the server accepts. */
  readonly maxTableNameLength: number;
  /** Statement that opens a transaction. */
  readonly beginTransactionSql: string;
  /** Query returning the server's id of the current session as `id`. */
  readonly sessionIdSql: string;
  /** Whether DDL statements can be rolled back (false on MySQL, where DDL commits). */
  readonly transactionalDdl: boolean;
  /** Whether other threads and processes can open connections to the same database (false for PGlite, which lives inside one process). */
  readonly sharedAcrossProcesses: boolean;
  /** What the backend's columns would store differently from a value given (refused on insert). */
  readonly valueStorage: ValueStorage;

  /** Whether an UPDATE can return the rows it changed (`RETURNING`). */
  readonly updateReturning: boolean;
  /**
   * How several DELETEs or UPDATEs run as one statement answering the rows each changed,
   * where the session allows it (`StatementLimits.maxWritesPerStatement`):
   * - `'with'`: each in a data-modifying `WITH`, all seeing the rows as they were before
   *   the statement, foreign keys checked when it ends (PostgreSQL);
   * - `'compound'`: in order in a `BEGIN NOT ATOMIC … END` block, each a statement of its
   *   own, checking foreign keys as it goes and, outside a transaction, committed when it
   *   ends, so it locks as a statement sent alone would (MariaDB; MySQL runs compound
   *   statements only inside stored programs).
   */
  readonly writeBatch: 'with' | 'compound';
  /**
   * The clause ending a SELECT that claims rows concurrent callers may claim too: it locks
   * the rows for update until the transaction ends. PostgreSQL skips rows another
   * transaction holds (`FOR UPDATE SKIP LOCKED`): it locks only the rows it returns, so a
   * row skipped is one another caller is claiming. InnoDB (MySQL 8, MariaDB 10.6+) has
   * `SKIP LOCKED` too, but locks every row its plan scans, returned or not (a small table is
   * scanned whole), so a row skipped could be one nobody claims: there the SELECT waits.
   */
  readonly claimRowsSql: string;

  /** Quotes an identifier: `` `name` `` or `"name"`. */
  quoteIdentifier(name: string): string;
  /** Quotes a string as an SQL literal, escaping what the dialect requires. */
  quoteString(value: string): string;
  /** `` `schema`.`table` `` or `"schema"."table"`. */
  fullTableName(schema: string, table: string): string;
  /** Splits a full table name, quoted or not (`a.b`, `` `a`.`b` ``, `"a"."b"`). */
  splitFullTableName(fullName: string): { schema: string; table: string };
  /** The SQL type of a core type. `schema` qualifies PostgreSQL enum types. */
  coreTypeToSql(type: CoreType, schema: string): string;
  /** `CREATE DATABASE` / `CREATE SCHEMA`. */
  createSchemaSql(schema: string): string;
  /** `DROP DATABASE IF EXISTS` / `DROP SCHEMA IF EXISTS … CASCADE`. */
  dropSchemaSql(schema: string): string;
  /**
   * The verb and conflict clause of an INSERT into `fullTable` of `columns`, keyed by
   * `primaryKey`, for the chosen duplicate handling.
   */
  insertParts(fullTable: string, columns: readonly string[], primaryKey: readonly string[], onDuplicate: OnDuplicate): InsertParts;
  /**
   * The SELECT-list expression that fetches column `quoted` (already quoted) of value kind
   * `kind` without loss; the column itself unless the server would round it.
   */
  fetchColumnSql(quoted: string, kind: ValueKind): string;
  /**
   * A computed attribute's SQL in this dialect: functions of the other dialect that
   * DataJoint users commonly write (`GROUP_CONCAT`, `YEAR()`, `STRING_AGG`, …) rewritten.
   */
  translateExpression(expression: string): string;
  /** A condition comparing JSON column `column` with the JSON text of one `?` parameter, as documents. */
  jsonEqualsSql(column: string): string;
  /**
   * The SQL reading `path` of JSON column `quotedColumn` (already quoted), as text or cast
   * to `cast`. Path and cast come from the closed grammar of json-path.ts.
   */
  jsonPathExpression(quotedColumn: string, path: readonly JsonPathStep[], cast: JsonCast | null): string;
  /**
   * The SQL literal of a bool column's default as a definition writes it (`true`, `false`,
   * `1`, `0`): `'1'` or `'0'` on MySQL, whose bool is a TINYINT that would not take the
   * words; the text as written on PostgreSQL, whose boolean takes either spelling.
   */
  boolDefaultSql(value: string): string;
  /** An INSERT of one row made entirely of column defaults. */
  defaultRowInsert(fullTable: string): string;
  /** A UUID (32 hex digits) as a parameter: 16 bytes for `binary(16)`, canonical text for `uuid`. */
  encodeUuid(hex: string): unknown;
  /** The server's current time with `precision` fractional digits, as SQL. */
  currentTimestampSql(precision: number): string;
  /** An interval of `seconds` (may be negative or fractional) to add to a timestamp. */
  intervalSql(seconds: number): string;
  /** A SELECT of the session's database user, as column `u`. */
  readonly currentUserSql: string;
  /** Statement that ends another session (for tests of lost connections). */
  killSessionSql(sessionId: number): string;
  /** Translates a driver error into the matching DataJoint error. */
  translateError(error: unknown, sql?: string): DataJointError;
  /**
   * Whether an error (a driver's, or the DataJoint error translated from it) is a deadlock
   * the server resolved by rolling the statement's transaction back: repeating it may succeed.
   */
  isDeadlock(error: unknown): boolean;
  /** Whether a driver error means the session is gone. */
  isConnectionLost(error: unknown): boolean;
}
