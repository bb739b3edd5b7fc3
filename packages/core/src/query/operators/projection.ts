/**
 * Projection (spec-query §6): keeping, dropping, renaming, duplicating and computing
 * attributes. The primary key is always kept (renamed key attributes stay in the key).
 */
import type { Adapter } from '../../dialects/adapter';
import { DataJointError } from '../../errors';
import { newAttributes, selectHeading } from '../../heading/heading-algebra';
import { extractColumnNames } from '../conditions/column-names';
import { parseJsonPathKey } from '../../types/json-path';
import { userSqlExpression } from '../user-sql';
import type { QueryState } from '../query-state';
import { wrapState } from './subquery';

/** Named attributes of a projection: `{ newName: 'old' }` renames, `{ dup: '(old)' }` duplicates, `{ c: 'a + b' }` computes. */
export type NamedAttributes = Readonly<Record<string, string>>;

/** A projection: attribute names (`'...'` for all, `'-attr'` to drop) and named attributes. */
export interface ProjectionSpec {
  readonly names: readonly string[];
  readonly named: NamedAttributes;
}

/** Splits `proj()` arguments into names and named attributes. */
export function parseProjection(args: ReadonlyArray<string | NamedAttributes>): ProjectionSpec {
  const names: string[] = [];
  const named: Record<string, string> = {};
  for (const arg of args) {
    if (typeof arg === 'string') names.push(arg);
    else if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
      for (const [name, value] of Object.entries(arg)) {
        if (typeof value !== 'string') {
          throw new DataJointError(`The value of named attribute \`${name}\` in .proj must be a string (an attribute name or an SQL expression).`);
        }
        if (name in named) throw new DataJointError(`Attribute \`${name}\` already exists`);
        named[name] = value;
      }
    } else {
      throw new DataJointError(`${String(arg)} is not a valid data type for an attribute in .proj`);
    }
  }
  return { names, named };
}

/** SQL constants that look like names but are values. */
const CONSTANTS = new Set(['null', 'true', 'false', 'current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp']);
const RENAME = /^\s*([A-Za-z_]\w*)\s*$/;
const DUPLICATE = /^\s*\(\s*([A-Za-z_]\w*)\s*\)\s*$/;

/** The SQL of `source` when it is a JSON path into a json attribute of the input (`doc.key[0]:int`). */
function jsonPathSql(adapter: Adapter, input: QueryState, source: string): string | null {
  const key = parseJsonPathKey(source);
  if (!key?.path) return null;
  const attribute = input.heading.find(key.attribute);
  if (attribute?.kind !== 'json') return null;
  return adapter.jsonPathExpression(attribute.expression ?? adapter.quoteIdentifier(key.attribute), key.path, key.cast);
}

/**
 * The projected state. Renamed or duplicated sources and the attributes computed
 * expressions use must exist; the input is read as a derived table when an expression
 * refers to an attribute that is itself renamed or computed. An aggregation being built
 * projects its grouped rows in place (`inPlace`): its computations are the aggregates.
 */
export function projectState(adapter: Adapter, input: QueryState, spec: ProjectionSpec, inPlace = false): QueryState {
  const heading = input.heading;
  const rename = new Map<string, string>();
  const duplicate = new Map<string, string>();
  const compute = new Map<string, string>();
  for (const [name, raw] of Object.entries(spec.named)) {
    const value = jsonPathSql(adapter, input, raw.trim()) ?? raw;
    const renamed = RENAME.exec(value);
    const duplicated = DUPLICATE.exec(value);
    const source = renamed?.[1] ?? duplicated?.[1];
    if (source !== undefined && !CONSTANTS.has(source.toLowerCase())) {
      if (!heading.has(source)) throw new DataJointError(`Attribute \`${source}\` not found.`);
      (renamed ? rename : duplicate).set(name, source);
    } else {
      compute.set(name, value);
    }
  }

  const keep = new Set<string>();
  const renamedSources = new Set(rename.values());
  for (const k of heading.primaryKey) if (!renamedSources.has(k)) keep.add(k);
  const excluded = new Set<string>();
  for (const item of spec.names) {
    const trimmed = item.trim();
    if (trimmed === '...') {
      for (const a of heading.secondaryAttributes) if (!renamedSources.has(a)) keep.add(a);
    } else if (trimmed.startsWith('-')) {
      excluded.add(trimmed.slice(1).trim());
    } else {
      keep.add(trimmed);
    }
  }
  for (const name of excluded) {
    if (heading.primaryKey.includes(name)) throw new DataJointError(`Cannot exclude primary key attribute ${name}`);
    keep.delete(name);
  }
  for (const name of keep) {
    if (!heading.has(name)) throw new DataJointError(`Attribute \`${name}\` not found.`);
  }
  const groups = [rename, compute, duplicate];
  groups.forEach((group, i) => {
    for (const name of group.keys()) {
      if (keep.has(name) || groups.some((other, j) => j !== i && other.has(name))) {
        throw new DataJointError(`Attribute \`${name}\` already exists`);
      }
    }
  });

  // Expressions read the attributes of the input; those must be plain columns there.
  const read = new Set<string>([...rename.values(), ...duplicate.values()]);
  for (const expression of compute.values()) for (const name of extractColumnNames(expression, adapter.family)) read.add(name);
  const derived = new Set(newAttributes(heading));
  let needsDerivedTable = [...read].some((name) => derived.has(name));
  // A new name the WHERE clause or the ordering already uses would change what they mean.
  const rebound = [...rename.keys(), ...compute.keys(), ...duplicate.keys()];
  if (rebound.some((name) => input.restrictionAttributes.has(name))) needsDerivedTable = true;
  if (input.top && rebound.length > 0) needsDerivedTable = true;
  const base = needsDerivedTable && !inPlace ? wrapState(input) : input;

  const computed = new Map(
    [...compute].map(([name, expression]) => [name, userSqlExpression(adapter.translateExpression(expression), adapter.family, `computed attribute \`${name}\``)]),
  );
  const selection = { keep, rename: new Map([...rename, ...duplicate]), compute: computed };
  return { ...base, heading: selectHeading(base.heading, selection, (n) => adapter.quoteIdentifier(n)) };
}
