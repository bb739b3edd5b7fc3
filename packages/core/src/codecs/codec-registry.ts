/**
 * The codec registry. It is shared by every Instance: codecs are code, not connection
 * state, so registering one affects all connections (as in datajoint-python).
 */
import { DataJointError } from '../errors';
import type { Codec } from './codec';

const registry = new Map<string, Codec>();

/**
 * Registers a codec under its name. Registering the same codec object again is a no-op;
 * another codec with a taken name is an error.
 */
export function registerCodec(codec: Codec): void {
  const name = codec.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new DataJointError(`Codec name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  const existing = registry.get(name);
  if (existing === codec) return;
  if (existing) {
    throw new DataJointError(`Codec ${name} already registered by ${existing.constructor.name}`);
  }
  registry.set(name, codec);
}

/** Removes a codec. */
export function unregisterCodec(name: string): void {
  if (!registry.delete(name)) throw new DataJointError(`Codec ${name} is not registered`);
}

/** Splits `<name@store>` into name and store (`null` without `@`, `''` for `<name@>`). */
export function parseCodecSpec(spec: string): { name: string; store: string | null } {
  const inner = spec.trim().replace(/^</, '').replace(/>$/, '').trim();
  const at = inner.indexOf('@');
  return at < 0 ? { name: inner, store: null } : { name: inner.slice(0, at).trim(), store: inner.slice(at + 1).trim() };
}

/** The codec of a spec such as `<blob>` or `<blob@cold>`, or `undefined` when none is registered. */
export function findCodec(spec: string): Codec | undefined {
  return registry.get(parseCodecSpec(spec).name);
}

/** The codec of a spec. @throws DataJointError when it is not registered. */
export function getCodec(spec: string): Codec {
  const { name } = parseCodecSpec(spec);
  const codec = registry.get(name);
  if (!codec) {
    throw new DataJointError(`Codec <${name}> is not registered. Define a Codec subclass with name '${name}' and register it.`);
  }
  return codec;
}

/** Names of the registered codecs, sorted. */
export function listCodecs(): string[] {
  return [...registry.keys()].sort();
}

/**
 * Follows a codec spec down to the core type its values are stored as.
 * Returns that type, the codecs applied (outermost first) and the effective store.
 */
export function resolveCodecChain(spec: string): { dtype: string; chain: Codec[]; store: string | null } {
  const chain: Codec[] = [];
  const seen = new Set<string>();
  let current = spec.trim();
  let store: string | null = null;
  while (current.startsWith('<')) {
    const parsed = parseCodecSpec(current);
    if (seen.has(parsed.name)) throw new DataJointError(`Circular codec reference detected: <${parsed.name}>`);
    seen.add(parsed.name);
    if (parsed.store !== null) store = parsed.store;
    const codec = getCodec(current);
    chain.push(codec);
    current = codec.dtype(store !== null).trim();
    if (current.startsWith('<') && !current.includes('@') && store !== null) {
      current = `${current.slice(0, -1)}@${store}>`;
    }
  }
  return { dtype: current, chain, store };
}
