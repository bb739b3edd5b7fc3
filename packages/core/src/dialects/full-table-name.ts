import { DataJointError } from '../errors';

/**
 * Splits `schema.table`, `` `schema`.`table` `` or `"schema"."table"` into its parts.
 * Table names may start with `#`, `_` or `~`; neither part may contain a dot or a quote.
 */
export function splitFullTableName(fullName: string): { schema: string; table: string } {
  const match = /^\s*([`"]?)([^`".]+)\1\.([`"]?)([^`"]+)\3\s*$/.exec(fullName);
  if (!match) {
    throw new DataJointError(`Invalid full table name "${fullName}": expected schema.table.`);
  }
  return { schema: match[2]!, table: match[4]! };
}
