/**
 * DataJoint's DDL on PostgreSQL (and PGlite): enum types created first, indexes and
 * comments after CREATE TABLE, and an index for each foreign key not already covered
 * (PostgreSQL does not index referencing columns by itself). A table's statements run as
 * one `DO` block: enum types that exist already are skipped, not errors.
 */
import { createHash } from 'node:crypto';
import { DataJointError, type Connection } from '@dj/core';
import { type Adapter } from '@dj/core/internal';
import type { CreateTableStatements, DdlDialect } from './ddl-dialect';
import { indexArgumentSql } from './index-arguments';
import { postgresRules } from './postgres-rules';
import type { ColumnLayout, IndexLayout, TableLayout } from './table-layout';
import type { AlterPlan } from '../alter/alter-plan';

const MAX_IDENTIFIER = 63;

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * Index names: datajoint-python's `idx_<table>_<columns joined by _, first 30 characters>`,
 * unless that is longer than PostgreSQL keeps or names another index of the table; then
 * shortened and made unique with a hash.
 */
function indexNames(table: string, indexes: readonly IndexLayout[]): string[] {
  const used = new Set<string>();
  return indexes.map((index, i) => {
    const columns = index.args.map((a) => a.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')).join('_');
    let name = `idx_${table}_${columns.slice(0, 30)}`;
    if (name.length > MAX_IDENTIFIER || used.has(name)) {
      const hash = md5(`${table}\n${index.unique}\n${index.args.join('\n')}\n${i}`).slice(0, 8);
      name = `${name.slice(0, MAX_IDENTIFIER - hash.length - 1)}_${hash}`;
    }
    used.add(name);
    return name;
  });
}

/** Foreign-key indexes not covered as a left prefix of the primary key or of another index (longest first). */
function foreignKeyIndexes(layout: TableLayout): IndexLayout[] {
  const covered: Array<readonly string[]> = [layout.primaryKey, ...layout.indexes.map((i) => i.args)];
  const added: IndexLayout[] = [];
  const candidates = [...layout.foreignKeyIndexCandidates].sort((a, b) => b.length - a.length);
  for (const candidate of candidates) {
    const isCovered = covered.some((prefix) => candidate.every((c, i) => prefix[i] === c));
    if (!isCovered) {
      added.push({ unique: false, args: candidate });
      covered.push(candidate);
    }
  }
  return added;
}

/** Comments as datajoint-python stores them on PostgreSQL (double quotes backslash-escaped). */
function commentLiteral(adapter: Adapter, comment: string): string {
  return adapter.quoteString(comment.replace(/"/g, '\\"'));
}

/** `int auto_increment` and its kin, declared as PostgreSQL's serial types. */
function columnType(column: ColumnLayout): string {
  const auto = /^(smallint|int|integer|bigint)\s+auto_increment$/i.exec(column.sqlType);
  if (!auto) return column.sqlType;
  const base = auto[1]!.toLowerCase();
  return base === 'smallint' ? 'smallserial' : base === 'bigint' ? 'bigserial' : 'serial';
}

/** A dollar-quoted body: the tag is chosen so that it does not occur in the text. */
function dollarQuoted(body: string): string {
  let tag = 'dj';
  while (body.includes(`$${tag}$`)) tag += 'x';
  return `$${tag}$${body}$${tag}$`;
}

/**
 * Name of the enum type for `values` in declaration order: datajoint-python's name (md5 of
 * the sorted values joined by `_`), or, when a type of that name holds other values (or
 * the same in another order), a name from the values in order.
 */
function enumTypeCandidates(values: readonly string[]): [string, string] {
  return [`enum_${md5([...values].sort().join('_')).slice(0, 8)}`, `enum_${md5(JSON.stringify(values)).slice(0, 8)}`];
}

const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The enum types a table uses: existing types with the same values in order are shared, others are created. */
async function planEnumTypes(connection: Connection, layout: TableLayout): Promise<TableLayout> {
  const enums = layout.columns.filter((c) => c.enumValues);
  if (enums.length === 0) return layout;
  const { adapter } = connection;
  const candidates = [...new Set(enums.flatMap((c) => enumTypeCandidates(c.enumValues!)))];
  const { rows } = await connection.query<{ name: string; labels: string }>(
    `SELECT t.typname::text AS name, json_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text AS labels
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = ? AND t.typname::text IN (${candidates.map(() => '?').join(', ')})
      GROUP BY t.typname`,
    [layout.schema, ...candidates],
  );
  const existing = new Map(rows.map((r) => [String(r.name), JSON.parse(String(r.labels)) as string[]]));
  const columns = layout.columns.map((column): ColumnLayout => {
    if (!column.enumValues) return column;
    const values = column.enumValues;
    const name = enumTypeCandidates(values).find((candidate) => {
      const labels = existing.get(candidate);
      return labels === undefined || sameValues(labels, values);
    });
    if (name === undefined) {
      throw new DataJointError(`Cannot name a PostgreSQL enum type for the values ${JSON.stringify(values)}: both candidate names are taken.`);
    }
    const create = !existing.has(name);
    // Another column of this table may want the same name for the same values in another order.
    existing.set(name, [...values]);
    return { ...column, sqlType: `${adapter.quoteIdentifier(layout.schema)}.${adapter.quoteIdentifier(name)}`, createEnumType: create };
  });
  return { ...layout, columns };
}

/**
 * The statement that creates the enum types `columns` need (none when there are none):
 * one statement for all; a type created meanwhile by another declaration is shared, not
 * an error.
 */
function enumTypeStatements(columns: readonly ColumnLayout[], adapter: Adapter): string[] {
  const creates = new Map<string, string>();
  for (const column of columns) {
    if (column.enumValues && column.createEnumType !== false) {
      creates.set(column.sqlType, `CREATE TYPE ${column.sqlType} AS ENUM (${column.enumValues.map((v) => adapter.quoteString(v)).join(', ')});`);
    }
  }
  if (creates.size === 0) return [];
  const blocks = [...creates.values()].map((create) => `  BEGIN ${create} EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;\n`);
  return [`DO ${dollarQuoted(`\nBEGIN\n${blocks.join('')}END\n`)}`];
}

/** Nullability and default of a column, read from its null clause. */
function nullAndDefault(column: ColumnLayout): { notNull: boolean; defaultSql: string | null } {
  const m = /^(NOT NULL)?\s*(?:DEFAULT (.*))?$/s.exec(column.nullClause.trim());
  const defaultSql = m?.[2] ?? null;
  return { notNull: Boolean(m?.[1]), defaultSql: defaultSql !== null && /^null$/i.test(defaultSql) ? null : defaultSql };
}

/** Statements that give an existing column the definition of `column` (renamed before, if it was). */
function modifyColumn(fullName: string, column: ColumnLayout, adapter: Adapter): string[] {
  const alter = `ALTER TABLE ${fullName} ALTER COLUMN ${adapter.quoteIdentifier(column.name)}`;
  const q = adapter.quoteIdentifier(column.name);
  const type = columnType(column);
  // enum types take their values from text; other types convert directly
  const using = column.enumValues ? `${q}::text::${type}` : `${q}::${type}`;
  const { notNull, defaultSql } = nullAndDefault(column);
  return [
    `${alter} DROP DEFAULT`,
    `${alter} TYPE ${type} USING ${using}`,
    ...(defaultSql === null ? [] : [`${alter} SET DEFAULT ${defaultSql}`]),
    `${alter} ${notNull ? 'SET' : 'DROP'} NOT NULL`,
  ];
}

export const postgresDdl: DdlDialect = {
  rules: postgresRules,

  prepare: planEnumTypes,

  createTable(layout: TableLayout, adapter: Adapter): CreateTableStatements {
    const q = (name: string) => adapter.quoteIdentifier(name);
    const fullName = adapter.fullTableName(layout.schema, layout.table);
    const prerequisites = enumTypeStatements(layout.columns, adapter);
    const items: string[] = layout.columns.map((c) => [q(c.name), columnType(c), c.nullClause].filter(Boolean).join(' '));
    items.push(`PRIMARY KEY (${layout.primaryKey.map(q).join(', ')})`);
    for (const fk of layout.foreignKeys) {
      items.push(
        `FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${adapter.fullTableName(fk.parentSchema, fk.parentTable)} ` +
          `(${fk.parentColumns.map(q).join(', ')}) ON UPDATE CASCADE ON DELETE RESTRICT`,
      );
    }
    const after: string[] = [];
    const indexes = [...layout.indexes, ...foreignKeyIndexes(layout)];
    const names = indexNames(layout.table, indexes);
    indexes.forEach((index, i) => {
      after.push(
        `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(names[i]!)} ON ${fullName} ` +
          `(${index.args.map((a) => indexArgumentSql(adapter, a)).join(', ')})`,
      );
    });
    after.push(`COMMENT ON TABLE ${fullName} IS ${adapter.quoteString(layout.comment)}`);
    for (const column of layout.columns) {
      if (!column.inherited && column.comment) {
        after.push(`COMMENT ON COLUMN ${fullName}.${q(column.name)} IS ${commentLiteral(adapter, column.comment)}`);
      }
    }
    return { prerequisites, create: `CREATE TABLE ${fullName} (\n${items.join(',\n')}\n)`, after };
  },

  /** A `DO` block (statements in it may themselves be `DO` blocks): atomic on its own, even outside a transaction. */
  asOneStatement(statements: readonly string[]): string {
    return `DO ${dollarQuoted(`\nBEGIN\n${statements.map((statement) => `${statement};\n`).join('')}END\n`)}`;
  },

  alterTable(plan: AlterPlan, adapter: Adapter): string[] {
    const q = (name: string) => adapter.quoteIdentifier(name);
    const fullName = adapter.fullTableName(plan.schema, plan.table);
    const changes = plan.changes.filter((change) => !change.moveOnly);
    const statements = enumTypeStatements(changes.map((c) => c.column), adapter);
    for (const name of plan.drops) statements.push(`ALTER TABLE ${fullName} DROP COLUMN ${q(name)}`);
    for (const { kind, column, from } of changes) {
      if (kind === 'add') {
        statements.push(`ALTER TABLE ${fullName} ADD COLUMN ${[q(column.name), columnType(column), column.nullClause].filter(Boolean).join(' ')}`);
      } else {
        if (kind === 'rename') statements.push(`ALTER TABLE ${fullName} RENAME COLUMN ${q(from)} TO ${q(column.name)}`);
        statements.push(...modifyColumn(fullName, column, adapter));
      }
      if (!column.inherited) statements.push(`COMMENT ON COLUMN ${fullName}.${q(column.name)} IS ${column.comment ? commentLiteral(adapter, column.comment) : 'NULL'}`);
    }
    if (plan.comment !== null) statements.push(`COMMENT ON TABLE ${fullName} IS ${adapter.quoteString(plan.comment)}`);
    return statements;
  },

  lineageTable(schema: string, adapter: Adapter): string {
    const create =
      `CREATE TABLE IF NOT EXISTS ${adapter.fullTableName(schema, '~lineage')} (\n` +
      '"table_name" VARCHAR(64) NOT NULL,\n"attribute_name" VARCHAR(64) NOT NULL,\n"lineage" VARCHAR(255) NOT NULL,\n' +
      'PRIMARY KEY ("table_name", "attribute_name")\n)';
    // Inside a declaration's transaction, a concurrent first declaration in the schema may create it meanwhile.
    return `DO ${dollarQuoted(`\nBEGIN ${create}; EXCEPTION WHEN duplicate_table OR unique_violation THEN NULL; END\n`)}`;
  },

  dropTypes(schema: string, typeNames: readonly string[], adapter: Adapter): string[] {
    return typeNames.map((name) => `DROP TYPE IF EXISTS ${adapter.quoteIdentifier(schema)}.${adapter.quoteIdentifier(name)}`);
  },

  describeType(type: string): string {
    // `float` and `float(25…53)` read back as double precision, which definitions spell float(53).
    return type === 'double precision' ? 'float(53)' : type;
  },
};
