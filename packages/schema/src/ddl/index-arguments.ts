import type { Adapter } from '@dj/core/internal';

/** An index argument in SQL: attribute names quoted, expressions as written. */
export function indexArgumentSql(adapter: Adapter, arg: string): string {
  return /^[a-z_][a-z0-9_]*$/i.test(arg) ? adapter.quoteIdentifier(arg) : arg;
}
