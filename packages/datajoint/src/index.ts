/**
 * DataJoint for TypeScript. The one import users write:
 *
 * ```ts
 * import * as dj from 'datajoint';
 * const inst = new dj.Instance({ host: '127.0.0.1', user: 'root', password: '' });
 * const schema = inst.Schema('lab');
 * ```
 * @packageDocumentation
 */
import 'reflect-metadata';

export {
  AccessError,
  Config,
  Connection,
  DataJointError,
  DuplicateError,
  Heading,
  IntegrityError,
  LostConnectionError,
  MissingAttributeError,
  MissingTableError,
  HeadingNotLoadedError,
  QueryError,
  QueryExpression,
  QuerySyntaxError,
  ThreadSafetyError,
  UnknownAttributeError,
  VERSION,
  Codec,
  registerCodec,
  listCodecs,
  getCodec,
  unregisterCodec,
  MissingExternalFile,
  BucketInaccessible,
  ObjectRef,
  ObjectIntegrityError,
  NpyRef,
  config,
  conn,
  isThreadSafeMode,
  setLogSink,
  NDArray,
  MatCell,
  MatStruct,
  Recarray,
  Complex,
  BlobDecimal,
  BlobDate,
  BlobDateTime,
  BlobTime,
  BlobFloat,
  BlobTuple,
  BlobUuid,
  pack,
  unpack,
  PreciseDate,
  andList as AndList,
  not as Not,
  top as Top,
  universalSet as U,
  UniversalSet,
} from '@dj/core';
export type {
  AggregationOptions,
  ComputedAttributes,
  JoinOptions,
  NamedAttributes,
  PreviewOptions,
  QueryLike,
  RestrictOptions,
  UniversalAggregationOptions,
  UniversalSetLike,
  Attribute,
  Backend,
  CodecContext,
  ObjectMetadata,
  ObjectValue,
  NpyMetadata,
  NpyValue,
  StoreAddressing,
  StoreReference,
  ConfigOverrides,
  ConnOptions,
  ConnectionOptions,
  FetchOptions,
  InstanceOptions,
  LogLevel,
  QueryResult,
  Restriction,
  AttributeRestriction,
  Row,
  SettingKey,
  SettingValue,
  TlsSetting,
} from '@dj/core';
export {
  AutoPopulated,
  Computed,
  Imported,
  JobsTable,
  Lookup,
  Manual,
  Part,
  Table,
  TableRestriction,
  UserTable,
  setConfirmer,
  gc,
  GarbageCollector,
} from '@dj/schema';
export type {
  DeleteOptions,
  DropOptions,
  InsertOptions,
  InsertRow,
  JobsProgress,
  JobStatus,
  PopulateOptions,
  PopulateResult,
  ProgressOptions,
  RefreshOptions,
  RefreshResult,
  SchemaOptions,
  TableClass,
  CollectOptions,
  GarbageCollectionReport,
  GarbageCollectorOptions,
  VirtualModule,
  VirtualSchemaOptions,
} from '@dj/schema';
export { RecordArray, type ToArraysOptions } from '@dj/core';
export type { RowOf, KeyOf, KeyNamesOf, RowOfDefinition, InsertRowOf, ValueOfType } from '@dj/core';
export { ValidationResult, type ValidationProblem } from '@dj/schema';
export type { AlterOptions, NeighbourOptions, RelativesOptions } from '@dj/schema';
export { Diagram } from '@dj/diagram';
export type { CascadeOptions, DiagramFormat, DiagramNode, DiagramSource, PartIntegrity } from '@dj/diagram';
export { Instance } from './instance';
export { FreeTable, Schema, listSchemas, virtualSchema } from './global-functions';
