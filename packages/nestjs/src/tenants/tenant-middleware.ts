/**
 * The middleware that serves each request inside its tenant's scope: the tenant is resolved
 * from the request, held open (not evicted and closed) until the response is over, and the
 * rest of the request, controller included, runs in its `run()` scope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DataJointError } from '@dj/core';
import type { TenantOptions } from '../module-options';
import type { DataJointTenants } from './data-joint-tenants';

/** An Express-style middleware function (Nest applies it to Express and Fastify alike). */
export type MiddlewareFunction = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** The middleware for `tenants`, resolving keys with `options.resolve`. */
export function tenantMiddleware(tenants: DataJointTenants, options: TenantOptions): MiddlewareFunction {
  return (request, response, next) => {
    const serve = async (): Promise<(() => void) | null> => {
      const key = await options.resolve(request);
      if (key === undefined || key === '') return null;
      if (typeof key !== 'string') throw new DataJointError(`tenants.resolve must return a string or undefined, got ${typeof key}.`);
      const lease = await tenants.lease(key);
      response.once('close', lease.release);
      return () => void lease.tenant.run(() => next());
    };
    serve().then((proceed) => (proceed ? proceed() : next()), next);
  };
}
