/**
 * Filling a schema's tables with test data in dependency order: parents before the tables
 * that reference them, masters before their parts, whatever order the data lists them in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bindingOf } from '@dj/schema/internal';
import { type InsertRow, type Schema, type TableClass } from '@dj/schema';

/**
 * Rows by table: keys are class names (`Subject`), parts as `Master.Part`
 * (`Session.Trial`); or a folder of CSV files named the same way (`Session.Trial.csv`).
 */
export type SeedData = Readonly<Record<string, Iterable<InsertRow>>> | string;

/** The classes of `schema` in dependency order, each with the name seed data uses for it. */
function seedOrder(schema: Schema): Array<[string, TableClass]> {
  const order: Array<[string, TableClass]> = [];
  for (const [name, cls] of Object.entries(schema.tables)) {
    order.push([name, cls]);
    for (const part of bindingOf(cls)?.parts ?? []) order.push([`${name}.${part.name}`, part as TableClass]);
  }
  return order;
}

/**
 * Inserts `data` into the tables of `schema` (a tenant made by `schema.on()`, or a schema
 * the classes were bound to), in dependency order. CSV files are read by their header.
 * @throws Error naming the keys or files that match no table of the schema.
 */
export async function seedTables(schema: Schema, data: SeedData): Promise<void> {
  const order = seedOrder(schema);
  const names = new Set(order.map(([name]) => name));
  const sources = new Map<string, Iterable<InsertRow> | string>();
  if (typeof data === 'string') {
    for (const file of fs.readdirSync(data).filter((f) => f.endsWith('.csv'))) sources.set(file.slice(0, -'.csv'.length), path.join(data, file));
  } else {
    for (const [name, rows] of Object.entries(data)) sources.set(name, rows);
  }
  const unknown = [...sources.keys()].filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new Error(`Seed data names no table of ${schema}: ${unknown.join(', ')}. Tables: ${[...names].join(', ')}.`);
  }
  for (const [name, cls] of order) {
    const source = sources.get(name);
    if (source !== undefined) await cls.insert(typeof source === 'string' ? source : [...source]);
  }
}
