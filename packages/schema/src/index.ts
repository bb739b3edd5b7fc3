/**
 * @dj/schema — the DataJoint definition language, schemas, table classes and tiers,
 * declaration (DDL for each backend), insert, FreeTable.
 * @packageDocumentation
 */
export { Schema, type ActivateOptions, type SchemaDropOptions, type SchemaOptions, type SpawnOptions } from './schema/schema';
export { listSchemas, virtualSchema, type HasConnection, type VirtualModule, type VirtualSchemaOptions } from './schema/virtual-schema';
export { Table, TableRestriction, type InsertOptions, type InsertSource } from './tables/table';
export type { DropOptions } from './delete/graph-drop';
export type { DeleteOptions } from './delete/cascade-delete';
export { UserTable, type TableClass } from './tables/user-table';
export { AutoPopulated, Computed, Imported, Lookup, Manual, Part, type ProgressOptions } from './tables/tiers';
export { JobsRestriction, JobsTable, type JobsProgress, type JobStatus, type RefreshOptions, type RefreshResult } from './jobs/jobs-table';
export type { MakeMethods, PopulateOptions, PopulateResult } from './populate/populate';
export { FreeTable } from './tables/free-table';
export { runAsMake, assertInsertAllowed, type TableIdentity } from './tables/populate-context';
export { bindingOf, type TableBinding } from './tables/table-binding';
export { parseDefinition, type DefinitionItem, type ParsedDefinition } from './definition/definition-parser';
/** @internal The class name a table is referred to by (`Session`, `Session.Trial`), shared with @dj/cli. */
export { referenceName } from './declare/describe';
export { fromCamelCase, toCamelCase, tierOfTableName, type Tier } from '@dj/core';
export { setConfirmer, type Confirmer } from './interaction/confirm';
export type { InsertRow } from './insert/insert-rows';
export type { AlterOptions } from './alter/alter-table';
export type { NeighbourOptions, RelativesOptions } from './tables/navigation';
export { ValidationResult, type ValidationProblem } from './insert/validation-result';
export {
  gc,
  GarbageCollector,
  type CollectOptions,
  type GarbageCollectionReport,
  type GarbageCollectorOptions,
} from './storage/garbage-collector';
