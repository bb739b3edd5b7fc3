/**
 * Row types of query results, computed by the compiler from the rows of the operands. Every
 * rule degrades to `Record<string, unknown>` when an operand's row is not known.
 */
import type { Row } from '../dialects/driver';
import type { KeyNamesOfClass, RowOfClass, Simplify } from './definition-row';

/** Type-only key of the row type a query carries: no value exists at run time. */
export declare const ROW_TYPE: unique symbol;

/** Something that carries a row type and key names: a query expression (see `QueryExpression`). */
export interface TypedRows<R extends Row, K extends string> {
  /** Type-only: never set at run time. */
  readonly [ROW_TYPE]: { row: R; key: K };
}

/** The row type of a query or a table class. */
export type RowOf<Q> =
  Q extends TypedRows<infer R extends Row, string> ? R : Q extends { readonly definition: string } ? RowOfClass<Q> : Row;

/** The primary-key names of a query or a table class. */
export type KeyNamesOf<Q> =
  Q extends TypedRows<Row, infer K extends string> ? K : Q extends { readonly definition: string } ? KeyNamesOfClass<Q> : string;

/** Whether a row type is only known as `Record<string, unknown>`. */
export type IsUntyped<R> = string extends keyof R ? true : false;

/** The primary key of a row. */
export type KeyOfRow<R, K extends string> = Simplify<Pick<R, K & keyof R>>;

/** A name `toArrays` and `fetch1` take: an attribute or `'KEY'`. */
export type FetchName<R> = (keyof R & string) | 'KEY';

/** The value a fetched name stands for. */
export type FetchValue<R, K extends string, N> = N extends 'KEY' ? KeyOfRow<R, K> : N extends keyof R ? R[N] : unknown;

/** The values of several names, in order. */
export type FetchValues<R, K extends string, N extends readonly unknown[]> = { -readonly [I in keyof N]: FetchValue<R, K, N[I]> };

/** One array per name, in order. */
export type FetchColumns<R, K extends string, N extends readonly unknown[]> = { -readonly [I in keyof N]: Array<FetchValue<R, K, N[I]>> };

/** What `proj` takes for a row: names (`'...'`, `'-name'`) and objects of renamed or computed attributes. */
export type ProjectionArg<R> = IsUntyped<R> extends true
  ? string | Readonly<Record<string, string>>
  : (keyof R & string) | '...' | `-${keyof R & string}` | Readonly<Record<string, string>>;

/** Source attribute of a renaming (`'old'` or `'(old)'`), or never for an SQL expression. */
type RenamedFrom<R, Expr> = Expr extends keyof R ? Expr : Expr extends `(${infer Inner})` ? (Inner extends keyof R ? Inner : never) : never;

/** Attributes a `proj` keeps by name. */
type KeptNames<R, Names> = '...' extends Names ? Exclude<keyof R, Names extends `-${infer Dropped}` ? Dropped : never> : Extract<Names, keyof R>;

/** Attributes renamed away (`{ new: 'old' }`, not `{ copy: '(old)' }`). */
type MovedNames<R, Objects> = Objects extends object ? { [N in keyof Objects]: Objects[N] extends keyof R ? Objects[N] : never }[keyof Objects] : never;

type MergedObjects<Objects> = [Objects] extends [never] ? unknown : UnionToIntersection<Objects>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Attributes a `proj` or `aggr` computes or renames, typed by their source (`unknown` for SQL). */
type ComputedRow<R, Objects> = { -readonly [N in keyof MergedObjects<Objects>]: RenamedFrom<R, MergedObjects<Objects>[N]> extends infer S ? ([S] extends [never] ? unknown : R[S & keyof R]) : unknown };

/** The row of `proj(...args)`. */
export type ProjectedRow<R, K extends string, Args extends readonly unknown[]> = IsUntyped<R> extends true
  ? Row
  : Simplify<
      Pick<R, Exclude<(K & keyof R) | KeptNames<R, Extract<Args[number], string>>, MovedNames<R, Extract<Args[number], object>>>> &
        ComputedRow<R, Extract<Args[number], object>>
    >;

/** The key of `proj(...args)`: the key attributes, under their new names when renamed. */
export type ProjectedKey<R, K extends string, Args extends readonly unknown[]> = IsUntyped<R> extends true
  ? string
  :
      | Exclude<K, MovedNames<R, Extract<Args[number], object>>>
      | KeysRenamedFrom<K, MergedObjects<Extract<Args[number], object>>>;
type KeysRenamedFrom<K, O> = { [N in keyof O & string]: O[N] extends K ? N : never }[keyof O & string];

/** The row of a join. */
export type JoinedRow<R1, R2> = R1 & R2;

/** The row of a left join (`extend`, `join(other, { left: true })`): the other side's own attributes may be null, for rows it does not match. */
export type LeftJoinedRow<R1, R2> = R1 & { [A in Exclude<keyof R2, keyof R1>]: R2[A] | null };

/** The row of `join(other, options)`: a left join when the options say `left: true`. */
export type JoinRowFor<R1, R2, O> = O extends { readonly left: true } ? LeftJoinedRow<R1, R2> : JoinedRow<R1, R2>;

/** The row of `aggr(group, ...args)`: this row's key, the named attributes and the computed ones. */
export type AggregatedRow<R, K extends string, Args extends readonly unknown[]> = ProjectedRow<R, K, Args>;

/** The row of a union: the attributes of either side. */
export type UnionRow<R1, R2> = R1 | R2;

/** The row of `dj.U(...names)`. */
export type UniversalRow<Names extends string> = string extends Names ? Row : { [N in Names]: unknown };

/** The primary key of a query's or a table class's rows: `make(key: dj.KeyOf<typeof Session>)`. */
export type KeyOf<Q> = KeyOfRow<RowOf<Q>, KeyNamesOf<Q>>;
