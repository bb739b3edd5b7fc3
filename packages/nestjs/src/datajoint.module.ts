/**
 * `DataJointModule`: `forRoot` / `forRootAsync` once per connection name (global), and
 * `forFeature` in each module that injects schemas or table classes.
 */
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Schema } from '@dj/schema';
import type { ConnectionState } from './connection-state';
import { DataJointCoreModule } from './datajoint-core.module';
import type { DataJointModuleAsyncOptions, DataJointModuleRootOptions } from './module-definition';
import { templateOf } from './table-schema';
import { DEFAULT_CONNECTION_NAME, getConnectionStateToken, getSchemaToken, getTableToken } from './tokens';

/** What `forFeature` lists: table classes (decorated with `@schema.table`, parts too) and schemas. */
export type DataJointFeature = (abstract new () => object) | Schema;

/**
 * DataJoint in a NestJS application.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     DataJointModule.forRoot({ instance: { host: '127.0.0.1', user: 'root', password: '' }, schema: 'lab' }),
 *     DataJointModule.forFeature([Subject, Session]),
 *   ],
 *   controllers: [SubjectsController],
 * })
 * export class AppModule {}
 *
 * @Controller('subjects')
 * export class SubjectsController {
 *   constructor(@InjectTable(Subject) private readonly subjects: typeof Subject) {}
 *   @Get() list() { return this.subjects.toDicts(); }
 * }
 * ```
 */
@Module({})
export class DataJointModule {
  /**
   * The connection `name` (default `'default'`): `instance` (an Instance or its options), or
   * `tenants` (an Instance per tenant key, each request running in its tenant's scope).
   */
  static forRoot(options: DataJointModuleRootOptions): DynamicModule {
    return { module: DataJointModule, imports: [DataJointCoreModule.forRoot(options)] };
  }

  /** As {@link forRoot}, with the options from `useFactory` (given `inject`), `useClass` or `useExisting`. */
  static forRootAsync(options: DataJointModuleAsyncOptions): DynamicModule {
    return { module: DataJointModule, imports: [DataJointCoreModule.forRootAsync(options)] };
  }

  /**
   * Provides `features` bound to connection `name`: each table class (inject with
   * `@InjectTable(Class, name?)`) and each schema, listed or holding a listed class (inject
   * with `@InjectSchema(schema, name?)`). A class whose schema was declared on that
   * connection's Instance is provided as it is; one of a template schema, or of a schema on
   * another Instance, as its tenant copy there. With tenants, the classes are provided as
   * they are: inside a request they act on its tenant.
   */
  static forFeature(features: readonly DataJointFeature[], name: string = DEFAULT_CONNECTION_NAME): DynamicModule {
    const stateToken = getConnectionStateToken(name);
    const schemas = new Set<Schema>();
    const providers: Provider[] = [];
    for (const feature of features) {
      if (feature instanceof Schema) {
        schemas.add(feature);
        continue;
      }
      schemas.add(templateOf(feature));
      providers.push({ provide: getTableToken(feature, name), useFactory: (state: ConnectionState) => state.tableFor(feature), inject: [stateToken] });
    }
    for (const schema of schemas) {
      providers.push({ provide: getSchemaToken(schema, name), useFactory: (state: ConnectionState) => state.schemaFor(schema), inject: [stateToken] });
    }
    return { module: DataJointModule, providers, exports: providers };
  }
}
