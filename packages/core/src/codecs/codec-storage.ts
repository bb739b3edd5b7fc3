/**
 * The type a codec attribute is stored as. Registered codecs say it themselves; the
 * built-in codecs of DataJoint are known here too, so that tables using them can be
 * declared and read (their columns recorded as datajoint-python records them) whether or
 * not the codec's implementation is registered in this process.
 */
import { DataJointError } from '../errors';
import { findCodec, parseCodecSpec, resolveCodecChain } from './codec-registry';

const STORE_ONLY_MESSAGES: Readonly<Record<string, string>> = {
  hash: '<hash> requires @ (in-store storage only)',
  object: '<object> requires @ (store only)',
  npy: '<npy> requires @ (store only)',
  filepath: '<filepath> requires @ symbol. Use <filepath@> for default store or <filepath@store> to specify store.',
};

/** Stored type of a built-in codec, or `undefined` for other names. */
function builtinStoredType(name: string, store: string | null): string | undefined {
  switch (name) {
    case 'blob':
    case 'attach':
      return store === null ? 'bytes' : 'json';
    case 'hash':
    case 'object':
    case 'npy':
    case 'filepath':
      if (store === null) throw new DataJointError(STORE_ONLY_MESSAGES[name]!);
      return 'json';
    default:
      return undefined;
  }
}

/**
 * The core type values of a codec attribute (`<blob>`, `<attach@store>`, …) are stored as.
 * @throws DataJointError for unknown codecs and for store-only codecs written without `@`.
 */
export function storedTypeOf(spec: string): string {
  const { name, store } = parseCodecSpec(spec);
  if (findCodec(spec)) return resolveCodecChain(spec).dtype;
  const builtin = builtinStoredType(name, store);
  if (builtin !== undefined) return builtin;
  throw new DataJointError(`Codec <${name}> is not registered. Define a Codec subclass with name '${name}' and register it.`);
}
