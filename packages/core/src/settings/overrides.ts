/**
 * Turning overrides (`{ safemode: false, database__reconnect: false, display: { limit: 5 } }`)
 * into dotted setting keys.
 */
import { GROUP_KEYS } from './setting-specs';
import type { GroupName } from './settings';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Flattens overrides into `[dottedKey, value, written]` triples: `a__b` becomes `a.b`, and a
 * nested group object becomes one triple per entry. `written` names the override as the
 * caller wrote it (`a__b`; `a.b` for `{ a: { b } }`), for error messages. Keys are not
 * checked here; setting them is.
 */
export function flattenOverrides(overrides: Record<string, unknown>): Array<[key: string, value: unknown, written: string]> {
  const pairs: Array<[string, unknown, string]> = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (key.includes('__')) {
      pairs.push([key.split('__').join('.'), value, key]);
    } else if (GROUP_KEYS.has(key as GroupName) && isPlainObject(value)) {
      for (const [attr, nested] of Object.entries(value)) {
        if (nested !== undefined) pairs.push([`${key}.${attr}`, nested, `${key}.${attr}`]);
      }
    } else {
      pairs.push([key, value, key]);
    }
  }
  return pairs;
}
