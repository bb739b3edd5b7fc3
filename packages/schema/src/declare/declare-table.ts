/**
 * Declaring a table class in the database, once: referenced tables first, then the DDL of
 * the table's backend, then its `~lineage` rows. Tables that exist already are left as they
 * are (their missing lineage rows are filled in).
 */
import {
  AccessError,
  DataJointError,
  type Connection,
  type Heading,
} from '@dj/core';
import { clearHeadingCache, clearTableHeading } from '@dj/core/internal';
import { checkForBackend } from '../ddl/backend-rules';
import { ddlFor } from '../ddl/ddl-dialect';
import { layoutTable } from '../ddl/table-layout';
import type { Table } from '../tables/table';
import { requireBinding, type TableBinding } from '../tables/table-binding';
import type { KeyAttribute, ReferenceTarget } from './reference-target';
import { resolveDeclaration, type TableDeclaration } from './table-declaration';
import { deleteLineageRowsSql, lineageRows, lineageStatements, writeLineage } from './lineage-writer';
import type { DeclarationBatch } from './declaration-batch';

/** A table class as the declaration code sees it. */
export interface DeclarableClass {
  readonly name: string;
  instance(): Table;
}

/** How a table is named in messages. */
export function tableLabel(cls: { readonly name: string }, binding: TableBinding): string {
  return binding.schema.isActivated
    ? `${binding.schema.connection.adapter.fullTableName(binding.schema.name, binding.tableName)} (class ${cls.name})`
    : `class ${cls.name}`;
}

/**
 * Declares the table of a class unless it exists; resolves when the table is in the
 * database. Concurrent calls share one declaration.
 */
export function declareTableClass(cls: DeclarableClass): Promise<void> {
  const binding = requireBinding(cls);
  if (!binding.declaring) {
    const declaring = declare(cls, binding).then(
      () => {
        if (binding.declaring === declaring) binding.declared = true;
      },
      (err: unknown) => {
        binding.declaring = null;
        throw err;
      },
    );
    binding.declaring = declaring;
  }
  return binding.declaring;
}

/** Resolves the declaration of a class, reading referenced keys from the database as needed. */
export async function resolveBindingDeclaration(cls: DeclarableClass, binding: TableBinding): Promise<TableDeclaration> {
  const targets = [...binding.targets.values()];
  for (const target of targets) await target.ensureDeclared();
  const keys = new Map<ReferenceTarget, readonly KeyAttribute[]>();
  for (const target of targets) keys.set(target, await target.loadKey());
  const config = binding.schema.connection.config;
  binding.declaration = resolveDeclaration(binding.parsed!, {
    label: tableLabel(cls, binding),
    tier: binding.tier,
    targets: binding.targets,
    keyOf: (target) => keys.get(target)!,
    allowNewKeyInAutoPopulated: config.jobs.allow_new_pk_fields_in_computed_tables,
  });
  return binding.declaration;
}

async function declare(cls: DeclarableClass, binding: TableBinding): Promise<void> {
  const schema = binding.schema;
  await schema.prepareDatabase();
  if (binding.master) await declareTableClass(binding.master as unknown as DeclarableClass);
  const table = cls.instance();
  const batch = schema.declarationBatch;
  if (batch ? batch.has(binding.tableName) : await table.isDeclared()) return;
  if (binding.parsed === null || !schema.createTables) {
    throw new DataJointError(`The table ${table.fullTableName} is not defined.`);
  }
  const connection = schema.connection;
  if (connection.inTransaction) {
    throw new DataJointError('Cannot declare new tables inside a transaction, e.g. from inside a populate/make call');
  }
  const declaration = await resolveBindingDeclaration(cls, binding);
  await createTable(connection, schema.name, binding.tableName, declaration, table, { label: tableLabel(cls, binding), batch });
}

/**
 * Creates the table of a resolved declaration (DDL, then its `~lineage` rows). Used for
 * table classes and for hidden tables such as jobs tables, whose definitions DataJoint
 * writes itself (`internal`: no advice about native types). `label` names the table in
 * messages.
 *
 * Everything the backend would refuse is checked before the first statement. Where DDL is
 * transactional (PostgreSQL, PGlite), enum types, table, indexes, comments and lineage rows
 * are one statement, all or nothing, in one round trip; elsewhere (MySQL) a failure after
 * CREATE TABLE drops the table again. Either way a failed declaration leaves nothing behind.
 *
 * With a `batch` (a `schema.ready()` in progress), what the batch knows about the schema
 * spares statements: `~lineage` is created once, and old lineage rows are deleted only
 * where there are some; the batch records the new table and its lineage.
 */
