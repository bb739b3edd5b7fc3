/**
 * The middleware that serves each request inside its tenant's scope: the tenant is resolved
 * from the request, held open (not evicted and closed) until the response is over, and the
 * rest of the request, controller included, runs in its `run()` scope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DataJointError } from '@dj/core';
import type { TenantOptions } from '../module-options';
import type { DataJointTenants, TenantLease } from './data-joint-tenants';

/** An Express-style middleware function (Nest applies it to Express and Fastify alike). */
export type MiddlewareFunction = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The middleware for `tenants`, resolving keys with `options.resolve`. A key resolved at
 * once, of a tenant already open, is served without a promise: every request passes here.
 */
export function tenantMiddleware(tenants: DataJointTenants, options: TenantOptions): MiddlewareFunction {
  return (request, response, next) => {
    const enter = (lease: TenantLease): void => {
      response.once('close', lease.release);
      lease.tenant.enter(() => next());
    };
    const serve = (key: string | undefined): void => {
      if (key === undefined || key === '') return next();
      if (typeof key !== 'string') return next(new DataJointError(`tenants.resolve must return a string or undefined, got ${typeof key}.`));
      const lease = tenants.leaseNow(key);
      if (lease instanceof Promise) lease.then(enter, next);
      else enter(lease);
    };
    let key: ReturnType<TenantOptions['resolve']>;
    try {
      key = options.resolve(request);
    } catch (err) {
      return next(err);
    }
    if (key instanceof Promise) key.then(serve, next);
    else serve(key);
  };
}
