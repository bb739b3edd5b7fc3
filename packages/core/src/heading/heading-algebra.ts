/**
 * Headings derived by the query operators (spec-query §0, §5, §6): joining two headings,
 * selecting / renaming / computing attributes, moving the primary key, and the plain
 * heading of a derived table. Hidden attributes never survive an operator.
 */
import type { Attribute } from './attribute';
import { Heading } from './heading';

/** `A` determines `B`: every primary-key attribute of `B` is an attribute of `A`. */
export function determines(a: Heading, b: Heading): boolean {
  return b.primaryKey.every((name) => a.has(name));
}

function lineageAvailable(...headings: Heading[]): boolean {
  return headings.every((h) => h.lineageAvailable);
}

function withKey(attribute: Attribute, inKey: boolean): Attribute {
  return attribute.inKey === inKey ? attribute : { ...attribute, inKey };
}

/**
 * The heading of `a JOIN b` (J-04): when one side determines the other, its primary key
 * is the result's and its attributes come first; otherwise the primary keys are united.
 * Shared attributes appear once, as the left operand has them.
 */
export function joinHeadings(a: Heading, b: Heading, nullablePrimaryKey = false): Heading {
  const aDeterminesB = !nullablePrimaryKey && determines(a, b);
  const bDeterminesA = !nullablePrimaryKey && determines(b, a);
  let attributes: Attribute[];
  if (aDeterminesB || bDeterminesA) {
    const [first, second] = aDeterminesB ? [a, b] : [b, a];
    attributes = [
      ...first.primaryKey.map((n) => first.get(n)),
      ...first.secondaryAttributes.map((n) => first.get(n)),
      ...second.attributes.filter((attr) => !first.has(attr.name)).map((attr) => withKey(attr, false)),
    ];
  } else {
    const aKey = new Set(a.primaryKey);
    const bKey = new Set(b.primaryKey);
    attributes = [
      ...a.primaryKey.map((n) => a.get(n)),
      ...b.primaryKey.filter((n) => !aKey.has(n)).map((n) => withKey(b.get(n), true)),
      ...a.secondaryAttributes.filter((n) => !bKey.has(n)).map((n) => a.get(n)),
      ...b.secondaryAttributes.filter((n) => !aKey.has(n) && !a.has(n)).map((n) => b.get(n)),
    ];
  }
  return new Heading(attributes, { lineageAvailable: lineageAvailable(a, b) });
}

/** What a projection keeps, renames and computes (names already checked). */
export interface Selection {
  /** Existing attributes kept under their own names. */
  readonly keep: ReadonlySet<string>;
  /** New name → source attribute (renamed or duplicated). */
  readonly rename: ReadonlyMap<string, string>;
  /** New name → SQL expression. */
  readonly compute: ReadonlyMap<string, string>;
}

/** A computed attribute: no declared type; values are decoded by what the server returns. */
export function computedAttribute(name: string, expression: string): Attribute {
  return {
    name,
    type: 'expression',
    sqlType: '',
    columnType: null,
    kind: 'other',
    codec: null,
    inKey: false,
    nullable: true,
    default: null,
    comment: 'calculated attribute',
    autoIncrement: false,
    hidden: false,
    lineage: null,
    enumValues: null,
    expression,
  };
}

/**
 * The heading of a projection (P-04): kept attributes in their order, renamed and
 * duplicated copies at their source's position (keeping its key membership and lineage),
 * computed attributes at the end. `quote` quotes the source of a renamed attribute.
 */
export function selectHeading(heading: Heading, selection: Selection, quote: (name: string) => string): Heading {
  const attributes: Attribute[] = [];
  for (const attribute of heading.attributes) {
    if (selection.keep.has(attribute.name)) attributes.push(attribute);
    for (const [newName, source] of selection.rename) {
      if (source === attribute.name) {
        attributes.push({ ...attribute, name: newName, expression: attribute.expression ?? quote(source), hidden: false });
      }
    }
  }
  for (const [name, expression] of selection.compute) attributes.push(computedAttribute(name, expression));
  return new Heading(attributes, { lineageAvailable: heading.lineageAvailable });
}

/** The same attributes with `primaryKey` (in that order) as the primary key, listed first. */
export function setPrimaryKey(heading: Heading, primaryKey: readonly string[]): Heading {
  const key = new Set(primaryKey);
  return new Heading(
    [...primaryKey.map((n) => withKey(heading.get(n), true)), ...heading.attributes.filter((a) => !key.has(a.name)).map((a) => withKey(a, false))],
    { lineageAvailable: heading.lineageAvailable },
  );
}

/** The heading of a derived table over a query with this heading: every attribute a plain column. */
export function plainHeading(heading: Heading): Heading {
  if (heading.allAttributes.length === heading.attributes.length && heading.attributes.every((a) => a.expression === null)) return heading;
  return new Heading(
    heading.attributes.map((a) => (a.expression === null ? a : { ...a, expression: null })),
    { lineageAvailable: heading.lineageAvailable },
  );
}

/** Names of attributes that are renamed or computed (carry an SQL expression). */
export function newAttributes(heading: Heading): string[] {
  return heading.attributes.filter((a) => a.expression !== null).map((a) => a.name);
}
