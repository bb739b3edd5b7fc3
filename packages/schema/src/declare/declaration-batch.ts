/**
 * What one `schema.ready()` knows about its schema while it declares the schema's tables:
 * which tables exist (read once, not once per table), whether `~lineage` exists and which
 * tables already have rows in it, and which tables it created, with their lineage as it
 * wrote them. Children declared in the same batch take such a parent's key from its
 * declaration and its lineage from here, instead of reading the parent's heading back from
 * the catalog; the headings of the whole schema are read once at the end.
 *
 * A batch lives for one `ready()` call only, so what it remembers cannot go stale.
 */
import type { Connection } from '@dj/core';
import { LINEAGE_TABLE } from '@dj/core/internal';

/** One schema's declaration state during `schema.ready()`. */
export class DeclarationBatch {
  private readonly existing: Set<string>;
  private readonly withLineageRows: ReadonlySet<string>;
  /** Tables the batch created → their lineage rows (attribute → lineage). */
  private readonly createdTables = new Map<string, ReadonlyMap<string, string>>();

  private constructor(
    /** The schema the batch declares into. */
    readonly schema: string,
    tables: readonly string[],
    withLineageRows: ReadonlySet<string>,
  ) {
    this.existing = new Set(tables);
    this.withLineageRows = withLineageRows;
  }

  /** Reads the schema's tables (and, when it has a `~lineage` table, which tables have rows there): one or two statements. */
  static async read(connection: Connection, schema: string): Promise<DeclarationBatch> {
    const tables = await connection.introspector.listTables(connection, schema);
    let withLineageRows = new Set<string>();
    if (tables.includes(LINEAGE_TABLE)) {
      const { rows } = await connection.query<{ table_name: string }>(
        `SELECT DISTINCT table_name FROM ${connection.adapter.fullTableName(schema, LINEAGE_TABLE)}`,
      );
      withLineageRows = new Set(rows.map((r) => String(r.table_name)));
    }
    return new DeclarationBatch(schema, tables, withLineageRows);
  }

  /** Whether the table exists (it did when the batch started, or the batch created it). */
  has(table: string): boolean {
    return this.existing.has(table);
  }

  /** Whether the schema's `~lineage` table exists. */
  get lineageTableExists(): boolean {
    return this.existing.has(LINEAGE_TABLE);
  }

  /** Whether `~lineage` may hold rows of `table` (left by an earlier table of that name), which a new declaration replaces. */
  mayHaveLineageRows(table: string): boolean {
    return this.withLineageRows.has(table);
  }

  /** Records a table the batch has created (and, with it, `~lineage`) and the lineage rows it wrote. */
  recordCreated(table: string, lineage: ReadonlyMap<string, string>): void {
    this.existing.add(table);
    this.existing.add(LINEAGE_TABLE);
    this.createdTables.set(table, lineage);
  }

  /** Whether this batch created the table (so that its declaration describes it exactly). */
  created(table: string): boolean {
    return this.createdTables.has(table);
  }

  /**
   * The lineage of an attribute of a table of `schema` this batch created, as written;
   * `undefined` when the batch did not create that table (the caller reads it).
   */
  createdLineage(schema: string, table: string, attribute: string): string | null | undefined {
    if (schema !== this.schema) return undefined;
    const lineage = this.createdTables.get(table);
    return lineage ? (lineage.get(attribute) ?? null) : undefined;
  }
}
