/**
 * One tenant while it is cached: its key, its own Instance, and the tenant of every
 * template schema on that Instance.
 */
import { DataJointError } from '@dj/core';
import type { Instance } from 'datajoint';
import { tenantScope } from '@dj/schema/internal';
import type { PreparedScope } from '@dj/core/internal';
import { templateOf } from '../table-schema';
import type { Schema } from '@dj/schema';

/** A tenant being served: what `DataJointTenants.current()` and `get()` return. */
export class ActiveTenant {
  /** One async-context scope for the tenant and all its schemas, prepared once: every request enters it. */
  private readonly scope: PreparedScope;

  /**
   * @param scopeKey the async-context key under which its registry finds the current tenant
   */
  constructor(
    readonly key: string,
    readonly instance: Instance,
    private readonly schemas: ReadonlyMap<Schema, Schema>,
    scopeKey: object,
  ) {
    this.scope = tenantScope(schemas.values(), scopeKey, this);
  }

  /**
   * The tenant of `template` (a schema whose classes `DataJointModule.forFeature` registered).
   * @throws DataJointError for a schema the module does not know.
   */
  schema(template: Schema): Schema {
    const tenant = this.schemas.get(template);
    if (!tenant) throw new DataJointError(`${template} is not a schema of the tenants: list its classes in DataJointModule.forFeature([...]).`);
    return tenant;
  }

  /** The copy of `cls` that acts on this tenant, typed as `cls`. */
  get<C extends abstract new () => object>(cls: C): C {
    return this.schema(templateOf(cls)).get(cls);
  }

  /**
   * Runs `fn` with every class of the tenants' template schemas, named directly, acting on
   * this tenant, and this tenant as the current one.
   */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.scope(async () => fn());
  }

  /**
   * Calls `fn` at once inside this tenant's scope and returns what it returns (the
   * middleware's way in: no promise of its own per request).
   * @internal
   */
  enter<T>(fn: () => T): T {
    return this.scope(fn);
  }

  /** `tenant {"org":"a"}`: the tenant's key. */
  toString(): string {
    return `tenant ${JSON.stringify(this.key)}`;
  }
}
