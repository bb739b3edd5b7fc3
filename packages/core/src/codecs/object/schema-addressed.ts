/**
 * What `<object@>` and `<npy@>` share (datajoint-python's `SchemaCodec`): store-only
 * declaration, the path of a value built from the row's schema, table, key and attribute
 * with the store's layout settings, and uploads that are undone when their row is not
 * inserted.
 */
import { DataJointError } from '../../errors';
import { buildObjectPath } from '../../storage/object-path';
import type { StoreBackend } from '../../storage/store-backend';
import { getWritableStore } from '../../storage/store-registry';
import { getStoreSpec } from '../../storage/store-spec';
import { Codec, type CodecContext, type StoreAddressing } from '../codec';

/** A codec that stores each value at its own schema-addressed path. */
export abstract class SchemaAddressedCodec<TValue, TStored> extends Codec<TValue, TStored> {
  /** `<name@…>` only: the table keeps a JSON reference. */
  dtype(inStore: boolean): string {
    if (!inStore) throw new DataJointError(`<${this.name}> requires @ (store only)`);
    return 'json';
  }

  override get addressing(): StoreAddressing {
    return 'schema';
  }

  /** The schema-addressed path of the value being inserted (datajoint-python's `_build_path`). */
  protected objectPath(context: CodecContext, ext: string | null): string {
    const spec = getStoreSpec(context.config, context.store ?? null);
    return buildObjectPath({
      schema: context.schema ?? 'unknown',
      table: context.table ?? 'unknown',
      field: context.field ?? 'data',
      key: context.key ?? {},
      keyKinds: context.keyKinds,
      ext,
      partitionPattern: spec.partitionPattern,
      tokenLength: spec.tokenLength,
      schemaPrefix: spec.schemaPrefix,
    }).path;
  }

  /** The store name a reference records: `null` for the default store (`<x@>`). */
  protected recordedStore(context: CodecContext): string | null {
    return context.store ? context.store : null;
  }

  /**
   * Writes an object (or a folder, with its manifest) at `path`, removing what was written
   * when the write fails, and registering that removal for when the row is not inserted.
   */
  protected async upload(context: CodecContext, path: string, isDir: boolean, write: (backend: StoreBackend) => Promise<void>): Promise<void> {
    const backend = await getWritableStore(context.config, context.store ?? null);
    const undo = async (): Promise<void> => {
      if (isDir) {
        await backend.deleteFolder(path);
        await backend.delete(`${path}.manifest.json`);
      } else {
        await backend.delete(path);
      }
    };
    try {
      await write(backend);
    } catch (error) {
      await undo().catch(() => undefined);
      throw error;
    }
    context.onDiscard?.(undo);
  }
}
