/**
 * Codecs: attribute types written `<name>` (or `<name@store>`) in definitions, whose values
 * are converted to a storable form on insert and back on fetch. A codec stores its values
 * as another type (its dtype): a core type such as `bytes` or `json`, or another codec.
 */
import type { Config } from '../settings/config';
import type { ValueKind } from '../types/value-kind';

/** A store object a stored value refers to. */
export interface StoreReference {
  /** Path relative to the store's root. */
  readonly path: string;
  /** Store name as recorded (`null`: the default store). */
  readonly store: string | null;
}

/**
 * How the objects a codec writes are laid out in a store, which tells the garbage collector
 * where to look for orphans: `'hash'` (content-addressed, under `hash_prefix`), `'schema'`
 * (schema-addressed, under `schema_prefix`), or `null` (nothing the collector manages).
 */
export type StoreAddressing = 'hash' | 'schema' | null;

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
  /** Value kinds of the primary-key attributes, on insert (tells a date from a datetime). */
  readonly keyKinds?: Readonly<Record<string, ValueKind>>;
  /**
   * On insert: registers how to remove what `encode` wrote to a store, run when the row
   * ends up not inserted (a later value fails, the statement fails, the transaction rolls
   * back, or a duplicate is skipped). Only for objects no other row can share:
   * content-addressed objects are left to garbage collection.
   */
  readonly onDiscard?: (undo: () => Promise<void>) => void;
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

  /**
   * How objects this codec writes to a store are addressed (see {@link StoreAddressing}).
   * A codec that writes its own store objects says so here, so that garbage collection
   * counts them as referenced rather than orphaned.
   */
  get addressing(): StoreAddressing {
    return null;
  }

  /**
   * The store objects a stored value (as read from its column, before decoding) refers to.
   * The default reads DataJoint's references: an object, or JSON text of one, with a `path`
   * and an optional `store`. Override when a codec records references another way.
   */
  referencedPaths(stored: unknown): StoreReference[] {
    let value = stored;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        return [];
      }
    } else if (Buffer.isBuffer(value)) {
      return [];
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    const { path, store } = value as { path?: unknown; store?: unknown };
    if (typeof path !== 'string') return [];
    return [{ path, store: typeof store === 'string' ? store : null }];
  }
}
