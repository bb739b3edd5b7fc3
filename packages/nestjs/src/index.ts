/**
 * @dj/nestjs — DataJoint in NestJS applications: `DataJointModule.forRoot` /
 * `forRootAsync` / `forFeature`, injected Instances, schemas and table classes, named
 * connections, and tenants (an Instance per tenant, each request in its tenant's scope).
 *
 * ```ts
 * import { DataJointModule, InjectTable } from '@dj/nestjs';
 * ```
 * @packageDocumentation
 */
import 'reflect-metadata';

export { DataJointModule, type DataJointFeature } from './datajoint.module';
export type { DataJointModuleAsyncOptions, DataJointModuleExtras, DataJointModuleRootOptions } from './module-definition';
export type { DataJointInstanceOptions, DataJointModuleOptions, DataJointTenantsModuleOptions, TenantOptions } from './module-options';
export { InjectInstance, InjectSchema, InjectTable, InjectTenants } from './inject.decorators';
export { DEFAULT_CONNECTION_NAME, getInstanceToken, getSchemaToken, getTableToken, getTenantsToken } from './tokens';
export { DataJointTenants, DEFAULT_MAX_TENANTS, type TenantLease } from './tenants/data-joint-tenants';
export { ActiveTenant } from './tenants/active-tenant';
