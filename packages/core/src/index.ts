/**
 * @dj/core — configuration, instances, connections and backends of DataJoint for TypeScript.
 * What users call; what the sibling packages share beyond it is in `@dj/core/internal`.
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

export { setLogSink, type LogLevel, type LogSink } from './logging/logger';
export { isThreadSafeMode } from './global/thread-safe-mode';
export { config, conn, type ConnOptions } from './global/global-state';

export {
  Instance,
  type ConfiguredBackendInstanceOptions,
  type InstanceOptions,
  type MysqlInstanceOptions,
  type PgliteInstanceOptions,
  type PostgresInstanceOptions,
} from './instance';
export type { ServerConnectionOptions } from './dialects/server-settings';
export type { PgliteConnectionOptions } from './dialects/pglite/pglite-settings';
export {
  Connection,
  type ConnectionOptions,
  type StreamQueryOptions,
  type TlsSetting,
} from './connection/connection';
export type { QueryResult, Row } from './dialects/driver';
export { VERSION } from './version';

export type { Attribute } from './heading/attribute';
export { Heading } from './heading/heading';
export { PreciseDate } from './types/precise-date';

export { Codec, type CodecContext, type StoreAddressing, type StoreReference } from './codecs/codec';
export type { ObjectData, ObjectValue } from './codecs/object/object-codec';
export { ObjectRef, ObjectIntegrityError, type ObjectMetadata } from './codecs/object/object-ref';
export type { NpyValue } from './codecs/npy/npy-codec';
export { NpyRef, type NpyMetadata } from './codecs/npy/npy-ref';
export { getCodec, listCodecs, registerCodec, unregisterCodec } from './codecs/codec-registry';
export * from './codecs/blob';

export {
  QueryExpression,
  type AggregationOptions,
  type ComputedAttributes,
  type FetchOptions,
  type JoinOptions,
  type QueryLike,
  type RestrictOptions,
  type UniversalSetLike,
  type Restriction,
  type AttributeRestriction,
  type ToArraysOptions,
} from './query/query-expression';
export { RecordArray } from './query/record-array';
export { UniversalSet, universalSet, type UniversalAggregationOptions } from './query/operators/universal-set';
export type { NamedAttributes } from './query/operators/projection';
export type { PreviewOptions } from './query/fetch/preview';
export { andList, not, top } from './query/conditions/condition-types';
export type { RowOfDefinition, InsertRowOf, ValueOfType, TableRegistry } from './typing/definition-row';
export type { RowOf, KeyOf, KeyNamesOf } from './typing/query-rows';
