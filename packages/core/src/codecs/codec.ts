/**
 * Codecs: attribute types written `<name>` (or `<name@store>`) in definitions, whose values
 * are converted to a storable form on insert and back on fetch. A codec stores its values
 * as another type (its dtype): a core type such as `bytes` or `json`, or another codec.
 */
import type { Config } from '../settings/config';

/** What a codec is told about the value it encodes or decodes. */
export interface CodecContext {
  /** The settings of the connection doing the work. */
  readonly config: Config;
  /** Schema (database) of the table, on insert. */
  readonly schema?: string;
  /** Table name (with tier prefix), on insert. */
  readonly table?: string;
  /** Attribute name, on insert. */
  readonly field?: string;
  /** Primary-key values of the row, on insert. */
  readonly key?: Readonly<Record<string, unknown>>;
  /** Store name from `<name@store>` (`''` for the default store), or `null` for none. */
  readonly store?: string | null;
}

/**
 * A codec. Subclass it, give it a `name`, and register an instance with
 * {@link registerCodec}; definitions can then declare attributes of type `<name>`.
 */
export abstract class Codec<TValue = unknown, TStored = unknown> {
  /** The name used in definitions: `<name>`. */
  abstract readonly name: string;

  /**
   * The type values are stored as: a core type (`bytes`, `json`, `varchar(255)`, …) or
   * another codec (`<hash>`). `inStore` tells whether the attribute names a store (`<x@s>`).
   */
  abstract dtype(inStore: boolean): string;

  /** Converts a value into its stored form. */
  abstract encode(value: TValue, context: CodecContext): TStored | Promise<TStored>;

  /** Converts a stored form back into a value. */
  abstract decode(stored: TStored, context: CodecContext): TValue | Promise<TValue>;

  /** Throws when a value cannot be encoded (called before anything is sent). */
  validate(_value: unknown): void {}
}
