/**
 * Compile-time assertions for the type tests (tsd style): `expectType<T>()(value)` fails to
 * compile unless the value's type is exactly `T`.
 */

/** Whether two types are identical (not merely assignable). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `expectType<Expected>()(value)`: a compile error unless `value` has exactly the type `Expected`. */
export function expectType<Expected>() {
  return <Actual>(value: Actual, ..._mismatch: Equal<Actual, Expected> extends true ? [] : [expected: Expected, actual: Actual]): void => {
    void value;
  };
}
