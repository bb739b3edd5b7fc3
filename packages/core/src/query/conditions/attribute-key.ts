/**
 * Resolving the keys of a restriction object against a heading. A key is an attribute
 * name, or a JSON path into a `json` attribute (`attr.key[0]:type`). Keys that name no
 * attribute are ignored, as DataJoint does; a key that starts with an attribute's name
 * and then leaves the JSON path grammar is refused, so that no part of it reaches SQL.
 */
import { DataJointError } from '../../errors';
import type { Heading } from '../../heading/heading';
import { JSON_CAST_NAMES, jsonKeyAttribute, parseJsonPathKey, type JsonCast, type JsonPathStep } from '../../types/json-path';

/** What a key of a restriction object refers to. */
export interface ResolvedKey {
  readonly name: string;
  /** The JSON path into the attribute, or `null` for the attribute itself. */
  readonly path: readonly JsonPathStep[] | null;
  readonly cast: JsonCast | null;
}

function shown(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key);
}

/**
 * The attribute (and JSON path) `key` names in `heading`, or `null` when it names none.
 * @throws DataJointError when `key` starts with an attribute's name but is not a valid JSON path key.
 */
export function resolveAttributeKey(heading: Heading, key: string, description: string): ResolvedKey | null {
  if (heading.has(key)) return { name: key, path: null, cast: null };
  const name = jsonKeyAttribute(key);
  if (name === null || !heading.has(name)) return null;
  const parsed = parseJsonPathKey(key);
  if (!parsed) {
    throw new DataJointError(
      `Invalid restriction key ${shown(key)} on ${description}: a JSON path key is \`attribute.key.key[index]\` ` +
        `with keys of letters, digits and underscores, optionally followed by \`:type\` where type is one of ` +
        `${JSON_CAST_NAMES.join(', ')}.`,
    );
  }
  if (parsed.path !== null && heading.get(name).kind !== 'json') {
    throw new DataJointError(`Invalid restriction key ${shown(key)} on ${description}: \`${name}\` is not a json attribute.`);
  }
  return { name, path: parsed.path, cast: parsed.cast };
}
