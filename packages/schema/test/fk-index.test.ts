/**
 * Indexes that support foreign keys (datajoint-python's test_fk_index.py, issue #1512;
 * spec-core §4.8). PostgreSQL does not index referencing columns, so DataJoint adds an index
 * `idx_<table>_<columns>` for each foreign key that is not a left prefix of the primary key
 * or of another index. MySQL (InnoDB) makes its own. On every backend each foreign key must
 * end up served by an index, and no redundant index may be created.
 */
import * as dj from 'datajoint';
import type { Connection } from '@dj/core';
import { describeBackends, useTestInstance } from '@dj/testing';
import { indexesOf } from './helpers/catalog';

function defineTables(schema: dj.Schema) {
  @schema.table
  class Master extends dj.Manual {
    static definition = 'master_id : int32';
  }

  // A secondary foreign key: not in the primary key, so it needs an index of its own.
  @schema.table
  class Child extends dj.Manual {
    static definition = `
    child_id : int32
    ---
    -> Master
    `;
  }

  @schema.table
  class A extends dj.Manual {
    static definition = 'a_id : int32';
  }

  // A primary foreign key in a non-leading position of the key: (b_id, a_id).
  @schema.table
  class B extends dj.Manual {
    static definition = `
    b_id : int32
    -> A
    `;
  }

  @schema.table
  class P extends dj.Manual {
    static definition = 'p_id : int32';
  }

  // A leading primary foreign key: served by the primary key.
  @schema.table
  class Q extends dj.Manual {
    static definition = `
    -> P
    q_id : int32
    `;
  }

  // A secondary foreign key left-covered by a declared index.
  @schema.table
  class CoveredChild extends dj.Manual {
    static definition = `
    child_id : int32
    ---
    -> Master
    note : varchar(16)
    index (master_id, note)
    `;
  }

  // A unique foreign key: its unique index serves it.
  @schema.table
  class UniqueChild extends dj.Manual {
    static definition = `
    child_id : int32
    ---
    -> [unique] Master
    `;
  }

  @schema.table
  class Subj extends dj.Manual {
    static definition = 'subject_id : int32';
  }

  @schema.table
  class Sess extends dj.Manual {
    static definition = `
    -> Subj
    session_idx : int16
    `;
  }

  // Two secondary foreign keys sharing a column: the longer one's index covers the shorter.
  @schema.table
  class Visit extends dj.Manual {
    static definition = `
    visit_id : int32
    ---
    -> Subj
    -> Sess
    -> [nullable] P
    `;
  }

  @schema.table
  class LongKeys extends dj.Manual {
    static definition = `
    a_rather_long_key_name : int32
    another_long_key_name : int32
    `;
  }

  // Index names are cut: idx_<table>_<first 30 characters of the joined columns>.
  @schema.table
  class LongNames extends dj.Manual {
    static definition = `
    id : int32
    ---
    -> LongKeys
    `;
  }

  return { Master, Child, A, B, P, Q, CoveredChild, UniqueChild, Subj, Sess, Visit, LongKeys, LongNames };
}

/** Names of the indexes on a table that DataJoint names `idx_…` (PostgreSQL's pg_indexes). */
async function idxNames(connection: Connection, schema: string, table: string): Promise<string[]> {
  const { rows } = await connection.query<{ indexname: string }>(
    "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ? AND indexname LIKE 'idx%'",
    [schema, table],
  );
  return rows.map((r) => String(r.indexname)).sort();
}

