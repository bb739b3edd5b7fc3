/**
 * Table names from class names, as datajoint-python forms them: snake_case with `_`
 * before every inner capital (`ProcessedEMG` → `processed_e_m_g`), prefixed by tier.
 */
import { DataJointError } from '../errors';

/** Table tiers and the prefixes of their table names. */
export type Tier = 'manual' | 'lookup' | 'imported' | 'computed' | 'part';

export const TIER_PREFIXES: Readonly<Record<Exclude<Tier, 'part'>, string>> = {
  manual: '',
  lookup: '#',
  imported: '_',
  computed: '__',
};

const BASE = '[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*';
const MASTER = `(?:#|__|_)?${BASE}`;

/** Tier of a table name, or `null` for hidden and foreign tables (`~lineage`, `~~jobs`). */
export function tierOfTableName(tableName: string): Tier | null {
  if (new RegExp(`^${MASTER}__${BASE}$`).test(tableName)) return 'part';
  if (new RegExp(`^#${BASE}$`).test(tableName)) return 'lookup';
  if (new RegExp(`^__${BASE}$`).test(tableName)) return 'computed';
  if (new RegExp(`^_${BASE}$`).test(tableName)) return 'imported';
  if (new RegExp(`^${BASE}$`).test(tableName)) return 'manual';
  return null;
}

/** Splits a part table's name into its master's table name and the part's own name. */
export function splitPartTableName(tableName: string): { master: string; part: string } | null {
  const m = new RegExp(`^(${MASTER})__(${BASE})$`).exec(tableName);
  return m ? { master: m[1]!, part: m[2]! } : null;
}

/** True for `CamelCase` class names (a capital letter, then letters and digits). */
export function isCamelCase(name: string): boolean {
  return /^[A-Z][A-Za-z0-9]*$/.test(name);
}

/**
 * `CamelCase` → `camel_case`, an underscore before every inner capital.
 * Underscores in the class name are dropped (`onUnderscore` is told, to warn).
 * @throws DataJointError for names that are not CamelCase.
 */
export function fromCamelCase(className: string, onUnderscore?: (message: string) => void): string {
  let name = className;
  if (name.includes('_')) {
    onUnderscore?.(`Table class name \`${className}\` contains underscores. CamelCase names without underscores are recommended.`);
    name = name.replace(/_/g, '');
  }
  if (!isCamelCase(name)) {
    throw new DataJointError(
      `Table class name \`${className}\` is invalid. Class names must be in CamelCase, starting with a capital letter.`,
    );
  }
  return name.replace(/[A-Z]/g, (capital, offset: number) => (offset > 0 ? '_' : '') + capital.toLowerCase());
}

/** `snake_case` (tier prefix allowed) → `SnakeCase`: `#lookup_table` → `LookupTable`, `table2_d` → `Table2D`. */
export function toCamelCase(tableName: string): string {
  return tableName.replace(/(?:^|[_\W])+([a-zA-Z])/g, (_m, letter: string) => letter.toUpperCase());
}
