import { Instance as CoreInstance, type InstanceOptions } from '@dj/core';
import { FreeTable as FreeTableClass, Schema as SchemaClass, type SchemaOptions } from '@dj/schema';

/**
 * An isolated DataJoint context — its own settings and connection — that also builds
 * schemas and free tables bound to that connection.
 *
 * @example
 * ```ts
 * const inst = new dj.Instance({ host: '127.0.0.1', user: 'root', password: '' });
 * const schema = inst.Schema('lab');
 * const subject = inst.FreeTable('lab.subject');
 * ```
 */
export class Instance extends CoreInstance {
  constructor(options: InstanceOptions = {}) {
    super(options);
  }

  /** A schema on this Instance's connection. */
  Schema(name: string, options: Omit<SchemaOptions, 'connection'> = {}): SchemaClass {
    return new SchemaClass(name, { ...options, connection: this.connection });
  }

  /** An existing table (`'schema.table'`, `` '`schema`.`table`' ``) on this Instance's connection. */
  FreeTable(fullName: string): FreeTableClass {
    return new FreeTableClass(this.connection, fullName);
  }
}
