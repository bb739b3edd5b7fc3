/**
 * @internal
 * @dj/diagram/internal — what @dj/schema shares beyond the public API in `@dj/diagram`: the
 * foreign-key graph it loads, a part table's master, the part-integrity check of a cascade.
 * Not a stable API.
 * @packageDocumentation
 */

/** @internal */
export { DependencyGraph, type ForeignKeyEdge, type LoadOptions, type TableNode } from './dependencies';
/** @internal */
export { masterOf } from './topological-order';
/** @internal */
export { checkPartIntegrity } from './restriction/propagation';
