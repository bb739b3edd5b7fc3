/**
 * Row types of table definitions, computed by the compiler. A class whose definition keeps
 * its literal type (`static readonly definition = \`...\``) gets rows typed attribute by
 * attribute; any other class gets `Record<string, unknown>` rows, as before.
 *
 * Foreign keys (`-> Parent`) take the parent's primary-key types from {@link TableRegistry},
 * which applications augment with their classes. A parent that is not registered adds its
 * attributes untyped (the row gains a string index signature) instead of failing.
 */
import type { Row } from '../dialects/driver';
import type { NpyRef } from '../codecs/npy/npy-ref';
import type { ObjectRef } from '../codecs/object/object-ref';

/**
 * Table classes by the name definitions reference them with (`-> Subject`). Augment it to
 * type foreign keys:
 *
 * ```ts
 * declare global {
 *   interface DataJointTables { Subject: typeof Subject; Session: typeof Session }
 * }
 * ```
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DataJointTables {}
  /**
   * Value types of codecs by name (`blob` for `<blob>` and `<blob@store>`): what a fetch
   * gives and an insert takes. Codecs not listed give `unknown`. Augment it for a custom
   * codec: `interface DataJointCodecTypes { image: Buffer }`.
   */
  interface DataJointCodecTypes {
    /** `<blob>`, `<blob@store>`: any serialisable value. */
    blob: unknown;
    /** `<attach>`, `<attach@store>`: the path of the file (inserted from, fetched to). */
    attach: string;
    /** `<hash@store>`: the stored bytes. */
    hash: Buffer;
    /** `<object@store>`: a reference to the stored file or folder. */
    object: ObjectRef;
    /** `<filepath@store>`: a reference to the file in the store. */
    filepath: ObjectRef;
    /** `<npy@store>`: a reference to the stored array. */
    npy: NpyRef;
  }
}

/** The registry of referenced tables (see {@link DataJointTables}). */
export type TableRegistry = DataJointTables;

/** One parsed attribute: its name, value type, whether it is in the primary key and whether insert may leave it out. */
interface Attr<N extends string = string, T = unknown, InKey extends boolean = boolean, Optional extends boolean = boolean> {
  name: N;
  type: T;
  key: InKey;
  optional: Optional;
}

type Space = ' ' | '\t' | '\r';
type TrimLeft<S extends string> = S extends `${Space}${infer R}` ? TrimLeft<R> : S;
type TrimRight<S extends string> = S extends `${infer R}${Space}` ? TrimRight<R> : S;
type Trim<S extends string> = TrimLeft<TrimRight<S>>;

/** The part of a line before its comment (`#` outside quotes is rare enough before the type to cut at the first). */
type Uncommented<S extends string> = S extends `${infer Before}#${string}` ? Before : S;

/** Values of `enum('a', 'b')` as a union of literals. */
type EnumValues<S extends string, Acc = never> = TrimLeft<S> extends `'${infer V}'${infer Rest}`
  ? EnumRest<Rest, Acc | V>
  : TrimLeft<S> extends `"${infer V}"${infer Rest}`
    ? EnumRest<Rest, Acc | V>
    : Acc;
type EnumRest<S extends string, Acc> = TrimLeft<S> extends `,${infer Rest}` ? EnumValues<Rest, Acc> : Acc;

type NumberType =
  | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32' | 'float32' | 'float64'
  | 'tinyint' | 'smallint' | 'mediumint' | 'int' | 'integer' | 'float' | 'double' | 'real' | 'year';
type BigIntType = 'int64' | 'uint64' | 'bigint' | 'serial';
type StringType = 'decimal' | 'numeric' | 'time' | 'char' | 'varchar' | 'uuid' | 'text' | 'tinytext' | 'mediumtext' | 'longtext';
type DateType = 'date' | 'datetime' | 'timestamp';
type BytesType = 'bytes' | 'binary' | 'varbinary' | 'blob' | 'tinyblob' | 'mediumblob' | 'longblob' | 'bytea';

/** The first word of a type (`varchar(32)` → `varchar`, `int unsigned` → `int`). */
type TypeWord<T extends string> = T extends `${infer W}(${string}` ? TypeWord<W> : T extends `${infer W} ${string}` ? W : T;

