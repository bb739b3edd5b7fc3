/**
 * The auto-populated class `dj populate --module <file> --table <Class>` runs: exported by a
 * compiled (CommonJS) module, bound to a schema the module activated, or to a deferred
 * template schema that `--schema` names on the command line's Instance.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataJointError, type Connection, type Restriction } from '@dj/core';
import { AutoPopulated, Schema, type TableClass } from '@dj/schema';
import { bindingOf } from '@dj/schema/internal';

/** An auto-populated table class, as `populate`, `progress` and `jobs` are called on it. */
export type PopulatedClass = typeof AutoPopulated & TableClass;

function isPopulatedClass(value: unknown): value is PopulatedClass {
  return typeof value === 'function' && value.prototype instanceof AutoPopulated && bindingOf(value) !== undefined;
}

/** The exported value named `name`: an export, or a property of an exported object (a virtual module, a namespace). */
function exported(moduleExports: Record<string, unknown>, name: string): unknown {
  if (name in moduleExports) return moduleExports[name];
  for (const value of Object.values(moduleExports)) {
    if (value !== null && typeof value === 'object' && name in value) return (value as Record<string, unknown>)[name];
  }
  return undefined;
}

/**
 * Loads `file` and returns its class `className`.
 * @throws DataJointError when the file, the class, or an auto-populated table class is missing.
 */
export function loadPopulatedClass(file: string, className: string): PopulatedClass {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) throw new DataJointError(`Module not found: ${file}`);
  const moduleExports = require(resolved) as Record<string, unknown>;
  const value = exported(moduleExports, className) ?? exported((moduleExports.default ?? {}) as Record<string, unknown>, className);
  if (value === undefined) throw new DataJointError(`${file} exports no class ${className}.`);
  if (!isPopulatedClass(value)) {
    throw new DataJointError(`${className} of ${file} is not a dj.Computed or dj.Imported class bound to a schema.`);
  }
  return value;
}

/** The class to populate: itself when its schema is activated, else its copy on `instance` under `schemaName`. */
export function boundClass(cls: PopulatedClass, connect: () => { readonly connection: Connection }, schemaName: string | undefined): PopulatedClass {
  const schema = bindingOf(cls)!.schema;
  if (schema.isActivated) return cls;
  if (!(schema instanceof Schema) || schemaName === undefined) {
    throw new DataJointError(`${cls.name} is bound to a schema without a name: pass --schema <name> to populate it there.`);
  }
  return schema.on(connect(), schemaName).get(cls);
}

/** `--restriction`: JSON (an object, or an array of objects for OR) or an SQL condition. */
export function parseRestriction(text: string): Restriction {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as Restriction;
  } catch (err) {
    throw new DataJointError(`--restriction is neither valid JSON nor an SQL condition: ${(err as Error).message}`);
  }
}
