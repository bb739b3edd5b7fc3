/**
 * The async scope of `tenant.run(fn)`: while it lasts, a table class of a template schema,
 * named directly (`Subject.restrict(...)`, `Session.Trial` inside `make()`), acts on the
 * tenant's copy of it. Scopes follow async context, so concurrent requests of different
 * tenants never cross, and nested scopes add to the ones around them.
 */
import { contextValue, preparedScope, withContextValue, withContextValues, type PreparedScope } from '@dj/core/internal';

/** Template class → the class that stands for it (its copy for one tenant). */
export type Substitutions = ReadonlyMap<object, object>;

/** The key of the substitutions in the async context. */
const SCOPE_KEY = {};

/** Whether any scope was ever opened: until then, looking one up costs nothing. */
let used = false;

/** The substitutions of the tenant each copy belongs to. */
const scopesOfCopies = new WeakMap<object, Substitutions>();

/** The substitutions of each schema (its copies of its template's classes; none for other schemas). */
const copiesOfSchemas = new WeakMap<object, Substitutions>();

/** Calls `fn` with `copies` standing for their template classes, on top of the current scope. */
export function withCopies<T>(copies: Substitutions, fn: () => T): T {
  used = true;
  const outer = contextValue<Substitutions>(SCOPE_KEY);
  return withContextValue(SCOPE_KEY, outer ? new Map([...outer, ...copies]) : copies, fn);
}

/** The class that stands for `cls` in the current scope, or `undefined`. */
export function copyInScope<T extends object>(cls: T): T | undefined {
  if (!used) return undefined;
  return contextValue<Substitutions>(SCOPE_KEY)?.get(cls) as T | undefined;
}

/** Records the substitutions of `schema`, for {@link withTenantSchemas}. */
export function registerSchemaCopies(schema: object, copies: Substitutions): void {
  copiesOfSchemas.set(schema, copies);
}

/**
 * Calls `fn` with the copies of every one of `schemas` standing for their templates (the
 * first schema's winning, as if each schema's `run()` were nested inside the next) and
 * `key` set to `value`, in one async-context scope: a request of a tenant opens one, not
 * one per schema and one for the tenant.
 */
export function withTenantSchemas<T>(schemas: Iterable<object>, key: object, value: unknown, fn: () => T): T {
  used = true;
  return withContextValues(
    [
      [SCOPE_KEY, substitutionsOf(schemas, contextValue<Substitutions>(SCOPE_KEY))],
      [key, value],
    ],
    fn,
  );
}

/**
 * {@link withTenantSchemas} prepared once for `schemas` (which must have their copies
 * registered): entering it outside any other tenant's scope builds nothing.
 */
export function tenantScope(schemas: Iterable<object>, key: object, value: unknown): PreparedScope {
  const list = [...schemas];
  const enter = preparedScope([
    [SCOPE_KEY, substitutionsOf(list)],
    [key, value],
  ]);
  return (fn) => {
    used = true;
    return contextValue<Substitutions>(SCOPE_KEY) ? withTenantSchemas(list, key, value, fn) : enter(fn);
  };
}

/** The copies of every one of `schemas` (the first schema's winning) over `outer`. */
function substitutionsOf(schemas: Iterable<object>, outer?: Substitutions): Substitutions {
  const merged = new Map(outer ?? []);
  for (const schema of [...schemas].reverse()) for (const [template, copy] of copiesOfSchemas.get(schema) ?? []) merged.set(template, copy);
  return merged;
}

/** Records that `copy` belongs to the tenant whose substitutions are `copies`. */
export function registerCopy(copy: object, copies: Substitutions): void {
  scopesOfCopies.set(copy, copies);
}

/**
 * Calls `fn` in the scope of the tenant `cls` is a copy of (so that user code it runs, such
 * as `make()` or a key source naming template classes, reaches the tenant), or directly
 * when `cls` is no copy or that scope is open already.
 */
export function inTenantScopeOf<T>(cls: object, fn: () => T): T {
  const copies = scopesOfCopies.get(cls);
  if (!copies) return fn();
  const current = used ? contextValue<Substitutions>(SCOPE_KEY) : undefined;
  if (current && [...copies].every(([template, copy]) => current.get(template) === copy)) return fn();
  return withCopies(copies, fn);
}
