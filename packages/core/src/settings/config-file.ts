/**
 * Finding and reading `datajoint.json` (spec-core §1.3). The file may mix nested groups
 * (`{"database": {"host": "h"}}`), dotted keys (`{"database.host": "h"}`) and stores
 * (`{"stores": {"main": {...}}}` or `{"stores.main.location": "..."}`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataJointError } from '../errors';
import { GROUP_KEYS, SPEC_BY_KEY } from './setting-specs';
import type { GroupName } from './settings';

/** Name of the configuration file. */
export const CONFIG_FILENAME = 'datajoint.json';

/**
 * Searches `datajoint.json` in `start` and each parent folder. The search stops after a
 * folder that holds `.git` or `.hg` (the project root), or at the filesystem root.
 */
export function findConfigFile(start: string = process.cwd()): string | null {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILENAME);
    if (isFile(candidate)) return candidate;
    if (fs.existsSync(path.join(dir, '.git')) || fs.existsSync(path.join(dir, '.hg'))) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What a configuration file asks for, before validation. */
export interface ConfigFileContents {
  /** Dotted setting keys (`stores` excluded) and their raw values. */
  readonly settings: Array<[string, unknown]>;
  /** Store entries: each replaces the whole named entry of `stores`. */
  readonly stores: Array<[string, unknown]>;
  /** Single store attributes from `stores.<name>.<attr>` keys. */
  readonly storeAttributes: Array<[string, string, unknown]>;
  /** Keys this implementation does not know (ignored, as datajoint-python does). */
  readonly unknown: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sorts the entries of a parsed `datajoint.json` object into settings, stores and unknown keys. */
export function interpretConfigObject(data: unknown, source: string): ConfigFileContents {
  if (!isPlainObject(data)) {
    throw new DataJointError(`Configuration in ${source} must be a JSON object.`);
  }
  const contents: ConfigFileContents = { settings: [], stores: [], storeAttributes: [], unknown: [] };
  for (const [key, value] of Object.entries(data)) {
    if (key === 'stores' && isPlainObject(value)) {
      contents.stores.push(...Object.entries(value));
      continue;
    }
    if (GROUP_KEYS.has(key as GroupName) && isPlainObject(value)) {
      for (const [attr, nested] of Object.entries(value)) {
        const dotted = `${key}.${attr}`;
        if (SPEC_BY_KEY.has(dotted)) contents.settings.push([dotted, nested]);
        else contents.unknown.push(dotted);
      }
      continue;
    }
    const parts = key.split('.');
    if (parts.length === 3 && parts[0] === 'stores') {
      contents.storeAttributes.push([parts[1]!, parts[2]!, value]);
    } else if (SPEC_BY_KEY.has(key) && key !== 'stores') {
      contents.settings.push([key, value]);
    } else {
      contents.unknown.push(key);
    }
  }
  return contents;
}

/** Reads and sorts a configuration file; throws DataJointError when it is missing or not JSON. */
export function readConfigFile(file: string): ConfigFileContents {
  if (!isFile(file)) throw new DataJointError(`Config file not found: ${file}`);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataJointError(`Config file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return interpretConfigObject(data, file);
}