/** The JavaScript type of a DataJoint type, as the README's value table lists them. */
export type ValueOfType<T extends string> =
  T extends `<${infer Codec}>`
    ? CodecValue<Codec extends `${infer Name}@${string}` ? Name : Codec>
    : Lowercase<TypeWord<T>> extends infer W
      ? W extends 'enum'
        ? EnumValues<T extends `${string}(${infer V})${string}` ? V : ''>
        : W extends NumberType ? number
        : W extends BigIntType ? bigint
        : W extends StringType ? string
        : W extends DateType ? Date
        : W extends 'bool' | 'boolean' ? boolean
        : W extends BytesType ? Buffer
        : unknown
      : unknown;

type CodecValue<Name extends string> = Name extends keyof DataJointCodecTypes ? DataJointCodecTypes[Name] : unknown;

/** Whether a type's declaration lets insert leave the attribute out (`auto_increment`, `serial`). */
type Generated<T extends string> = Lowercase<T> extends `${string}auto_increment${string}` | `serial${string}` ? true : false;

/** One attribute line `name [= default] : type`. */
type AttributeLine<L extends string, InKey extends boolean> =
  L extends `${infer Name}=${infer Rest}`
    ? Name extends `${string}:${string}`
      ? PlainAttribute<L, InKey>
      : DefaultedAttribute<Trim<Name>, Trim<Rest>, InKey>
    : PlainAttribute<L, InKey>;

type PlainAttribute<L extends string, InKey extends boolean> = L extends `${infer Name}:${infer Type}`
  ? Attr<Trim<Name>, ValueOfType<Trim<Type>>, InKey, Generated<Trim<Type>>>
  : never;

/** `default : type`, the default possibly quoted (and so possibly holding a colon). */
type DefaultedAttribute<Name extends string, Rest extends string, InKey extends boolean> =
  Rest extends `'${string}'${infer After}` | `"${string}"${infer After}`
    ? TypeAfterColon<After> extends infer T extends string ? Attr<Name, ValueOfType<T>, InKey, true> : never
    : Rest extends `${infer Default}:${infer Type}`
      ? Attr<Name, ValueOfType<Trim<Type>> | (Lowercase<Trim<Default>> extends 'null' ? null : never), InKey, true>
      : never;
type TypeAfterColon<S extends string> = S extends `${string}:${infer T}` ? Trim<T> : never;

/** Attributes of a foreign key line's text after `->`. */
type ForeignKeyLine<L extends string, InKey extends boolean> =
  TrimLeft<L> extends `[${infer Options}]${infer Ref}`
    ? Lowercase<Options> extends `${string}nullable${string}`
      ? Referenced<Trim<Ref>, InKey, true>
      : Referenced<Trim<Ref>, InKey, false>
    : Referenced<Trim<L>, InKey, false>;

/** `Parent` or `Parent.proj(new='old', ...)`; `Module.Parent` takes the last name. */
type Referenced<Ref extends string, InKey extends boolean, Nullable extends boolean> =
  Ref extends `${infer Target}.proj(${infer Renames})${string}`
    ? ParentAttributes<ClassNamed<Target>, RenameMap<Renames>, InKey, Nullable>
    : ParentAttributes<ClassNamed<Ref>, never, InKey, Nullable>;

/** The registered class a reference names, or `unknown`. */
type ClassNamed<Ref extends string> = Ref extends keyof DataJointTables
  ? DataJointTables[Ref]
  : Ref extends `${string}.${infer Last}`
    ? ClassNamed<Last>
    : unknown;

/** `a='b', c="d"` as a union of `[new, old]` pairs. */
type RenameMap<S extends string> = S extends `${infer One},${infer Rest}` ? RenamePair<One> | RenameMap<Rest> : RenamePair<S>;
type RenamePair<S extends string> = S extends `${infer New}=${infer Old}` ? [Trim<New>, Unquoted<Trim<Old>>] : never;
type Unquoted<S extends string> = S extends `'${infer V}'` | `"${infer V}"` ? V : S;

