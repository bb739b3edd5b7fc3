/**
 * Fresh schemas for tests that each declare their own tables (as the upstream
 * `schema_by_backend` fixture does): made on demand, dropped after each test, most
 * recent first so that downstream schemas go before the schemas they reference.
 */
import * as dj from 'datajoint';
import { uniqueSchemaName, type TestInstanceContext } from '@dj/testing';

/** Registers an `afterEach` that drops the schemas made by the returned function. */
export function useFreshSchemas(db: TestInstanceContext): (label: string, options?: Omit<dj.SchemaOptions, 'connection'>) => dj.Schema {
  const made: dj.Schema[] = [];
  afterEach(async () => {
    const schemas = made.splice(0).reverse();
    for (const schema of schemas) await schema.drop({ prompt: false });
  });
  return (label, options = {}) => {
    const schema = db.instance.Schema(uniqueSchemaName(label), options);
    made.push(schema);
    return schema;
  };
}

/** Row counts of tables, by the names given. */
export async function countsOf(tables: Record<string, { count(): Promise<number> }>): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) result[name] = await table.count();
  return result;
}
