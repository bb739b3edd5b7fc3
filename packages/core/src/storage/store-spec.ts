/**
 * Store specifications: the `stores` setting read and validated as datajoint-python's
 * `Config.get_store_spec` reads it (same keys, same defaults, same required and allowed
 * keys per protocol, same prefix-overlap rule). `stores.default` names the store of
 * `<x@>`; `stores.filepath_default` the store of `<filepath@>`.
 */
import { DataJointError } from '../errors';
import type { Config } from '../settings/config';

/** Protocols this implementation can talk to. */
export type StoreProtocol = 'file' | 's3';

/** Settings shared by every store, with datajoint-python's defaults applied. */
interface CommonStoreSpec {
  /** The store's name in the `stores` setting. */
  readonly name: string;
  /** Folder (file) or key prefix inside the bucket (s3) that is the store's root. */
  readonly location: string;
  /** Folder levels of hash-addressed paths (`subfolding`), e.g. `[2, 2]`; `null` for flat. */
  readonly subfolding: readonly number[] | null;
  /** `partition_pattern` of schema-addressed paths, e.g. `'{subject_id}/{session_id}'`. */
  readonly partitionPattern: string | null;
  /** `token_length`: length of the random token in schema-addressed file names. */
  readonly tokenLength: number;
  /** `hash_prefix`: section of hash-addressed objects (default `_hash`). */
  readonly hashPrefix: string;
  /** `schema_prefix`: section of schema-addressed objects (default `_schema`). */
  readonly schemaPrefix: string;
  /** `filepath_prefix`: the section `<filepath@>` paths must stay in, or `null` for anywhere. */
  readonly filepathPrefix: string | null;
  /** `stage`: local staging folder for staged inserts, when set. */
  readonly stage: string | null;
}

/** A local (or mounted) folder. */
export interface FileStoreSpec extends CommonStoreSpec {
  readonly protocol: 'file';
}

/** An S3-compatible object store. */
export interface S3StoreSpec extends CommonStoreSpec {
  readonly protocol: 's3';
  /** `endpoint`: host[:port] or a full `http(s)://` URL. */
  readonly endpoint: string;
  readonly bucket: string;
  /** `access_key`; with `secretKey` absent too, the AWS default credential chain is used. */
  readonly accessKey: string | null;
  readonly secretKey: string | null;
  /** `secure`: HTTPS when the endpoint has no scheme (default `true`). */
  readonly secure: boolean;
}

/** A validated store specification. */
export type StoreSpec = FileStoreSpec | S3StoreSpec;

/** Keys of `stores` that name stores rather than define one. */
export const DEFAULT_STORE_KEYS = ['default', 'filepath_default'] as const;

const COMMON_KEYS = ['subfolding', 'partition_pattern', 'token_length', 'hash_prefix', 'schema_prefix', 'filepath_prefix', 'stage'];

const REQUIRED_KEYS: Record<StoreProtocol, readonly string[]> = {
  file: ['protocol', 'location'],
  s3: ['protocol', 'endpoint', 'bucket', 'location'],
};

const ALLOWED_KEYS: Record<StoreProtocol, readonly string[]> = {
  file: ['protocol', 'location', ...COMMON_KEYS],
  s3: ['protocol', 'endpoint', 'bucket', 'access_key', 'secret_key', 'location', 'secure', 'proxy_server', ...COMMON_KEYS],
};

