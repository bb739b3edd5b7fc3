/**
 * @internal
 * @dj/schema/internal — what @dj/cli, @dj/nestjs, @dj/testing and the project's tests share
 * beyond the public API in `@dj/schema`: a class's binding, the make() context, the
 * definition parser, the class name a table is referred to by. Not a stable API.
 * @packageDocumentation
 */

/** @internal */
export { runAsMake, assertInsertAllowed, type TableIdentity } from './tables/populate-context';
/** @internal */
export { bindingOf, type TableBinding } from './tables/table-binding';
/** @internal A tenant's request scope over all its schemas at once, for @dj/nestjs. */
export { tenantScope } from './tenants/tenant-scope';
/** @internal */
export { parseDefinition, type DefinitionItem, type ParsedDefinition } from './definition/definition-parser';
/** @internal The class name a table is referred to by (`Session`, `Session.Trial`), shared with @dj/cli. */
export { referenceName } from './declare/describe';
