/**
 * @dj/diagram — the dependency graph of a pipeline as an operational engine: cascades and
 * restrictions propagated along foreign keys, previews of their row counts, and drawings
 * (Mermaid, DOT, SVG). What users call; what @dj/schema shares beyond it is in
 * `@dj/diagram/internal`.
 * @packageDocumentation
 */
export { Diagram, type TraceOptions, type CascadeOptions, type DiagramNode, type DiagramSource, type SchemaLike } from './diagram';
export type { DiagramMode } from './diagram-state';
export type { PartIntegrity } from './restriction/propagation';
export type { DiagramFormat } from './rendering/render-diagram';
