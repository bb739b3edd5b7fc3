/**
 * What `<object@>` and `<npy@>` share: store-only declaration, and the path of a value
 * built from the row's schema, table, key and attribute with the store's layout settings.
 */
import { DataJointError } from '../../errors';
import { buildObjectPath } from '../../storage/object-path';
import { getStoreSpec } from '../../storage/store-spec';
import type { CodecContext } from '../codec';

/** `<name@…>` only: the table keeps a JSON reference. */
export function schemaAddressedDtype(name: string, inStore: boolean): string {
  if (!inStore) throw new DataJointError(`<${name}> requires @ (store only)`);
  return 'json';
}

/** The schema-addressed path of the value being inserted (datajoint-python's `_build_path`). */
export function objectPathFor(context: CodecContext, ext: string | null): string {
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
export function recordedStore(context: CodecContext): string | null {
  return context.store ? context.store : null;
}
