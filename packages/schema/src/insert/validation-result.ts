import { DataJointError } from '@dj/core';

/** One problem found by `validate()`. */
export interface ValidationProblem {
  /** Index of the row in the rows given (0-based). */
  readonly row: number;
  /** The attribute or field concerned, or `null` when the problem is the row as a whole. */
  readonly attribute: string | null;
  readonly message: string;
}

/** Problems shown by {@link ValidationResult.summary}, at most. */
const SUMMARY_PROBLEMS = 10;

/**
 * What `T.validate(rows)` found: every problem `insert` would refuse, with its row and
 * attribute, nothing written.
 */
export class ValidationResult {
  constructor(
    /** Every problem, in row order. */
    readonly errors: readonly ValidationProblem[],
    /** How many rows were checked. */
    readonly rowsChecked: number,
  ) {}

  /** Whether every row passed. */
  get isValid(): boolean {
    return this.errors.length === 0;
  }

  /** `Validation passed: N rows checked`, or the count of problems and the first ten. */
  summary(): string {
    if (this.isValid) return `Validation passed: ${this.rowsChecked} rows checked`;
    const lines = [`Validation failed: ${this.errors.length} error(s) in ${this.rowsChecked} rows`];
    for (const { row, attribute, message } of this.errors.slice(0, SUMMARY_PROBLEMS)) {
      lines.push(`  Row ${row}${attribute === null ? '' : ` in field '${attribute}'`}: ${message}`);
    }
    if (this.errors.length > SUMMARY_PROBLEMS) lines.push(`  ... and ${this.errors.length - SUMMARY_PROBLEMS} more errors`);
    return lines.join('\n');
  }

  /** @throws DataJointError with the {@link summary} when any row failed. */
  raiseIfInvalid(): void {
    if (!this.isValid) throw new DataJointError(this.summary());
  }
}
