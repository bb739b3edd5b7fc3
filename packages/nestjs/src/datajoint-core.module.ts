/**
 * The global module of one connection name: provides its Instance or tenants, applies the
 * tenant middleware, and closes what it opened when the application shuts down.
 */
import { Inject, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ConnectionState } from './connection-state';
import { CONNECTION_STATE, ConfigurableDataJointModule } from './module-definition';
import { tenantMiddleware } from './tenants/tenant-middleware';

/** Every route, in the path syntax of Nest 11 (path-to-regexp 8). */
const ALL_ROUTES = '{*path}';

@Module({})
export class DataJointCoreModule extends ConfigurableDataJointModule implements NestModule {
  constructor(@Inject(CONNECTION_STATE) private readonly state: ConnectionState) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    const { tenants } = this.state;
    if (!tenants) return;
    const options = tenants.options;
    const routes = options.forRoutes ?? [ALL_ROUTES];
    consumer.apply(tenantMiddleware(tenants, options)).forRoutes(...routes.map((path) => ({ path, method: RequestMethod.ALL })));
  }
}
