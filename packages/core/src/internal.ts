/**
 * @internal
 * @dj/core/internal — what the sibling packages (@dj/diagram, @dj/schema, @dj/cli,
 * @dj/testing, @dj/nestjs, the `datajoint` umbrella) and the project's tests and benchmarks
 * share beyond the public API in `@dj/core`: SQL fragments and compilation, query state,
 * dialects, headings' loading and caching, value encoding and decoding, stores, naming.
 * Not a stable API: it changes with the packages that use it.
 * @packageDocumentation
 */
import './codecs/builtin-codecs';

/** @internal */
export { errorClassNamed } from './errors';
/** @internal */
export { CONFIG_FILENAME, findConfigFile } from './settings/config-file';
/** @internal */
export { Logger, writeToLogSink, formatLogLine } from './logging/logger';
/** @internal */
export {
  assertGlobalStateAllowed,
  parseThreadSafeFlag,
  THREAD_SAFE_ENV,
  THREAD_SAFETY_MESSAGE,
} from './global/thread-safe-mode';
/** @internal */
export { globalConfig } from './global/global-state';

/** @internal */
export type { Adapter, InsertParts, OnDuplicate, SqlFamily } from './dialects/adapter';
/** @internal */
export type { Dialect } from './dialects/dialect';
/** @internal */
export { DialectFacet, dialectFacet, dialectFor, registerDialectFacet } from './dialects/dialect-registry';
/** @internal */
export type { StatementLimits } from './dialects/driver';
/** @internal */
export type { ColumnInfo, ForeignKeyInfo, IndexInfo, Introspector, Queryable, TableInfo } from './dialects/introspector';
/** @internal */
export { postgresEnumTypeName } from './dialects/postgresql/postgres-adapter';
/** @internal */
export type { CoreType, CoreTypeName, SimpleCoreTypeName } from './types/core-type';

/** @internal */
export type { HeadingInfo } from './heading/heading';
/** @internal */
export { loadTableHeading, preloadSchemaHeadings, preloadTableHeadings } from './heading/heading-loader';
/** @internal */
export { sharedForeignKeys, sharedPrimaryKeys, sharedTables } from './heading/shared-catalog-reads';
/** @internal */
export { catalogMemo, clearHeadingCache, clearTableHeading, forgetCatalogReads } from './heading/heading-cache';
/** @internal */
export { LINEAGE_TABLE, readTableLineage, type TableLineage } from './heading/lineage-rows';
/** @internal */
export { formatColumnComment, parseColumnComment, type ParsedComment } from './heading/comment-marker';

/** @internal */
export { parseAttributeType, parseEnumValues, type AttributeType, type NativeFamily } from './types/attribute-type';
/** @internal */
export { kindOfSqlType, kindOfType, INTEGER_RANGES, type ValueKind } from './types/value-kind';
/** @internal */
export { enumTypeText, normalizeSqlType } from './types/sql-type-normalizer';
/** @internal */
export { encodeValue, SQL_DEFAULT, type EncodingContext } from './types/value-encoding';
/** @internal */
export {
  decoderFor,
  decoderForAttribute,
  formatUuid,
  normalizeTime,
  parseDate,
  parseDateTime,
  parsePreciseDateTime,
  type ValueDecoder,
} from './types/value-decoding';
/** @internal */
export { formatUtcDateTime } from './dialects/sql-values';

/** @internal */
export { HashCodec } from './codecs/hash-codec';
/** @internal */
export { CODEC_CONCURRENCY, runLimited } from './codecs/codec-concurrency';
/** @internal */
export { AttachCodec, saveAttachment } from './codecs/attach-codec';
/** @internal */
export { ObjectCodec } from './codecs/object/object-codec';
/** @internal */
export { FilepathCodec } from './codecs/object/filepath-codec';
/** @internal */
export { NpyCodec } from './codecs/npy/npy-codec';
/** @internal */
export { decodeNpy, encodeNpy } from './codecs/npy/npy-format';
/** @internal */
export { buildObjectPath, encodeKeyValue, type ObjectPathParts } from './storage/object-path';
/** @internal */
export { findCodec, parseCodecSpec, resolveCodecChain } from './codecs/codec-registry';
/** @internal */
export { BlobCodec, blobCodec } from './codecs/blob/blob-codec';
/** @internal */
export { assertPackable } from './codecs/blob/blob-writer';
/** @internal */
export { DATETIME_UNITS } from './codecs/blob/dtypes';
/** @internal */
export { storedTypeOf } from './codecs/codec-storage';

