/**
 * `validate(rows)`: the checks of `insert` (see `row-reader.ts` and `insert-rows.ts`), every
 * problem collected with its row and attribute, nothing written.
 */
import { DataJointError } from '@dj/core';
import { checkCodecsKnown, checkField, type RowTarget } from './insert-rows';
import { RowReader } from './row-reader';
import { ValidationResult, type ValidationProblem } from './validation-result';

/** Checks every row for insertion into `target`. */
export function validateRows(target: RowTarget, rows: Iterable<unknown>, ignoreExtraFields: boolean): ValidationResult {
  checkCodecsKnown(target.heading);
  const reader = new RowReader(target.heading, ignoreExtraFields);
  const errors: ValidationProblem[] = [];
  let index = 0;
  for (const raw of rows) {
    const { row, problems } = reader.read(raw);
    for (const { attribute, message } of problems) errors.push({ row: index, attribute, message });
    if (row !== null) {
      for (const name of Object.keys(row)) {
        try {
          checkField(target, target.heading.get(name), row[name]);
        } catch (err) {
          if (!(err instanceof DataJointError)) throw err;
          errors.push({ row: index, attribute: name, message: err.message });
        }
      }
    }
    index += 1;
  }
  return new ValidationResult(errors, index);
}