/** Protocols datajoint-python knows that this implementation does not. */
const FOREIGN_PROTOCOLS = ['gcs', 'azure'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which store a `<x@name>` attribute uses: `name`, or the default store for `''` / `null`. */
export function resolveStoreName(config: Config, store: string | null | undefined, options: { filepathDefault?: boolean } = {}): string {
  if (store !== null && store !== undefined && store !== '') return store;
  const key = options.filepathDefault ? 'filepath_default' : 'default';
  const stores = config.stores;
  if (!(key in stores)) {
    throw new DataJointError(
      options.filepathDefault
        ? 'stores.filepath_default is not configured. Set stores.filepath_default or specify store explicitly with <filepath@store>'
        : 'stores.default is not configured',
    );
  }
  const name = stores[key];
  if (typeof name !== 'string' || name === '') throw new DataJointError(`stores.${key} must be a string`);
  return name;
}

/**
 * The validated specification of a store.
 * @param store store name; `''`, `null` or `undefined` mean the default store.
 * @param options.filepathDefault use `stores.filepath_default` as the default (for `<filepath@>`).
 * @throws DataJointError when the store is not configured or its settings are invalid.
 */
export function getStoreSpec(config: Config, store?: string | null, options: { filepathDefault?: boolean } = {}): StoreSpec {
  const name = resolveStoreName(config, store, options);
  const stores = config.stores;
  if ((DEFAULT_STORE_KEYS as readonly string[]).includes(name) || !Object.prototype.hasOwnProperty.call(stores, name)) {
    throw new DataJointError(`Storage '${name}' is requested but not configured in stores`);
  }
  const raw = stores[name];
  if (!isPlainObject(raw)) throw new DataJointError(`config.stores["${name}"] must be an object of store settings`);
  return parseStoreSpec(name, raw);
}

/** Validates one store's settings (the object under `stores.<name>`). */
export function parseStoreSpec(name: string, raw: Readonly<Record<string, unknown>>): StoreSpec {
  const where = `config.stores["${name}"]`;
  const protocol = typeof raw.protocol === 'string' ? raw.protocol.toLowerCase() : '';
  if (protocol !== 'file' && protocol !== 's3') {
    const known = FOREIGN_PROTOCOLS.includes(protocol)
      ? ` datajoint-python supports "${protocol}"; this implementation supports file and s3.`
      : '';
    throw new DataJointError(`Unknown protocol "${String(raw.protocol ?? '')}" in ${where}. Built-in: file, s3.${known}`);
  }
  const missing = REQUIRED_KEYS[protocol].filter((key) => !(key in raw));
  if (missing.length > 0) throw new DataJointError(`${where} is missing: ${missing.join(', ')}`);
  const invalid = Object.keys(raw).filter((key) => !ALLOWED_KEYS[protocol].includes(key));
  if (invalid.length > 0) throw new DataJointError(`Invalid key(s) in ${where}: ${invalid.join(', ')}`);

  const common: CommonStoreSpec = {
    name,
    location: text(raw, 'location', where),
    subfolding: subfolding(raw.subfolding, where),
    partitionPattern: optionalText(raw, 'partition_pattern', where),
    tokenLength: tokenLength(raw.token_length, where),
    hashPrefix: optionalText(raw, 'hash_prefix', where) ?? '_hash',
    schemaPrefix: optionalText(raw, 'schema_prefix', where) ?? '_schema',
    filepathPrefix: optionalText(raw, 'filepath_prefix', where),
    stage: optionalText(raw, 'stage', where),
  };
  assertPrefixesSeparate(where, common);
  if (protocol === 'file') return { protocol, ...common };

  if (raw.proxy_server !== undefined && raw.proxy_server !== null) {
    throw new DataJointError(`${where}.proxy_server is not supported by this implementation; set HTTPS_PROXY for the AWS SDK instead or remove it.`);
  }
  const accessKey = optionalText(raw, 'access_key', where) || null;
  const secretKey = optionalText(raw, 'secret_key', where) || null;
  if ((accessKey === null) !== (secretKey === null)) {
    throw new DataJointError('Incomplete S3 credentials: set both access_key and secret_key, or neither to use ambient AWS credentials.');
  }
  const endpoint = text(raw, 'endpoint', where);
  const bucket = text(raw, 'bucket', where);
  if (!endpoint) throw new DataJointError(`Missing S3 configuration: endpoint in ${where}`);
  if (!bucket) throw new DataJointError(`Missing S3 configuration: bucket in ${where}`);
  return { protocol, ...common, endpoint, bucket, accessKey, secretKey, secure: flag(raw.secure, `${where}.secure`, true) };
}

function text(raw: Readonly<Record<string, unknown>>, key: string, where: string): string {
  const value = raw[key];
  if (typeof value !== 'string') throw new DataJointError(`${where}.${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function optionalText(raw: Readonly<Record<string, unknown>>, key: string, where: string): string | null {
  const value = raw[key];
  return value === undefined || value === null ? null : text(raw, key, where);
}

function flag(value: unknown, where: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  // Values from secret files and environment variables arrive as text.
  if (typeof value === 'string' && /^(true|false|1|0|yes|no)$/i.test(value.trim())) return /^(true|1|yes)$/i.test(value.trim());
  throw new DataJointError(`${where} must be true or false, got ${JSON.stringify(value)}`);
}

function subfolding(value: unknown, where: string): readonly number[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((n) => Number.isInteger(n) && (n as number) > 0)) {
    throw new DataJointError(`${where}.subfolding must be a list of positive integers such as [2, 2], got ${JSON.stringify(value)}`);
  }
  // Fold lengths add up to at most the 26 characters of a content hash.
  if ((value as number[]).reduce((a, b) => a + b, 0) > 26) {
    throw new DataJointError(`${where}.subfolding takes more characters than a content hash has (26)`);
  }
  return Object.freeze([...(value as number[])]);
}

function tokenLength(value: unknown, where: string): number {
  if (value === undefined || value === null) return 8;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new DataJointError(`${where}.token_length must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

/** The hash, schema and filepath sections must not contain one another. */
function assertPrefixesSeparate(where: string, spec: CommonStoreSpec): void {
  const prefixes: Array<[string, string]> = [];
  if (spec.hashPrefix) prefixes.push(['hash_prefix', spec.hashPrefix]);
  if (spec.schemaPrefix) prefixes.push(['schema_prefix', spec.schemaPrefix]);
  if (spec.filepathPrefix) prefixes.push(['filepath_prefix', spec.filepathPrefix]);
  const normalize = (p: string) => `${p.replace(/^\/+|\/+$/g, '')}/`;
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      const [name1, p1] = prefixes[i]!;
      const [name2, p2] = prefixes[j]!;
      if (normalize(p1).startsWith(normalize(p2)) || normalize(p2).startsWith(normalize(p1))) {
        throw new DataJointError(`${where}: ${name1}="${p1}" and ${name2}="${p2}" overlap. Storage section prefixes must be mutually exclusive.`);
      }
    }
  }
}
