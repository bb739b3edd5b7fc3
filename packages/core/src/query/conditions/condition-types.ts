/**
 * Restriction wrappers: `AndList` (all conditions must hold), `Not` (negation) and `Top`
 * (order, limit and offset). Plain arrays are OR-lists; objects are attribute equalities;
 * strings are SQL; other query expressions are semijoins.
 */
import { DataJointError } from '../../errors';
import type { SqlFragment } from '../sql-fragment';
import type { Restriction } from '../query-expression';

/** Conditions that must all hold: `q.restrict(dj.AndList([a, b]))` = `q.restrict(a).restrict(b)`. */
export class AndList {
  /** The conditions, nested AndLists flattened. */
  readonly conditions: readonly Restriction[];
  constructor(conditions: Iterable<Restriction>) {
    const flat: Restriction[] = [];
    for (const c of conditions) {
      if (c instanceof AndList) flat.push(...c.conditions);
      else flat.push(c);
    }
    this.conditions = flat;
  }
}

/** The negation of a condition: `q.restrict(dj.Not(c))` = `q.minus(c)`. */
export class Not {
  constructor(
    /** The negated condition. */
    readonly condition: Restriction,
  ) {}
}

/**
 * A condition given as SQL with bound parameters and the attributes it refers to: what
 * the library itself builds (cascades copy and map conditions between tables). User code
 * writes SQL strings or objects instead.
 */
export class SqlCondition {
  constructor(
    /** The condition, with `?` placeholders. */
    readonly fragment: SqlFragment,
    /** Attribute names the condition refers to. */
    readonly attributes: readonly string[],
    /** Whether the condition can be unknown (NULL) for some rows. */
    readonly maybeNull = true,
  ) {}
}

/** `dj.AndList([...])`: the conditions must all hold. */
export function andList(conditions: Iterable<Restriction>): AndList {
  return new AndList(conditions);
}

/** `dj.Not(c)`: the condition must not hold. */
export function not(condition: Restriction): Not {
  return new Not(condition);
}

/** Order, limit and offset applied as a restriction (`ORDER BY … LIMIT … OFFSET …`). */
export class Top {
  readonly orderBy: readonly string[] | null;
  constructor(
    /** Largest number of rows, or `null` for no limit. */
    readonly limit: number | null = 1,
    orderBy: string | readonly string[] | null = 'KEY',
    /** Rows skipped. */
    readonly offset: number = 0,
  ) {
    if (limit !== null && !Number.isInteger(limit)) throw new DataJointError('Top limit must be an integer');
    if (limit !== null && limit < 0) throw new DataJointError(`Top limit must not be negative (got ${limit})`);
    if (!Number.isInteger(offset)) throw new DataJointError('The offset argument must be an integer');
    if (offset < 0) throw new DataJointError(`The offset argument must not be negative (got ${offset})`);
    if (orderBy !== null) {
      const list = typeof orderBy === 'string' ? [orderBy] : orderBy;
      if (!Array.isArray(list) || list.some((o) => typeof o !== 'string')) {
        throw new DataJointError('Top orderBy attributes must all be strings');
      }
      this.orderBy = [...list];
    } else {
      this.orderBy = null;
    }
    if (offset > 0 && limit === null) this.limit = 999999999999;
  }

  /** Combines with a Top that keeps the same order: smaller limit, offsets added. */
  merge(other: Top): Top {
    const limits = [this.limit, other.limit].filter((l): l is number => l !== null);
    const limit = limits.length === 0 ? null : Math.min(...limits);
    return new Top(limit, this.orderBy, this.offset + other.offset);
  }

  toString(): string {
    const order = this.orderBy === null ? 'null' : `[${this.orderBy.map((o) => `'${o}'`).join(', ')}]`;
    return `Top(limit=${this.limit ?? 'null'}, orderBy=${order}, offset=${this.offset})`;
  }
}

/** `dj.Top(limit?, orderBy?, offset?)` */
export function top(limit: number | null = 1, orderBy: string | readonly string[] | null = 'KEY', offset = 0): Top {
  return new Top(limit, orderBy, offset);
}
