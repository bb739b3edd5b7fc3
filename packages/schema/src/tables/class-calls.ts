/**
 * Class-level calls: every public method of a table is also callable on its class
 * (`Student.toDicts()`), acting on the class's one instance. One list names the methods,
 * one loop installs them, and one mapped type types them from the instance methods, with
 * rows typed by the class's definition; a public method missing from the list (and from
 * the instance-only list) fails to compile.
 */
import type {
  AggregatedRow,
  FetchColumns,
  FetchName,
  FetchValue,
  FetchValues,
  JoinRowFor,
  LeftJoinedRow,
  ProjectedKey,
  ProjectedRow,
  UnionRow,
  KeyNamesOfClass,
  KeyOfRow,
  OptionalNamesOfDefinition,
  DefinitionOf,
  ProjectionArg,
  RowOfClass,
} from '@dj/core/internal';
import type {
  AggregationOptions,
  FetchOptions,
  JoinOptions,
  KeyNamesOf,
  QueryExpression,
  QueryLike,
  RestrictOptions,
  RowOf,
  Row,
  ToArraysOptions,
  UniversalSetLike,
} from '@dj/core';
import type { RecordArray } from '@dj/core';
import type { UserTableBase } from './user-table';
import type { Table } from './table';

/**
 * Public methods not called on the class: those acting on one table object's state, and
 * `@internal` ones sibling packages share.
 */
export const INSTANCE_ONLY = ['ready', 'prepare', 'prepareHeading', 'forgetTable', 'resetHeading', 'countSql', 'soleTable'] as const;

/** Public instance methods the class answers, acting on its one instance. */
export const CLASS_CALLS = [
  'restrict',
  'minus',
  'join',
  'extend',
  'proj',
  'aggr',
  'union',
  'compile',
  'sql',
  'preview',
  'toDicts',
  'toArrays',
  'toArrow',
  'keys',
  'fetch1',
  'head',
  'tail',
  'count',
  'exists',
  'insert',
  'insert1',
  'validate',
  'update1',
  'deleteQuick',
  'delete',
  'deletePreview',
  'drop',
  'dropQuick',
  'parents',
  'children',
  'descendants',
  'ancestors',
  'parts',
  'alter',
  'describe',
  'isDeclared',
] as const satisfies ReadonlyArray<PublicMethodName<UserTableBase>>;

/** Names of the public methods of `T`. */
export type PublicMethodName<T> = { [N in keyof T]: T[N] extends (...args: never[]) => unknown ? N : never }[keyof T] & string;

type ClassCallName = (typeof CLASS_CALLS)[number];

/** Compile-time completeness: a public method neither listed nor instance-only is an error here. */
type Unlisted = Exclude<PublicMethodName<UserTableBase>, ClassCallName | (typeof INSTANCE_ONLY)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : { unlisted: Unlisted } = true;
void everyMethodListed;

/** A table class as the `this` of a class-level call. */
export type TableClassLike = abstract new () => UserTableBase;

/** The table of class `C` with its rows typed by `C`'s definition. */
export type TypedTableOf<C> = Table<RowOfClass<C>, KeyNamesOfClass<C>, OptionalNamesOfDefinition<DefinitionOf<C>>>;

/** Methods whose signature does not involve the row: the class takes them exactly as the instance. */
type RowFreeName = Exclude<ClassCallName, RowTypedName>;

/** Methods whose signature involves the row, without type parameters of their own. */
type RowTypedName = 'restrict' | 'minus' | 'toDicts' | 'keys' | 'head' | 'tail' | 'insert' | 'insert1' | 'validate' | 'update1' | GenericRowName;

/** Methods whose signature involves the row and has type parameters of its own: typed in {@link GenericRowCalls}. */
type GenericRowName = 'join' | 'extend' | 'proj' | 'aggr' | 'union' | 'toArrays' | 'fetch1';

type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;
type ResultOf<F> = F extends (...args: never[]) => infer T ? T : never;

/** A row-typed call: the instance method of the class's typed table, with the class as `this`. */
type RowTypedCall<N extends string> = <C extends TableClassLike>(
  this: C,
  ...args: ArgsOf<TypedTableOf<C>[N & keyof TypedTableOf<C>]>
) => ResultOf<TypedTableOf<C>[N & keyof TypedTableOf<C>]>;

/**
 * The class-level calls whose methods have type parameters of their own, which a mapped
 * type cannot carry over: the same signatures as the instance's, with the class as `this`.
 */
