/**
 * What one `schema.ready()` knows about its schema while it declares the schema's tables:
 * which tables exist (read once, not once per table), whether `~lineage` exists and which
 * tables already have rows in it, and, for the tables it creates, their keys and lineage
 * as it wrote them. Children declared in the same batch take their parents' keys and
 * lineage from here instead of reading each parent's heading back from the catalog; the
 * headings of the whole schema are read once at the end.
 *
 * A batch lives for one `ready()` call only, so what it remembers cannot go stale.
 */
import type { Connection } from '@dj/core';
import { LINEAGE_TABLE } from '@dj/core/internal';
import type { KeyAttribute } from './reference-target';

/** The keys and lineage of a table a batch created. */
interface CreatedTable {
  readonly key: readonly KeyAttribute[];
  readonly lineage: ReadonlyMap<string, string>;
}

/** One schema's declaration state during `schema.ready()`. */
export class DeclarationBatch {
  private readonly existing: Set<string>;
  private readonly withLineageRows: ReadonlySet<string>;
  private readonly created = new Map<string, CreatedTable>();

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

  /** Records a table the batch has created (and, with it, `~lineage`). */
  recordCreated(table: string, key: readonly KeyAttribute[], lineage: ReadonlyMap<string, string>): void {
    this.existing.add(table);
    this.existing.add(LINEAGE_TABLE);
    this.created.set(table, { key, lineage });
  }

  /** The primary key of a table this batch created, as declared; `null` for any other table. */
  createdKey(table: string): readonly KeyAttribute[] | null {
    return this.created.get(table)?.key ?? null;
  }

  /**
   * The lineage of an attribute of a table of `schema` this batch created, as written;
   * `undefined` when the batch did not create that table (the caller reads it).
   */
  createdLineage(schema: string, table: string, attribute: string): string | null | undefined {
    if (schema !== this.schema) return undefined;
    const created = this.created.get(table);
    return created ? (created.lineage.get(attribute) ?? null) : undefined;
  }
}
