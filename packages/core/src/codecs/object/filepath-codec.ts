/**
 * The built-in `<filepath@store>` codec: a reference to a file or folder that already lives
 * in a store (nothing is copied). Paths must stay out of the sections DataJoint manages
 * (the store's `hash_prefix` and `schema_prefix`) and inside `filepath_prefix` when set.
 * `<filepath@>` uses `stores.filepath_default`.
 */
import { DataJointError } from '../../errors';
import { getStore } from '../../storage/store-registry';
import { checkStorePath } from '../../storage/store-path';
import { getStoreSpec, resolveStoreName } from '../../storage/store-spec';
import { Codec, type CodecContext } from '../codec';
import { ObjectRef, parseObjectMetadata, type ObjectMetadata } from './object-ref';
import { pythonUtcTimestamp } from './python-json';

const FILEPATH_DEFAULT = { filepathDefault: true } as const;

/** `<filepath@store>`: a reference to an existing file in a store. */
export class FilepathCodec extends Codec<string | ObjectRef, ObjectMetadata> {
  readonly name = 'filepath';

  dtype(inStore: boolean): string {
    if (!inStore) {
      throw new DataJointError('<filepath> requires @ symbol. Use <filepath@> for default store or <filepath@store> to specify store.');
    }
    return 'json';
  }

  override validate(value: unknown): void {
    if (typeof value !== 'string' && !(value instanceof ObjectRef)) {
      throw new DataJointError(`<filepath> expects a path string, got ${value === null ? 'null' : typeof value === 'object' ? value.constructor.name : typeof value}`);
    }
  }

  async encode(reference: string | ObjectRef, context: CodecContext): Promise<ObjectMetadata> {
    const value = reference instanceof ObjectRef ? reference.path : reference;
    const spec = getStoreSpec(context.config, context.store ?? null, FILEPATH_DEFAULT);
    const path = checkStorePath(value, '<filepath@> path');
    const reserved: Array<[string, string]> = [['hash_prefix', spec.hashPrefix], ['schema_prefix', spec.schemaPrefix]];
    for (const [setting, prefix] of reserved) {
      if (prefix && `${path}/`.startsWith(`${prefix.replace(/^\/+|\/+$/g, '')}/`)) {
        throw new DataJointError(
          `<filepath@> cannot use reserved section '${prefix}' (${setting}). This section is managed by DataJoint. Got path: ${value}`,
        );
      }
    }
    if (spec.filepathPrefix && !path.startsWith(`${spec.filepathPrefix.replace(/^\/+|\/+$/g, '')}/`)) {
      throw new DataJointError(`<filepath@> must use prefix '${spec.filepathPrefix}' (filepath_prefix). Got path: ${value}`);
    }
    const backend = getStore(context.config, spec.name, FILEPATH_DEFAULT);
    const info = await backend.head(path);
    const isDir = info === null && (await backend.exists(path));
    if (info === null && !isDir) throw new DataJointError(`File not found in store '${spec.name}': ${value}`);
    // The resolved store name is recorded, so that either implementation reading the row
    // finds the file even where `stores.default` and `stores.filepath_default` differ.
    const store = resolveStoreName(context.config, context.store ?? null, FILEPATH_DEFAULT);
    return { path, store, size: info ? info.size : null, is_dir: isDir, timestamp: pythonUtcTimestamp() };
  }

  /** An ObjectRef on the referenced file; nothing is read. */
  decode(stored: ObjectMetadata, context: CodecContext): ObjectRef {
    return new ObjectRef(parseObjectMetadata(stored, '<filepath@>'), { config: context.config, filepathDefault: true });
  }
}

/** The `<filepath>` codec instance. */
export const filepathCodec = new FilepathCodec();