describeBackends('foreign-key indexes on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'fkidx' });
  let t: ReturnType<typeof defineTables>;
  let postgres: boolean;

  beforeAll(async () => {
    t = defineTables(db.schema());
    await db.schema().ready();
    postgres = db.instance.connection.adapter.family === 'postgresql';
    expect(postgres).toBe(backend.name !== 'mysql');
  });

  it('indexes a secondary foreign key', async () => {
    const { connection } = db.instance;
    expect(await indexesOf(connection, db.schemaName, 'child')).toEqual(['(master_id)']);
    if (postgres) expect(await idxNames(connection, db.schemaName, 'child')).toEqual(['idx_child_master_id']);
  });

  it('indexes a primary foreign key in a non-leading position', async () => {
    const { connection } = db.instance;
    expect(t.B.heading.primaryKey).toEqual(['b_id', 'a_id']);
    expect(await indexesOf(connection, db.schemaName, 'b')).toEqual(['(a_id)']);
    if (postgres) expect(await idxNames(connection, db.schemaName, 'b')).toEqual(['idx_b_a_id']);
  });

  it('adds no index for a leading primary foreign key', async () => {
    const { connection } = db.instance;
    expect(t.Q.heading.primaryKey).toEqual(['p_id', 'q_id']);
    expect(await indexesOf(connection, db.schemaName, 'q')).toEqual([]);
    if (postgres) expect(await idxNames(connection, db.schemaName, 'q')).toEqual([]);
  });

  it('adds no index for a foreign key covered by a declared index', async () => {
    const { connection } = db.instance;
    expect(await indexesOf(connection, db.schemaName, 'covered_child')).toEqual(['(master_id,note)']);
    if (postgres) {
      const names = await idxNames(connection, db.schemaName, 'covered_child');
      expect(names).not.toContain('idx_covered_child_master_id');
      expect(names).toEqual(['idx_covered_child_master_id_note']);
    }
  });

  it('serves a unique foreign key by its unique index alone', async () => {
    const { connection } = db.instance;
    expect(await indexesOf(connection, db.schemaName, 'unique_child')).toEqual(['unique (master_id)']);
    if (postgres) expect(await idxNames(connection, db.schemaName, 'unique_child')).toEqual(['idx_unique_child_master_id']);
  });

  it('covers a shorter foreign key by the index of a longer one', async () => {
    const { connection } = db.instance;
    const indexes = await indexesOf(connection, db.schemaName, 'visit');
    expect(indexes).toContain('(subject_id,session_idx)');
    expect(indexes).toContain('(p_id)');
    if (postgres) {
      expect(indexes).toEqual(['(p_id)', '(subject_id,session_idx)']);
      expect(await idxNames(connection, db.schemaName, 'visit')).toEqual(['idx_visit_p_id', 'idx_visit_subject_id_session_idx']);
    }
  });

  it('cuts index names after 30 characters of column names', async () => {
    const { connection } = db.instance;
    expect(await indexesOf(connection, db.schemaName, 'long_names')).toEqual(['(a_rather_long_key_name,another_long_key_name)']);
    if (postgres) {
      expect(await idxNames(connection, db.schemaName, 'long_names')).toEqual([`idx_long_names_${'a_rather_long_key_name_another_long_key_name'.slice(0, 30)}`]);
    } else {
      // DataJoint leaves foreign-key indexes to InnoDB on MySQL.
      for (const table of ['child', 'b', 'visit', 'long_names']) {
        const names = (await connection.introspector.indexes(connection, db.schemaName, table)).map((i) => i.name);
        expect(names.filter((n) => n.startsWith('idx_'))).toEqual([]);
      }
    }
  });

  it('serves every foreign key of the schema by the primary key or an index', async () => {
    const { connection } = db.instance;
    const { introspector } = connection;
    const foreignKeys = (await introspector.foreignKeys(connection, [db.schemaName])).filter((fk) => fk.childSchema === db.schemaName);
    expect(foreignKeys).toHaveLength(10);
    for (const fk of foreignKeys) {
      const columns = fk.columns.map((c) => c.child);
      const prefixes = [
        await introspector.primaryKey(connection, db.schemaName, fk.childTable),
        ...(await introspector.indexes(connection, db.schemaName, fk.childTable)).map((i) => i.columns),
      ];
      const served = prefixes.some((prefix) => columns.every((c, i) => prefix[i] === c));
      expect([fk.childTable, columns, served]).toEqual([fk.childTable, columns, true]);
    }
  });

  it('keeps the foreign keys working', async () => {
    await t.Master.insert1({ master_id: 1 });
    await t.Child.insert1({ child_id: 1, master_id: 1 });
    await t.CoveredChild.insert1({ child_id: 1, master_id: 1, note: 'x' });
    await t.UniqueChild.insert1({ child_id: 1, master_id: 1 });
    await expect(t.UniqueChild.insert1({ child_id: 2, master_id: 1 })).rejects.toThrow(dj.DuplicateError);
    await expect(t.Child.insert1({ child_id: 2, master_id: 2 })).rejects.toThrow(dj.IntegrityError);
    expect(await t.Child.count()).toBe(1);
  });
});
