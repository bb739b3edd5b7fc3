/**
 * Parameter and property decorators that inject what `DataJointModule` provides.
 */
import { Inject } from '@nestjs/common';
import type { Schema } from 'datajoint';
import { getInstanceToken, getSchemaToken, getTableToken, getTenantsToken } from './tokens';

/** Injects the Instance of connection `name` (see `DataJointModule.forRoot`). */
export function InjectInstance(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getInstanceToken(name));
}

/**
 * Injects `schema` bound to connection `name`: the schema itself when it was declared on
 * that connection's Instance, else its tenant there (`schema.on(instance, ...)`). Needs
 * `DataJointModule.forFeature([schema or one of its classes], name)` in the module.
 */
export function InjectSchema(schema: Schema, name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getSchemaToken(schema, name));
}

/**
 * Injects the table class `cls` bound to connection `name` (its tenant copy when its schema
 * was declared elsewhere), typed as `typeof cls`. Needs `DataJointModule.forFeature([cls], name)`.
 */
export function InjectTable(cls: abstract new () => object, name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getTableToken(cls, name));
}

/** Injects the {@link DataJointTenants} of connection `name` (a module configured with `tenants`). */
export function InjectTenants(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getTenantsToken(name));
}
