import type { ValueKind } from '../types/value-kind';

/**
 * One attribute of a heading: a column of a table, or a column of a query result
 * (renamed or computed by `proj`, aggregated by `aggr`).
 */
export interface Attribute {
  /** Attribute name. */
  readonly name: string;
  /**
   * DataJoint type: the declared type (`int32`, `varchar(64)`, `<blob>`, …) when the column
   * records one, the referenced attribute's type for foreign-key columns, else the
   * normalised SQL type (`int unsigned`, `longtext`, …).
   */
  readonly type: string;
  /** The SQL type of the column, normalised (`int`, `varchar(64)`, `decimal(5,2)`, …). */
  readonly sqlType: string;
  /**
   * The column type exactly as the catalog reports it (`int(11)`, `dj.enum_1a2b3c4d`), valid
   * SQL on its backend; `null` for computed attributes of queries.
   */
  readonly columnType: string | null;
  /** How values travel between JavaScript and SQL. */
  readonly kind: ValueKind;
  /** The codec spec (`<blob>`, `<blob@store>`) of a codec attribute, else `null`. */
  readonly codec: string | null;
  /** Part of the primary key. */
  readonly inKey: boolean;
  readonly nullable: boolean;
  /**
   * Default as DataJoint shows it: `null` when there is none, `'null'` for nullable
   * attributes, `"text"` (double-quoted) for strings, bare for numbers and `CURRENT_TIMESTAMP`.
   */
  readonly default: string | null;
  /** The user's comment (the type marker removed). */
  readonly comment: string;
  readonly autoIncrement: boolean;
  /** Hidden attributes (name starting with `_`) never appear in headings, fetches or joins. */
  readonly hidden: boolean;
  /** Origin of the attribute's values, `schema.table.attribute`, from `~lineage`; `null` when unknown. */
  readonly lineage: string | null;
  /** Values of an enum attribute. */
  readonly enumValues: readonly string[] | null;
  /** SQL expression of a renamed or computed attribute of a query; `null` for a plain column. */
  readonly expression: string | null;
}

/** Attribute kinds whose values cannot be compared or keyed (not allowed in primary keys). */
export function isBlobLike(attribute: Attribute): boolean {
  return attribute.kind === 'bytes' || attribute.kind === 'json' || attribute.codec !== null;
}
