/**
 * @dj/core — configuration, instances, connections and backends of DataJoint for TypeScript.
 * @packageDocumentation
 */
import './codecs/builtin-codecs';
export {
  AccessError,
  DataJointError,
  DuplicateError,
  IntegrityError,
  LostConnectionError,
  MissingAttributeError,
  errorClassNamed,
  MissingExternalFile,
  BucketInaccessible,
  MissingTableError,
  HeadingNotLoadedError,
  QueryError,
  QuerySyntaxError,
  ThreadSafetyError,
  UnknownAttributeError,
  type DataJointErrorOptions,
} from './errors';

export { Config, type ConfigSources } from './settings/config';
export { CONFIG_FILENAME, findConfigFile } from './settings/config-file';
export type { SaveTemplateOptions } from './settings/template';
export type {
  Backend,
  ConfigOverrides,
  ConnectionSettings,
  DatabaseSettings,
  DisplaySettings,
  GroupName,
  JobsSettings,
  SettingKey,
  SettingValue,
  SettingsGroups,
  SettingsTree,
  StoresSettings,
  TopLevelSettings,
} from './settings/settings';

export { Logger, setLogSink, writeToLogSink, formatLogLine, type LogLevel, type LogSink } from './logging/logger';

export {
  assertGlobalStateAllowed,
  isThreadSafeMode,
  parseThreadSafeFlag,
  THREAD_SAFE_ENV,
  THREAD_SAFETY_MESSAGE,
} from './global/thread-safe-mode';
export { config, conn, globalConfig, type ConnOptions } from './global/global-state';

export { Instance, type InstanceOptions } from './instance';
export {
  Connection,
  type ConnectionOptions,
  type StreamQueryOptions,
  type TlsSetting,
} from './connection/connection';

export type { Adapter, InsertParts, OnDuplicate, SqlFamily } from './dialects/adapter';
export type { Dialect } from './dialects/dialect';
export { DialectFacet, dialectFacet, dialectFor, registerDialectFacet } from './dialects/dialect-registry';
export type { QueryResult, Row, StatementLimits } from './dialects/driver';
export type { ColumnInfo, ForeignKeyInfo, IndexInfo, Introspector, Queryable, TableInfo } from './dialects/introspector';
export { postgresEnumTypeName } from './dialects/postgresql/postgres-adapter';
export type { CoreType, CoreTypeName, SimpleCoreTypeName } from './types/core-type';
export { VERSION } from './version';

export type { Attribute } from './heading/attribute';
export { Heading, type HeadingInfo } from './heading/heading';
export { loadTableHeading, preloadSchemaHeadings, preloadTableHeadings } from './heading/heading-loader';
export { catalogMemo, clearHeadingCache, clearTableHeading } from './heading/heading-cache';
export { sharedForeignKeys, sharedPrimaryKeys } from './heading/shared-catalog-reads';
export { LINEAGE_TABLE, readTableLineage, type TableLineage } from './heading/lineage-rows';
export { formatColumnComment, parseColumnComment, type ParsedComment } from './heading/comment-marker';

export { parseAttributeType, parseEnumValues, type AttributeType, type NativeFamily } from './types/attribute-type';
export { kindOfSqlType, kindOfType, INTEGER_RANGES, type ValueKind } from './types/value-kind';
export { enumTypeText, normalizeSqlType } from './types/sql-type-normalizer';
export { encodeValue, SQL_DEFAULT, type EncodingContext } from './types/value-encoding';
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
export { PreciseDate } from './types/precise-date';
export { formatUtcDateTime } from './dialects/sql-values';

