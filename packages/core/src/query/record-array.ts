import { DataJointError } from '../errors';
import type { Row } from '../dialects/driver';

/**
 * What `toArrays()` with no names resolves to, like datajoint-python's record array: the
 * rows (an array of row objects, usable wherever rows are, as a restriction for one), and
 * one array per attribute: `rows.column('a')`, or all of them as `rows.columns`.
 */
export class RecordArray extends Array<Row> {
  /** `map`, `filter` and the like give plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** The rows of a query result whose attributes are `names` (heading order). */
  static fromRows(names: readonly string[], rows: readonly Row[]): RecordArray {
    const result = new RecordArray();
    for (const row of rows) result.push(row);
    // not enumerable: the array compares and serialises as its rows
    Object.defineProperty(result, 'attributeNames', { value: Object.freeze([...names]), enumerable: false });
    return result;
  }

  private declare readonly attributeNames: readonly string[];

  /** The attribute names, in heading order. */
  get names(): readonly string[] {
    return this.attributeNames ?? [];
  }

  /**
   * The values of one attribute, in row order.
   * @throws DataJointError for a name the result does not have.
   */
  column(name: string): unknown[] {
    if (!this.names.includes(name)) throw new DataJointError(`Attribute \`${name}\` not found.`);
    const values = new Array<unknown>(this.length);
    for (let i = 0; i < this.length; i += 1) values[i] = this[i]![name];
    return values;
  }

  /** One array per attribute, keyed by name in heading order: `const { a, b } = rows.columns`. */
  get columns(): Record<string, unknown[]> {
    return Object.fromEntries(this.names.map((name) => [name, this.column(name)]));
  }
}
