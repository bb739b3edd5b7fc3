import { DataJointError } from '../errors';
import type { Backend } from '../settings/settings';
import type { Dialect } from './dialect';
import { mysqlDialect } from './mysql/mysql-dialect';
import { pgliteDialect } from './pglite/pglite-dialect';
import { postgresDialect } from './postgresql/postgres-dialect';

const DIALECTS: Record<Backend, Dialect> = {
  mysql: mysqlDialect,
  postgresql: postgresDialect,
  pglite: pgliteDialect,
};

/** The dialect of a backend. */
export function dialectFor(backend: string): Dialect {
  const dialect = DIALECTS[backend as Backend];
  if (!dialect) {
    throw new DataJointError(`Unknown database backend: ${backend}. Supported backends: mysql, postgresql, pglite.`);
  }
  return dialect;
}