export async function createTable(
  connection: Connection,
  schema: string,
  tableName: string,
  declaration: TableDeclaration,
  table: Table,
  { internal = false, label = table.fullTableName, batch = null }: { internal?: boolean; label?: string; batch?: DeclarationBatch | null } = {},
): Promise<void> {
  const { adapter, config } = connection;
  if (tableName.length > adapter.maxTableNameLength) {
    throw new DataJointError(`Table name \`${tableName}\` exceeds the max length of ${adapter.maxTableNameLength}`);
  }
  const dialect = ddlFor(connection);
  const checked = layoutTable(declaration, schema, tableName, adapter, config);
  checkForBackend(dialect.rules, declaration, checked, label);
  for (const column of declaration.columns) {
    if (!internal && column.origin === 'attribute' && column.item.type.category === 'native') {
      config.logger.warn(
        `Native type '${column.item.type.text}' is used in attribute '${column.name}'. Consider using a core DataJoint type for better portability.`,
      );
    }
  }
  const layout = await dialect.prepare(connection, checked);
  const statements = dialect.createTable(layout, adapter);
  const fullName = adapter.fullTableName(schema, tableName);
  const knownLineage = batch ? (s: string, t: string, a: string) => batch.createdLineage(s, t, a) : undefined;
  let created = false;
  try {
    const lineage = await lineageRows(connection, schema, tableName, declaration, layout.primaryKey, knownLineage);
    const ensureLineageTable = batch?.lineageTableExists ? [] : [dialect.lineageTable(schema, adapter)];
    const writeRows = lineageStatements(adapter, schema, tableName, lineage, batch?.mayHaveLineageRows(tableName) ?? true);
    const all = [...ensureLineageTable, ...statements.prerequisites, statements.create, ...statements.after, ...writeRows];
    const single = dialect.asOneStatement(all);
    if (single !== null) {
      await connection.query(single);
    } else {
      // DDL commits at once here: ~lineage first, so that only row writes follow CREATE TABLE.
      for (const statement of [...ensureLineageTable, ...statements.prerequisites]) await connection.query(statement);
      await connection.query(statements.create);
      created = true;
      for (const statement of [...statements.after, ...writeRows]) await connection.query(statement);
    }
    batch?.recordCreated(tableName, lineage);
  } catch (err) {
    if (created) {
      await undoCreate(connection, schema, tableName);
      throw err;
    }
    // The table may have been declared meanwhile by another process: then it is there, as asked.
    if (await table.isDeclared().catch(() => false)) return;
    if (err instanceof AccessError) {
      throw new AccessError(
        `Cannot declare table ${fullName}. Check that you have CREATE privilege on schema ` +
          `\`${schema}\` and REFERENCES privilege on any referenced parent tables.`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    // a new table changes no other table's heading
    clearTableHeading(connection, schema, tableName);
  }
}

/** Drops a table this declaration created, and its lineage rows (best effort: the original error is what matters). */
async function undoCreate(connection: Connection, schema: string, tableName: string): Promise<void> {
  const { adapter } = connection;
  await connection.query(`DROP TABLE IF EXISTS ${adapter.fullTableName(schema, tableName)}`).catch(() => undefined);
  await connection.query(deleteLineageRowsSql(adapter, schema, tableName)).catch(() => undefined);
}

/**
 * Fills in missing `~lineage` rows of an existing table (a table declared before lineage
 * existed, or whose rows were lost). Healthy tables cost no write; failures are only logged.
 */
export async function healLineage(cls: DeclarableClass, binding: TableBinding, heading: Heading): Promise<boolean> {
  if (binding.parsed === null || !binding.schema.createTables) return false;
  const keys = heading.allAttributes.filter((a) => a.inKey);
  if (keys.length === 0 || keys.every((a) => a.lineage !== null)) return false;
  try {
    const declaration = await resolveBindingDeclaration(cls, binding);
    await writeLineage(binding.schema.connection, binding.schema.name, binding.tableName, declaration, keys.map((a) => a.name));
    clearHeadingCache(binding.schema.connection);
    return true;
  } catch (err) {
    binding.schema.logger.warn(
      `Could not refresh lineage for ${cls.instance().fullTableName}: ${(err as Error).message}. ` +
        'If you encounter `different lineages` errors, run `schema.rebuildLineage()` to rebuild from current FK definitions.',
    );
    return false;
  }
}
