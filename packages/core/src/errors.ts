/**
 * The DataJoint error hierarchy. Every error DataJoint raises on purpose is a
 * {@link DataJointError}; errors coming from a database driver are translated into
 * one of the subclasses by the backend adapter, keeping the driver error as `cause`.
 *
 * ```
 * DataJointError
 * ├── LostConnectionError
 * ├── MissingTableError
 * ├── ThreadSafetyError
 * ├── MissingExternalFile
 * ├── BucketInaccessible
 * └── QueryError
 *     ├── QuerySyntaxError
 *     ├── AccessError
 *     ├── DuplicateError
 *     ├── IntegrityError
 *     ├── UnknownAttributeError
 *     └── MissingAttributeError
 * ```
 */

/** Options accepted by every DataJoint error constructor. */
export interface DataJointErrorOptions {
  /** The error this one was derived from (usually the driver's error). */
  cause?: unknown;
  /** The driver's error code (MySQL errno or PostgreSQL SQLSTATE), when there is one. */
  code?: string | number;
  /** The SQL statement that failed, when there is one. */
  sql?: string;
}

/** Base class of all errors raised by DataJoint. */
export class DataJointError extends Error {
  /** The driver's error code (MySQL errno or PostgreSQL SQLSTATE), when the error came from the server. */
  readonly code?: string | number;
  /** The SQL statement that failed, when the error came from a query. */
  readonly sql?: string;

  constructor(message: string, options: DataJointErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.code !== undefined) this.code = options.code;
    if (options.sql !== undefined) this.sql = options.sql;
  }

  /**
   * Returns a copy of this error, of the same class, with hints appended to the message.
   * Used to add advice (e.g. "set skipDuplicates") to a translated driver error.
   */
  suggest(...hints: string[]): this {
    const Ctor = this.constructor as new (message: string, options?: DataJointErrorOptions) => this;
    const copy = new Ctor([this.message, ...hints].join(' '), {
      cause: this.cause,
      code: this.code,
      sql: this.sql,
    });
    return copy;
  }
}

/** The connection to the database server was lost. */
export class LostConnectionError extends DataJointError {}

/** A query referred to a table that has not been declared. */
export class MissingTableError extends DataJointError {}

/**
 * A table's heading was needed before it was read from the database: await the table (or
 * any query on it) first.
 */
export class HeadingNotLoadedError extends DataJointError {}

/** Global DataJoint state was used while thread-safe mode (`DJ_THREAD_SAFE`) is on. */
export class ThreadSafetyError extends DataJointError {}

/** An object a table refers to is missing from its store. */
export class MissingExternalFile extends DataJointError {}

/** A store's bucket does not exist or cannot be reached with the configured credentials. */
export class BucketInaccessible extends DataJointError {}

/** An error reported by the database server while running a query. */
export class QueryError extends DataJointError {}

/** The server could not parse the SQL statement. */
export class QuerySyntaxError extends QueryError {}

/** The user lacks the privileges (or credentials) for the operation. */
export class AccessError extends QueryError {}

/** A row duplicates an existing primary or unique key. */
export class DuplicateError extends QueryError {}

/** A foreign-key constraint was violated. */
export class IntegrityError extends QueryError {}

/** A query named an attribute that the table or query does not have. */
export class UnknownAttributeError extends QueryError {}

/** An insert left out a value that the table requires. */
export class MissingAttributeError extends QueryError {}

/** Every class of the tree, by name: errors sent between threads are rebuilt from it. */
const ERROR_CLASSES: ReadonlyMap<string, new (message: string) => DataJointError> = new Map(
  [
    DataJointError,
    LostConnectionError,
    MissingTableError,
    HeadingNotLoadedError,
    ThreadSafetyError,
    MissingExternalFile,
    BucketInaccessible,
    QueryError,
    QuerySyntaxError,
    AccessError,
    DuplicateError,
    IntegrityError,
    UnknownAttributeError,
    MissingAttributeError,
  ].map((cls) => [cls.name, cls]),
);

/**
 * The DataJoint error class of this name, if there is one.
 * @internal
 */
export function errorClassNamed(name: string): (new (message: string) => DataJointError) | undefined {
  return ERROR_CLASSES.get(name);
}
