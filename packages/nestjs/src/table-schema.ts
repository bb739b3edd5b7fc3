/** The schema a table class was declared on. */
import { DataJointError } from '@dj/core';
import { bindingOf } from '@dj/schema/internal';
import { Schema } from '@dj/schema';

/**
 * The schema `cls` was decorated on (`@lab.table`), for a part class its master's.
 * @throws DataJointError for a class no schema decorated.
 */
export function templateOf(cls: abstract new () => object): Schema {
  const schema = bindingOf(cls)?.schema;
  if (!(schema instanceof Schema)) throw new DataJointError(`${cls.name} is not a table class: decorate it with @schema.table.`);
  return schema;
}
