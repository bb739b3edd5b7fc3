/**
 * What `DataJointModule.forRoot` / `forRootAsync` take: one Instance, or tenants.
 */
import type { IncomingMessage } from 'node:http';
import type { Instance, InstanceOptions, Schema } from 'datajoint';

/** Options of a module serving one Instance. */
export interface DataJointInstanceOptions {
  /** The Instance, or the options to create one with (`new dj.Instance(options)`). */
  instance: InstanceOptions | Instance;
  /**
   * The database schema that template schemas (`dj.Schema()` with no name) are bound under
   * on this Instance: a name, or a function of the template. Schemas that have a name keep
   * it unless this says otherwise.
   */
  schema?: string | ((template: Schema) => string);
  /** Close the Instance when the application shuts down (default true). */
  closeOnShutdown?: boolean;
}

/** How a module serving tenants finds and creates them. */
export interface TenantOptions {
  /**
   * The tenant key of a request (for instance from a header or the host name), or
   * `undefined` for a request that serves no tenant (it runs outside any tenant scope, so
   * table classes named directly refuse to act).
   */
  resolve(request: IncomingMessage): string | undefined | Promise<string | undefined>;
  /** The Instance options of a tenant (or an Instance made for it alone); called once per key while it is cached. */
  instance(key: string): InstanceOptions | Instance | Promise<InstanceOptions | Instance>;
  /** The database schema of a tenant for a template schema: a plain identifier. */
  schema(key: string, template: Schema): string;
  /** How many tenants' Instances stay open at once (default 100); the least recently used is closed first. */
  maxTenants?: number;
  /** Route paths the tenant middleware runs for (default every route). */
  forRoutes?: string[];
}

/** Options of a module serving tenants: each request runs inside its tenant's `run()` scope. */
export interface DataJointTenantsModuleOptions {
  tenants: TenantOptions;
}

/** Options of `DataJointModule.forRoot` (besides `name`) and what a `forRootAsync` factory returns. */
export type DataJointModuleOptions = DataJointInstanceOptions | DataJointTenantsModuleOptions;
