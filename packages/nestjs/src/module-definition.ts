/**
 * `forRoot` / `forRootAsync` of the core module, made by Nest's ConfigurableModuleBuilder
 * (`useFactory`, `useClass`, `useExisting`, `imports`, `inject`), with `name` as an extra
 * that adds the providers of that connection name.
 */
import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import type { DataJointModuleOptions } from './module-options';
import { ConnectionState } from './connection-state';
import { DEFAULT_CONNECTION_NAME, getConnectionStateToken, getInstanceToken, getTenantsToken } from './tokens';

/** The state of the connection of the module it is provided in. */
export const CONNECTION_STATE = Symbol('DataJointConnectionState');

/** Besides the options: the connection name. */
export interface DataJointModuleExtras {
  /** The connection's name, for several connections in one application (default `'default'`). */
  name?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableDataJointModule,
  MODULE_OPTIONS_TOKEN: DATAJOINT_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DataJointModuleOptions>({ moduleName: 'DataJoint' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createDataJointOptions')
  .setExtras<DataJointModuleExtras>({ name: DEFAULT_CONNECTION_NAME }, (definition, { name = DEFAULT_CONNECTION_NAME }) => {
    const providers: Provider[] = [
      { provide: CONNECTION_STATE, useFactory: (options: DataJointModuleOptions) => new ConnectionState(options), inject: [DATAJOINT_MODULE_OPTIONS] },
      { provide: getConnectionStateToken(name), useExisting: CONNECTION_STATE },
      { provide: getInstanceToken(name), useFactory: (state: ConnectionState) => state.instance, inject: [CONNECTION_STATE] },
      { provide: getTenantsToken(name), useFactory: (state: ConnectionState) => state.tenants, inject: [CONNECTION_STATE] },
    ];
    return {
      ...definition,
      global: true,
      providers: [...(definition.providers ?? []), ...providers],
      exports: [...(definition.exports ?? []), getConnectionStateToken(name), getInstanceToken(name), getTenantsToken(name)],
    };
  })
  .build();

/** Options of `DataJointModule.forRoot`: the module options and `name`. */
export type DataJointModuleRootOptions = typeof OPTIONS_TYPE;
/** Options of `DataJointModule.forRootAsync`: `useFactory` / `useClass` / `useExisting`, `imports`, `inject`, `name`. */
export type DataJointModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