/** The parent's primary-key attributes, renamed as the projection says (read from its definition directly, which keeps long chains of foreign keys shallow for the compiler). */
type ParentAttributes<Parent, Renames extends [string, string], InKey extends boolean, Nullable extends boolean> = unknown extends Parent
  ? Attr<string, unknown, InKey, true>
  : DefinitionOf<Parent> extends infer D extends string
    ? string extends D
      ? Attr<string, unknown, InKey, true>
      : RenamedAttribute<Extract<DefinitionAttributes<D>, { key: true }>, Renames, InKey, Nullable>
    : never;

type RenamedAttribute<A, Renames extends [string, string], InKey extends boolean, Nullable extends boolean> =
  A extends Attr<infer N, infer T>
    ? Attr<[Extract<Renames, [string, N]>] extends [never] ? N : Extract<Renames, [string, N]>[0], Nullable extends true ? T | null : T, InKey, Nullable>
    : never;

/** Attributes of one definition line (trimmed, comment removed), given whether it is above `---`. */
type LineAttributes<L extends string, InKey extends boolean> = L extends ''
  ? never
  : L extends `->${infer Ref}`
    ? ForeignKeyLine<Ref, InKey>
    : Lowercase<L> extends `index${string}(${string}` | `unique${string}index${string}(${string}`
      ? never
      : AttributeLine<L, InKey>;

/** A line without its comment and surrounding blanks. */
type Clean<Line extends string> = Trim<Uncommented<Line>>;

/** Every attribute of a definition, line by line (tail-recursive, so long definitions stay cheap). */
type DefinitionAttributes<D extends string, InKey extends boolean = true, Acc = never> =
  D extends `${infer Line}\n${infer Rest}`
    ? Clean<Line> extends `---${string}` | `___${string}`
      ? DefinitionAttributes<Rest, false, Acc>
      : DefinitionAttributes<Rest, InKey, Acc | LineAttributes<Clean<Line>, InKey>>
    : Clean<D> extends `---${string}` | `___${string}`
      ? Acc
      : Acc | LineAttributes<Clean<D>, InKey>;

/** Flattens an intersection into one object type (for readable hovers and exact comparisons). */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RowOfAttributes<A extends Attr> = Simplify<{ [E in A as E['name']]: E['type'] }>;

/** The row type of a definition text; `Row` for a text the compiler does not know. */
export type RowOfDefinition<D extends string> = string extends D ? Row : RowOfAttributes<DefinitionAttributes<D>>;

/** The primary-key names of a definition text; `string` for a text the compiler does not know. */
export type KeyNamesOfDefinition<D extends string> = string extends D
  ? string
  : Extract<DefinitionAttributes<D>, { key: true }>['name'];

/** Names insert may leave out: defaults, `= null`, `auto_increment`, nullable foreign keys. */
export type OptionalNamesOfDefinition<D extends string> = string extends D
  ? string
  : Extract<DefinitionAttributes<D>, { optional: true }>['name'];

/** The definition text of a class (`string` when it declares none or a widened one). */
export type DefinitionOf<C> = C extends { readonly definition: infer D extends string } ? D : string;

/** The row type of a table class. */
export type RowOfClass<C> = RowOfDefinition<DefinitionOf<C>>;

/** The key names of a table class. */
export type KeyNamesOfClass<C> = KeyNamesOfDefinition<DefinitionOf<C>> & keyof RowOfClass<C>;

/** The primary-key type of a table class. */
export type KeyOfClass<C> = unknown extends C ? Row : Pick<RowOfClass<C>, KeyNamesOfClass<C>>;

/** What `insert1` accepts for a row type: required attributes, and optional ones that have defaults. */
export type InsertRowOf<R, Optional extends PropertyKey> = string extends keyof R
  ? Readonly<Record<string, unknown>>
  : Simplify<{ readonly [A in Exclude<keyof R, Optional>]: InsertValue<R[A]> } & { readonly [A in Extract<keyof R, Optional>]?: InsertValue<R[A]> | null }>;

/** What insert takes for a fetched value type: dates also as text, 64-bit integers also as numbers, store references as their codec's input. */
export type InsertValue<T> = T extends Date
  ? Date | string
  : T extends bigint
    ? bigint | number
    : T extends ObjectRef | NpyRef
      ? unknown // a store reference is fetched; insert takes what its codec encodes (a path, an array, …)
      : T;
