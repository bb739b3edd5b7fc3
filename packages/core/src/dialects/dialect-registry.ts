/**
 * The one registry of backends: each backend's {@link Dialect} (what core needs) and the
 * facets other packages attach to it (what they need of the same backend, e.g. the DDL
 * dialect of `@dj/schema`). A package that knows more about a backend than core does
 * names its facet with a {@link DialectFacet} and registers each backend's value when it
 * is imported; it reads the value back by backend, so nothing outside the dialect files
 * asks which backend it is on, and core carries none of that package's code.
 */
import { DataJointError } from '../errors';
import type { Backend } from '../settings/settings';
import type { Dialect } from './dialect';
import { mysqlDialect } from './mysql/mysql-dialect';
import { pgliteDialect } from './pglite/pglite-dialect';
import { postgresDialect } from './postgresql/postgres-dialect';

/**
 * The typed name of something a package attaches to every backend's dialect: the value
 * registered under it for a backend has type `T`.
 */
export class DialectFacet<T> {
  /** Ties `T` to the facet (a class that never mentions `T` would accept any value). */
  declare private readonly valueType: T;

  /** @param description what the facet is, for the error when a backend lacks it (`DDL dialect`). */
  constructor(readonly description: string) {}
}

/** A backend's dialect and the facets registered for it. */
interface RegistryEntry {
  readonly dialect: Dialect;
  readonly facets: Map<DialectFacet<unknown>, unknown>;
}

const REGISTRY: Record<Backend, RegistryEntry> = {
  mysql: { dialect: mysqlDialect, facets: new Map() },
  postgresql: { dialect: postgresDialect, facets: new Map() },
  pglite: { dialect: pgliteDialect, facets: new Map() },
};

function entryOf(backend: string): RegistryEntry {
  const entry = Object.hasOwn(REGISTRY, backend) ? REGISTRY[backend as Backend] : undefined;
  if (!entry) {
    throw new DataJointError(`Unknown database backend: ${backend}. Supported backends: ${Object.keys(REGISTRY).join(', ')}.`);
  }
  return entry;
}

const DIALECTS: readonly Dialect[] = Object.values(REGISTRY).map((entry) => entry.dialect);

/** Every backend's dialect. */
export function allDialects(): readonly Dialect[] {
  return DIALECTS;
}

/** The dialect of a backend. */
export function dialectFor(backend: string): Dialect {
  return entryOf(backend).dialect;
}

/**
 * Attaches `value` to `backend`'s dialect under `facet` (a package does this for every
 * backend when it is imported; registering again replaces the value).
 */
export function registerDialectFacet<T>(backend: Backend, facet: DialectFacet<T>, value: T): void {
  entryOf(backend).facets.set(facet, value);
}

/**
 * The value of `facet` registered for `backend`.
 * @throws DataJointError when none is registered.
 */
export function dialectFacet<T>(backend: string, facet: DialectFacet<T>): T {
  const { facets } = entryOf(backend);
  if (!facets.has(facet)) throw new DataJointError(`No ${facet.description} is registered for the ${backend} backend.`);
  // registerDialectFacet stored a T under this facet
  return facets.get(facet) as T;
}