export { Codec, type CodecContext, type StoreAddressing, type StoreReference } from './codecs/codec';
export { HashCodec } from './codecs/hash-codec';
/** @internal */
export { CODEC_CONCURRENCY, runLimited } from './codecs/codec-concurrency';
export { AttachCodec, saveAttachment } from './codecs/attach-codec';
export { ObjectCodec, type ObjectData, type ObjectValue } from './codecs/object/object-codec';
export { ObjectRef, ObjectIntegrityError, type ObjectMetadata } from './codecs/object/object-ref';
export { FilepathCodec } from './codecs/object/filepath-codec';
export { NpyCodec, type NpyValue } from './codecs/npy/npy-codec';
export { NpyRef, type NpyMetadata } from './codecs/npy/npy-ref';
export { decodeNpy, encodeNpy } from './codecs/npy/npy-format';
export { buildObjectPath, encodeKeyValue, type ObjectPathParts } from './storage/object-path';
export {
  findCodec,
  getCodec,
  listCodecs,
  parseCodecSpec,
  registerCodec,
  resolveCodecChain,
  unregisterCodec,
} from './codecs/codec-registry';

export {
  QueryExpression,
  toQueryExpression,
  type AggregationOptions,
  type CompiledQuery,
  type ComputedAttributes,
  type FetchOptions,
  type HeadingSource,
  type JoinOptions,
  type QueryLike,
  type RestrictOptions,
  type UniversalSetLike,
  type Restriction,
  type ToArraysOptions,
} from './query/query-expression';
export { RecordArray } from './query/record-array';
export { AS_QUERY, isQuerySource, type QuerySource } from './query/as-query';
export { UniversalSet, universalSet, type UniversalAggregationOptions } from './query/operators/universal-set';
export type { NamedAttributes } from './query/operators/projection';
export type { PreviewOptions } from './query/fetch/preview';
export { wrapState } from './query/operators/subquery';
/** @internal */
export { contextValue, withContextValue } from './context/async-context';
export { determines, joinHeadings, plainHeading, setPrimaryKey } from './heading/heading-algebra';
export { TableExpression } from './query/table-expression';
export type { Grouping, JoinSpec, QueryState, Source } from './query/query-state';
export { AndList, Not, SqlCondition, Top, andList, not, top } from './query/conditions/condition-types';
export { concatSql, joinSql, sqlText, type SqlFragment } from './query/sql-fragment';
export { makeRowDecoder, type RowDecoder } from './query/fetch/row-decoder';
export { compileSelect } from './query/compile/select-compiler';
export { keyCondition, keyPosition } from './query/compile/key-condition';
export type { ConditionTarget } from './query/conditions/make-condition';
export { keyInSelect } from './query/compile/key-subquery';
export {
  compileDelete,
  compileInsertSelect,
  compileLockingSelect,
  compileUpdate,
  sqlValue,
  type Assignment,
  type InsertSelectSpec,
  type UpdateSpec,
} from './query/compile/write-statements';
export { checkPlaceholderCount, splitAtPlaceholders } from './dialects/placeholders';
export { storedTypeOf } from './codecs/codec-storage';
export * from './codecs/blob';
export {
  TIER_PREFIXES,
  fromCamelCase,
  isCamelCase,
  splitPartTableName,
  tierOfTableName,
  toCamelCase,
  type Tier,
} from './naming/table-names';
export type { RowOfDefinition, KeyNamesOfDefinition, OptionalNamesOfDefinition, RowOfClass, KeyNamesOfClass, KeyOfClass, InsertRowOf, InsertValue, ValueOfType, DefinitionOf, TableRegistry } from './typing/definition-row';
export type {
  RowOf,
  KeyOf,
  KeyNamesOf,
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
  AggregatedRow,
  UnionRow,
} from './typing/query-rows';

export type { ByteRange, StoreBackend, StoredObjectInfo, StoreWritable } from './storage/store-backend';
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
export { closeStores, createStoreBackend, getStore, getWritableStore, type GetStoreOptions } from './storage/store-registry';
export { ensureStoreMarker, STORE_FORMAT_VERSION, STORE_MARKER_FILENAME, type StoreMarker } from './storage/store-marker';
/** @internal */
export { checkStorePath, checkStorePrefix, joinStorePath } from './storage/store-path';
/** @internal */
export { FileStore } from './storage/file-store';
/** @internal */
export { S3Store, s3EndpointUrl } from './storage/s3-store';
export { base32, buildHashPath, computeHash, CONTENT_HASH_PATTERN } from './storage/content-hash';
export { getHash, parseHashReference, putHash, type HashReference } from './storage/hash-store';
