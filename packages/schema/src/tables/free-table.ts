/**
 * FreeTable: any existing table, addressed by its full name (`schema.table`,
 * `` `schema`.`table` `` or `"schema"."table"`), with its heading read from the database.
 * Every table operation is available on it.
 */
import { inspect } from 'node:util';
import type { Connection } from '@dj/core';
import { Table } from './table';

/**
 * Any existing table, addressed by its full name (`inst.FreeTable('lab.subject')`), with its
 * heading read from the database. Every query and table operation is available on it.
 */
export class FreeTable extends Table {
  constructor(connection: Connection, fullName: string) {
    const { schema, table } = connection.adapter.splitFullTableName(fullName);
    super(connection, schema, table);
  }

  protected tableNamed(fullName: string): Table {
    return new FreeTable(this.connection, fullName);
  }

  override toString(): string {
    return `FreeTable(${this.fullTableName})`;
  }

  override [inspect.custom](): string {
    return this.toString();
  }
}
