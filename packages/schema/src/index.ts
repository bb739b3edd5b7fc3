/**
 * @dj/schema — the DataJoint definition language, schemas, table classes and tiers,
 * declaration (DDL for each backend), insert, FreeTable. What users call; what the sibling
 * packages share beyond it is in `@dj/schema/internal`.
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
