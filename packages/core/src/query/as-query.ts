/**
 * Anything that stands for a query: a query expression itself, or an object (such as a
 * table class) that provides one under {@link AS_QUERY}. Operators accept either.
 */
import type { QueryExpression } from './query-expression';

/** The method through which a table class (or any other object) offers its query expression. */
export const AS_QUERY: unique symbol = Symbol.for('datajoint.asQuery');

/** An object that stands for a query expression. */
export interface QuerySource {
  [AS_QUERY](): QueryExpression;
}

/** Whether `value` offers a query expression through {@link AS_QUERY}. */
export function isQuerySource(value: unknown): value is QuerySource {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && typeof (value as Partial<QuerySource>)[AS_QUERY] === 'function';
}

/** Marks universal sets (`dj.U(...)`), which every restriction treats as "no condition". */
export const UNIVERSAL_SET: unique symbol = Symbol.for('datajoint.universalSet');

/** Whether `value` is a `dj.U(...)`. */
export function isUniversalSet(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [UNIVERSAL_SET]?: unknown })[UNIVERSAL_SET] === true;
}
