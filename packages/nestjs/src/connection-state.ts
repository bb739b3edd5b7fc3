/**
 * What one connection name of `DataJointModule` serves: one Instance, or tenants. It binds
 * the classes and schemas `forFeature` lists, and closes what it opened at shutdown.
 */
import type { OnApplicationShutdown } from '@nestjs/common';
import { DataJointError } from '@dj/core';
import { Instance } from 'datajoint';
import type { Schema } from '@dj/schema';
import type { DataJointInstanceOptions, DataJointModuleOptions } from './module-options';
import { templateOf } from './table-schema';
import { DataJointTenants } from './tenants/data-joint-tenants';

/** @internal The state of one connection name. */
export class ConnectionState implements OnApplicationShutdown {
  /** The Instance of a module serving one; `null` for one serving tenants. */
  readonly instance: Instance | null;
  /** The tenants of a module serving them; `null` for one serving an Instance. */
  readonly tenants: DataJointTenants | null;
  private readonly single: DataJointInstanceOptions | null;

  constructor(options: DataJointModuleOptions) {
    if ('tenants' in options && options.tenants) {
      this.tenants = new DataJointTenants(options.tenants);
      this.instance = null;
      this.single = null;
    } else if ('instance' in options && options.instance) {
      this.instance = options.instance instanceof Instance ? options.instance : new Instance(options.instance);
      this.tenants = null;
      this.single = options;
    } else {
      throw new DataJointError('DataJointModule.forRoot needs `instance` (an Instance or its options) or `tenants`.');
    }
  }

  /**
   * `schema` for this connection: itself when it was declared on this Instance, else its
   * tenant on this Instance; with tenants, the template itself, whose classes act on the
   * tenant of each request.
   */
  schemaFor(schema: Schema): Schema {
    if (this.tenants) {
      this.tenants.addTemplate(schema);
      return schema;
    }
    const instance = this.instance!;
    if (schema.isActivated && schema.connection === instance.connection) return schema;
    const option = this.single!.schema;
    const name = typeof option === 'function' ? option(schema) : (option ?? (schema.isActivated ? schema.name : undefined));
    if (!name) throw new DataJointError(`DataJointModule.forRoot: ${schema} has no name; pass \`schema\` to name it on this Instance.`);
    return schema.on(instance, name);
  }

  /** The class `cls` for this connection (see {@link schemaFor}), typed as `cls`. */
  tableFor<C extends abstract new () => object>(cls: C): C {
    const template = templateOf(cls);
    const bound = this.schemaFor(template);
    return bound === template ? cls : bound.get(cls);
  }

  /** Closes the Instance (unless `closeOnShutdown: false`) or every tenant's. */
  async onApplicationShutdown(): Promise<void> {
    if (this.tenants) await this.tenants.close();
    else if (this.single!.closeOnShutdown !== false) await this.instance!.close();
  }
}