/** @internal */
export { toQueryExpression, type CompiledQuery, type HeadingSource } from './query/query-expression';
/** @internal */
export { AS_QUERY, isQuerySource, type QuerySource } from './query/as-query';
/** @internal */
export { wrapState } from './query/operators/subquery';
/** @internal */
export { contextValue, preparedScope, withContextValue, withContextValues, type PreparedScope } from './context/async-context';
/** @internal */
export { determines, joinHeadings, plainHeading, setPrimaryKey } from './heading/heading-algebra';
/** @internal */
export { TableExpression } from './query/table-expression';
/** @internal */
export type { Grouping, JoinSpec, QueryState, Source } from './query/query-state';
/** @internal */
export { AndList, Not, SqlCondition, Top } from './query/conditions/condition-types';
/** @internal */
export { concatSql, joinSql, sqlText, type SqlFragment } from './query/sql-fragment';
/** @internal */
export { makeRowDecoder, type RowDecoder } from './query/fetch/row-decoder';
/** @internal */
export { compileSelect } from './query/compile/select-compiler';
/** @internal */
export { keyCondition, keyPosition } from './query/compile/key-condition';
/** @internal */
export type { ConditionTarget } from './query/conditions/make-condition';
/** @internal */
export { keyInSelect } from './query/compile/key-subquery';
/** @internal */
export {
  compileDelete,
  compileWriteBatch,
  compileInsertSelect,
  compileLockingSelect,
  compileTableSelect,
  compileUpdate,
  sqlValue,
  type Assignment,
  type InsertSelectSpec,
  type UpdateSpec,
} from './query/compile/write-statements';
/** @internal */
export { chunksWithin, runWriteBatch } from './connection/write-batch';
/** @internal */
export { checkPlaceholderCount, splitAtPlaceholders } from './dialects/placeholders';
/** @internal */
export {
  TIER_PREFIXES,
  fromCamelCase,
  isCamelCase,
  splitPartTableName,
  tierOfTableName,
  toCamelCase,
  type Tier,
} from './naming/table-names';
/** @internal */
export type {
  KeyNamesOfDefinition,
  OptionalNamesOfDefinition,
  RowOfClass,
  KeyNamesOfClass,
  KeyOfClass,
  InsertValue,
  DefinitionOf,
} from './typing/definition-row';
/** @internal */
export type {
  KeyOfRow,
  TypedRows,
  FetchName,
  FetchValue,
  FetchValues,
  FetchColumns,
  ProjectionArg,
  ProjectedRow,
  ProjectedKey,
  JoinedRow,
  JoinRowFor,
  LeftJoinedRow,
  AggregatedRow,
  UnionRow,
} from './typing/query-rows';

/** @internal */
export type { ByteRange, StoreBackend, StoredObjectInfo, StoreWritable } from './storage/store-backend';
/** @internal */
export {
  DEFAULT_STORE_KEYS,
  getStoreSpec,
  parseStoreSpec,
  resolveStoreName,
  type FileStoreSpec,
  type S3StoreSpec,
  type StoreProtocol,
  type StoreSpec,
} from './storage/store-spec';
/** @internal */
export { closeStores, createStoreBackend, getStore, getWritableStore, type GetStoreOptions } from './storage/store-registry';
/** @internal */
export { ensureStoreMarker, STORE_FORMAT_VERSION, STORE_MARKER_FILENAME, type StoreMarker } from './storage/store-marker';
/** @internal */
export { checkStorePath, checkStorePrefix, joinStorePath } from './storage/store-path';
/** @internal */
export { FileStore } from './storage/file-store';
/** @internal */
export { S3Store, s3EndpointUrl } from './storage/s3-store';
/** @internal */
export { base32, buildHashPath, computeHash, computeHashOfOwnBytes, CONTENT_HASH_PATTERN } from './storage/content-hash';
/** @internal */
export { getHash, parseHashReference, putHash, type HashReference } from './storage/hash-store';
