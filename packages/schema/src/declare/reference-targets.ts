/**
 * Reference targets for the two kinds of tables a foreign key can name: a table class
 * bound to a schema, and a table object (FreeTable, or an instance).
 */
import { DataJointError, type Heading } from '@dj/core';
import { kindOfType, parseAttributeType, type AttributeType } from '@dj/core/internal';
import { columnSqlType } from '../ddl/table-layout';
import type { Table } from '../tables/table';
import type { TableBinding } from '../tables/table-binding';
import type { KeyAttribute, ReferenceTarget } from './reference-target';
import type { TableDeclaration } from './table-declaration';

function tryParseType(type: string): AttributeType | null {
  try {
    return parseAttributeType(type);
  } catch {
    return null;
  }
}

/** Key attributes as the database has them (types exactly as stored). */
export function keyFromHeading(heading: Heading): KeyAttribute[] {
  return heading.primaryKey.map((name) => {
    const attribute = heading.get(name);
    return {
      name,
      type: attribute.type,
      kind: attribute.kind,
      comment: attribute.comment,
      enumValues: attribute.enumValues,
      declaredType: tryParseType(attribute.type),
      sqlType: () => attribute.columnType ?? attribute.sqlType,
    };
  });
}

/** Key attributes as a declaration describes them (before the table exists). */
export function keyFromDeclaration(declaration: TableDeclaration, schemaName: () => string): KeyAttribute[] {
  return declaration.primaryKey.map((name) => {
    const column = declaration.columns.find((c) => c.name === name)!;
    if (column.origin === 'foreignKey') return { ...column.key, name };
    const type = column.item.type;
    return {
      name,
      type: type.text,
      kind: kindOfType(type),
      comment: column.item.comment,
      enumValues: type.category === 'core' && type.core.name === 'enum' ? type.core.values : null,
      declaredType: type,
      sqlType: (adapter) => columnSqlType(adapter, type, schemaName()),
    };
  });
}

/** A target for a table class; `declare` declares it, `instance` gives its table object. */
export function classTarget(
  label: string,
  binding: TableBinding,
  declare: () => Promise<void>,
  instance: () => Table,
): ReferenceTarget {
  const knownKey = () => (binding.declaration ? keyFromDeclaration(binding.declaration, () => binding.schema.name) : null);
  return {
    label,
    knownKey,
    async loadKey() {
      await declare();
      // a table the running schema.ready() created: its key as declared, without reading it back
      const declared = binding.schema.declarationBatch?.created(binding.tableName) ? knownKey() : null;
      if (declared) return declared;
      const table = instance();
      await table.prepareHeading();
      return keyFromHeading(table.heading);
    },
    location: () => ({ schema: binding.schema.name, table: binding.tableName }),
    ensureDeclared: declare,
  };
}

/** A target for an existing table object. */
export function tableTarget(table: Table): ReferenceTarget {
  let known: KeyAttribute[] | null = null;
  return {
    label: table.fullTableName,
    knownKey: () => known,
    async loadKey() {
      await table.prepareHeading();
      known = keyFromHeading(table.heading);
      return known;
    },
    location: () => ({ schema: table.schemaName, table: table.tableName }),
    async ensureDeclared() {
      if (!(await table.isDeclared())) throw new DataJointError(`Referenced table ${table.fullTableName} does not exist.`);
    },
  };
}
