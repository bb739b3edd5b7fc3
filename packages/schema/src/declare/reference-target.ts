/**
 * What a foreign key can point at: a table class of this or another schema, a spawned
 * class, or a FreeTable. The declaration needs the target's primary key (names, types,
 * comments) and, at declaration time, its location in the database.
 */
import type { Adapter, AttributeType, ValueKind } from '@dj/core/internal';

/** One primary-key attribute of a referenced table. */
export interface KeyAttribute {
  readonly name: string;
  /** DataJoint type (`int32`, `varchar(16)`, `enum('a','b')`, a native type …). */
  readonly type: string;
  readonly kind: ValueKind;
  /** The user's comment. */
  readonly comment: string;
  readonly enumValues: readonly string[] | null;
  /** The SQL type a referencing column gets on a backend. */
  sqlType(adapter: Adapter): string;
  /** The parsed declared type, when the attribute comes from a definition (for defaults and checks). */
  readonly declaredType: AttributeType | null;
}

/** A table a foreign key refers to. */
export interface ReferenceTarget {
  /** How the target is named in messages. */
  readonly label: string;
  /** The target's primary key if it is known without the database, else `null`. */
  knownKey(): readonly KeyAttribute[] | null;
  /** The target's primary key, reading the database if needed. */
  loadKey(): Promise<readonly KeyAttribute[]>;
  /** Schema and table name; the target's schema must be active. */
  location(): { schema: string; table: string };
  /** Declares the target if it is not in the database yet. */
  ensureDeclared(): Promise<void>;
}
