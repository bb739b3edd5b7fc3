import { inspect } from 'node:util';
import { DataJointError } from '../errors';
import type { IndexInfo } from '../dialects/introspector';
import type { Attribute } from './attribute';

/** Table-level facts a heading carries besides its attributes. */
export interface HeadingInfo {
  /** The table comment, for a table's heading. */
  readonly tableComment?: string;
  /** Whether the schema has a `~lineage` table (semantic matching is checked only then). */
  readonly lineageAvailable?: boolean;
  /** Secondary indexes of the table. */
  readonly indexes?: readonly IndexInfo[];
}

/**
 * The attributes of a table or query result, in order, primary key first. Hidden
 * attributes (names starting with `_`) are kept but left out of every public list.
 */
export class Heading {
  /** Visible attributes, in order. */
  readonly attributes: readonly Attribute[];
  /** Visible attribute names, in order. */
  readonly names: readonly string[];
  /** Primary-key attribute names, in order. */
  readonly primaryKey: readonly string[];
  /** Visible attributes outside the primary key, in order. */
  readonly secondaryAttributes: readonly string[];
  private readonly byName: ReadonlyMap<string, Attribute>;

  constructor(
    /** Every attribute, hidden ones included. */
    readonly allAttributes: readonly Attribute[],
    readonly info: HeadingInfo = {},
  ) {
    // one pass: headings are built for every operator of every query
    const byName = new Map<string, Attribute>();
    const attributes: Attribute[] = [];
    const names: string[] = [];
    const primaryKey: string[] = [];
    const secondaryAttributes: string[] = [];
    for (const attribute of allAttributes) {
      byName.set(attribute.name, attribute);
      if (attribute.hidden) continue;
      attributes.push(attribute);
      names.push(attribute.name);
      (attribute.inKey ? primaryKey : secondaryAttributes).push(attribute.name);
    }
    this.byName = byName;
    this.attributes = attributes;
    this.names = names;
    this.primaryKey = primaryKey;
    this.secondaryAttributes = secondaryAttributes;
  }

  /** The table comment (`''` for query results). */
  get tableComment(): string {
    return this.info.tableComment ?? '';
  }

  /** Whether lineage is known for this heading's schema(s). */
  get lineageAvailable(): boolean {
    return this.info.lineageAvailable ?? false;
  }

  /** Whether a visible attribute has this name. */
  has(name: string): boolean {
    const attribute = this.byName.get(name);
    return attribute !== undefined && !attribute.hidden;
  }

  /**
   * The visible attribute with this name.
   * @throws DataJointError when there is none.
   */
  get(name: string): Attribute {
    const attribute = this.byName.get(name);
    if (!attribute || attribute.hidden) throw new DataJointError(`Attribute \`${name}\` not found.`);
    return attribute;
  }

  /** Any attribute, hidden ones included, or `undefined`. */
  find(name: string): Attribute | undefined {
    return this.byName.get(name);
  }

  /** Whether any attribute is auto-incremented. */
  get hasAutoIncrement(): boolean {
    return this.attributes.some((a) => a.autoIncrement);
  }

  /** `# comment`, then `name : type # comment` per attribute with `---` after the primary key. */
  toString(): string {
    const lines: string[] = [];
    if (this.tableComment) lines.push(`# ${this.tableComment}`);
    let inKey = true;
    for (const a of this.attributes) {
      if (inKey && !a.inKey) {
        lines.push('---');
        inKey = false;
      }
      const name = a.default === null ? a.name : `${a.name}=${a.default}`;
      lines.push(`${name} : ${a.type}${a.comment ? ` # ${a.comment}` : ''}`);
    }
    if (inKey && this.primaryKey.length > 0) lines.push('---');
    return lines.join('\n') + '\n';
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
