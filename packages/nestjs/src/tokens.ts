/**
 * Injection tokens: one per connection name for the Instance and the tenants, one per
 * (schema, connection name) and per (table class, connection name). Tests override them
 * with `Test.createTestingModule(...).overrideProvider(getTableToken(Subject))`.
 */
import { Instance, type Schema } from 'datajoint';

/** The name of the connection when none is given. */
export const DEFAULT_CONNECTION_NAME = 'default';

/** Tokens made for objects (classes, schemas), per connection name: the same object and name give the same token. */
const objectTokens = new WeakMap<object, Map<string, symbol>>();

function objectToken(kind: string, target: object, label: string, name: string): symbol {
  const byName = objectTokens.get(target) ?? new Map<string, symbol>();
  objectTokens.set(target, byName);
  let token = byName.get(`${kind}:${name}`);
  if (!token) {
    token = Symbol(`DataJoint${kind}(${label}${name === DEFAULT_CONNECTION_NAME ? '' : `, ${name}`})`);
    byName.set(`${kind}:${name}`, token);
  }
  return token;
}

/**
 * The token of the Instance of connection `name`. For the default connection it is the
 * `Instance` class itself, so `constructor(private readonly inst: dj.Instance)` needs no decorator.
 */
export function getInstanceToken(name: string = DEFAULT_CONNECTION_NAME): string | typeof Instance {
  return name === DEFAULT_CONNECTION_NAME ? Instance : `DataJointInstance(${name})`;
}

/** The token of the tenants ({@link DataJointTenants}) of connection `name`. */
export function getTenantsToken(name: string = DEFAULT_CONNECTION_NAME): string {
  return `DataJointTenants(${name})`;
}

/** The token of `schema` as bound to connection `name`. */
export function getSchemaToken(schema: Schema, name: string = DEFAULT_CONNECTION_NAME): symbol {
  return objectToken('Schema', schema, schema.isActivated ? schema.name : 'template', name);
}

/** The token of the table class `cls` as bound to connection `name`. */
export function getTableToken(cls: abstract new () => object, name: string = DEFAULT_CONNECTION_NAME): symbol {
  return objectToken('Table', cls, cls.name, name);
}

/** @internal The token of the connection state of `name` (what forFeature providers read). */
export function getConnectionStateToken(name: string = DEFAULT_CONNECTION_NAME): string {
  return `DataJointConnectionState(${name})`;
}