export interface GenericRowCalls {
  join<C extends TableClassLike, Q extends QueryLike | UniversalSetLike, O extends JoinOptions = JoinOptions>(
    this: C,
    other: Q,
    options?: O,
  ): QueryExpression<JoinRowFor<RowOfClass<C>, RowOf<Q>, O>, KeyNamesOfClass<C> | KeyNamesOf<Q>>;
  extend<C extends TableClassLike, Q extends QueryLike>(this: C, other: Q, options?: RestrictOptions): QueryExpression<LeftJoinedRow<RowOfClass<C>, RowOf<Q>>, KeyNamesOfClass<C> | KeyNamesOf<Q>>;
  proj<C extends TableClassLike, const A extends ReadonlyArray<ProjectionArg<RowOfClass<C>>>>(
    this: C,
    ...args: A
  ): QueryExpression<ProjectedRow<RowOfClass<C>, KeyNamesOfClass<C>, A>, ProjectedKey<RowOfClass<C>, KeyNamesOfClass<C>, A>>;
  aggr<C extends TableClassLike, const A extends ReadonlyArray<ProjectionArg<RowOfClass<C>> | AggregationOptions>>(
    this: C,
    group: QueryLike,
    ...args: A
  ): QueryExpression<AggregatedRow<RowOfClass<C>, KeyNamesOfClass<C>, Array<Exclude<A[number], AggregationOptions>>>, KeyNamesOfClass<C>>;
  union<C extends TableClassLike, Q extends QueryLike>(this: C, other: Q): QueryExpression<UnionRow<RowOfClass<C>, RowOf<Q>>, KeyNamesOfClass<C>>;
  toArrays<C extends TableClassLike>(this: C, options?: FetchOptions): Promise<RecordArray>;
  toArrays<C extends TableClassLike, const N extends ReadonlyArray<FetchName<RowOfClass<C>>>>(this: C, ...names: N): Promise<FetchColumns<RowOfClass<C>, KeyNamesOfClass<C>, N>>;
  toArrays<C extends TableClassLike, const N extends ReadonlyArray<FetchName<RowOfClass<C>>>, const O extends ToArraysOptions>(
    this: C,
    ...args: [...names: N, options: O]
  ): Promise<
    O['includeKey'] extends true
      ? [Array<KeyOfRow<RowOfClass<C>, KeyNamesOfClass<C>>>, ...FetchColumns<RowOfClass<C>, KeyNamesOfClass<C>, N>]
      : FetchColumns<RowOfClass<C>, KeyNamesOfClass<C>, N>
  >;
  fetch1<C extends TableClassLike>(this: C): Promise<RowOfClass<C>>;
  fetch1<C extends TableClassLike, N extends FetchName<RowOfClass<C>>>(this: C, name: N): Promise<FetchValue<RowOfClass<C>, KeyNamesOfClass<C>, N>>;
  fetch1<C extends TableClassLike, const N extends ReadonlyArray<FetchName<RowOfClass<C>>>>(this: C, ...names: N): Promise<FetchValues<RowOfClass<C>, KeyNamesOfClass<C>, N>>;
}

/** Every class-level call, typed. */
export type ClassCalls = { [N in RowFreeName]: UserTableBase[N] } & {
  [N in Exclude<RowTypedName, GenericRowName>]: RowTypedCall<N>;
} & GenericRowCalls & {
  /**
   * `for await (const row of Student)`. TypeScript does not infer the class for iteration,
   * so rows are untyped here; `for await (const row of Student.restrict(...))` types them.
   */
  [Symbol.asyncIterator](): AsyncIterator<Row>;
};

/**
 * Installs the class-level calls on a table base class: each forwards to the instance of
 * the class it is called on (inside `tenant.run()`, the tenant's copy's).
 */
export function withClassCalls<B extends abstract new () => UserTableBase>(base: B): B & ClassCalls {
  forwardClassCalls(base, [...CLASS_CALLS, Symbol.asyncIterator]);
  // forwardClassCalls installed every member of ClassCalls
  return base as B & ClassCalls;
}

/** Installs static methods on `cls` that call the same-named methods of the instance the class is called on. */
export function forwardClassCalls(cls: object, names: ReadonlyArray<string | symbol>): void {
  for (const name of names) {
    Object.defineProperty(cls, name, {
      configurable: true,
      writable: true,
      value: function classCall(this: { instance(): Record<PropertyKey, (...args: unknown[]) => unknown> }, ...args: unknown[]) {
        return this.instance()[name]!(...args);
      },
    });
  }
}
