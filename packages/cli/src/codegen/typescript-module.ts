/**
 * `dj codegen`: TypeScript source declaring table classes for an existing schema (one
 * declared by datajoint-python, or by another project): each table's `describe()` as the
 * `definition` of a class of its tier, parts as static classes of their masters, masters
 * ordered so that every class is decorated after the classes its tables (and its parts'
 * tables) reference.
 */
import { DataJointError, VERSION, type Connection } from '@dj/core';
import { splitPartTableName, tierOfTableName, toCamelCase, type Tier } from '@dj/core/internal';
import { FreeTable, Schema } from '@dj/schema';

const TIER_CLASS: Record<Tier, string> = { manual: 'Manual', lookup: 'Lookup', imported: 'Imported', computed: 'Computed', part: 'Part' };
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A table's definition as the body of a template literal. */
function templateLiteral(text: string, indent: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  const lines = escaped.trimEnd().split('\n').map((line) => (line ? `${indent}  ${line}` : ''));
  return `\`\n${lines.join('\n')}\n${indent}\``;
}

interface MasterGroup {
  table: string;
  className: string;
  tier: Tier;
  parts: Array<{ table: string; className: string }>;
}

/** Masters ordered so that each comes after every master whose group its group references. */
function orderedGroups(groups: MasterGroup[], edges: ReadonlyArray<{ child: string; parent: string }>, rank: ReadonlyMap<string, number>): MasterGroup[] {
  const groupOf = new Map<string, MasterGroup>();
  for (const group of groups) {
    groupOf.set(group.table, group);
    for (const part of group.parts) groupOf.set(part.table, group);
  }
  const needs = new Map(groups.map((g) => [g, new Set<MasterGroup>()]));
  for (const { child, parent } of edges) {
    const from = groupOf.get(child);
    const to = groupOf.get(parent);
    if (from && to && from !== to) needs.get(from)!.add(to);
  }
  const ordered: MasterGroup[] = [];
  const placed = new Set<MasterGroup>();
  const byRank = [...groups].sort((a, b) => rank.get(a.table)! - rank.get(b.table)!);
  while (ordered.length < groups.length) {
    const next = byRank.find((g) => !placed.has(g) && [...needs.get(g)!].every((n) => placed.has(n)));
    if (!next) throw new DataJointError('The tables of the schema reference each other in a cycle through their parts; no declaration order exists.');
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/**
 * TypeScript source of table classes for schema `schemaName`, bound to a deferred
 * `schema` (activate it with `schema.activate(name, { instance })`).
 * @throws DataJointError when the schema does not exist or names are not usable in TypeScript.
 */
export async function generateSchemaModule(connection: Connection, schemaName: string): Promise<string> {
  const schema = new Schema(schemaName, { connection, createSchema: false, createTables: false });
  if (!(await schema.exists())) throw new DataJointError(`Schema \`${schemaName}\` does not exist.`);
  const tables = await schema.listTables();
  const rank = new Map(tables.map((t, i) => [t, i]));
  const groups = new Map<string, MasterGroup>();
  for (const table of tables) {
    const tier = tierOfTableName(table);
    if (tier === null || tier === 'part') continue;
    groups.set(table, { table, className: toCamelCase(table), tier, parts: [] });
  }
  for (const table of tables) {
    const part = splitPartTableName(table);
    if (!part || tierOfTableName(table) !== 'part') continue;
    const master = groups.get(part.master);
    if (!master) throw new DataJointError(`The table ${table} does not follow DataJoint naming conventions`);
    master.parts.push({ table, className: toCamelCase(part.part) });
  }
  const foreignKeys = await connection.introspector.foreignKeys(connection, [schemaName]);
  const inSchema = foreignKeys.filter((fk) => fk.childSchema === schemaName);
  const otherSchemas = [...new Set(inSchema.filter((fk) => fk.parentSchema !== schemaName).map((fk) => fk.parentSchema))].sort();
  for (const name of otherSchemas) {
    if (!IDENTIFIER.test(name)) throw new DataJointError(`Schema \`${name}\`, referenced by \`${schemaName}\`, is not a TypeScript identifier.`);
  }
  const ordered = orderedGroups([...groups.values()], inSchema.map((fk) => ({ child: fk.childTable, parent: fk.parentTable })), rank);

  const describe = (table: string) => new FreeTable(connection, connection.adapter.fullTableName(schemaName, table)).describe();
  const out: string[] = [
    '/**',
    ` * Table classes of schema \`${schemaName}\`, generated from the database by \`dj codegen\``,
    ` * (DataJoint ${VERSION}). Bind them before use:`,
    ` * \`schema.activate('${schemaName}', { instance })\`, or per Instance \`schema.on(instance, '${schemaName}')\`.`,
    ' */',
    "import * as dj from 'datajoint';",
    ...otherSchemas.map((name) => `import * as ${name} from './${name}';`),
    '',
    otherSchemas.length
      ? `export const schema = dj.Schema(null, { context: { ${otherSchemas.join(', ')} } });`
      : 'export const schema = dj.Schema();',
  ];
  for (const group of ordered) {
    out.push('', '@schema.table', `export class ${group.className} extends dj.${TIER_CLASS[group.tier]} {`);
    out.push(`  static readonly definition = ${templateLiteral(await describe(group.table), '  ')};`);
    for (const part of group.parts) {
      out.push('', `  static readonly ${part.className} = class ${part.className} extends dj.Part {`);
      out.push(`    static readonly definition = ${templateLiteral(await describe(part.table), '    ')};`);
      out.push('  };');
    }
    out.push('}');
  }
  return out.join('\n') + '\n';
}
