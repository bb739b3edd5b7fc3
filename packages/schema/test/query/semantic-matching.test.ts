/**
 * datajoint-python's `tests/integration/test_semantic_matching.py` (spec-query §1, §19.8) on
 * every backend: lineage of key, inherited and secondary attributes; joins and
 * restrictions refused on namesakes of different lineage unless `semanticCheck: false`;
 * lineage through projections; dj.U operators; `schema.rebuildLineage()`; auto-healing
 * of missing `~lineage` rows when a table class is bound again.
 *
 * Not ported: the removed operators `@` and `^` (TypeScript has no operator overloading,
 * so there is nothing to remove).
 */
import * as dj from 'datajoint';
import { clearHeadingCache } from '@dj/core/internal';
import { type Connection } from '@dj/core';
import { createTestInstance, describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { lineageRows } from '../helpers/catalog';
import { collectLogs } from '../helpers/collect-logs';
import { recordQueries } from '../helpers/record-queries';

function defineSemantic(schema: dj.Schema) {
  @schema.table
  class Student extends dj.Manual {
    static definition = `
    student_id : int32
    ---
    name : varchar(100)
    `;
  }

  @schema.table
  class Course extends dj.Manual {
    static definition = `
    course_id : int32
    ---
    title : varchar(100)
    `;
  }

  @schema.table
  class Enrollment extends dj.Manual {
    static definition = `
    -> Student
    -> Course
    ---
    grade : varchar(2)
    `;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = `
    session_id : int32
    ---
    date : date
    `;
  }

  @schema.table
  class Trial extends dj.Manual {
    static definition = `
    -> Session
    trial_num : int32
    ---
    stimulus : varchar(100)
    `;
  }

  @schema.table
  class TableWithId1 extends dj.Manual {
    static definition = `
    id : int32
    ---
    value1 : int32
    `;
  }

  @schema.table
  class TableWithId2 extends dj.Manual {
    static definition = `
    id : int32
    ---
    value2 : int32
    `;
  }
  return { Student, Course, Enrollment, Session, Trial, TableWithId1, TableWithId2 };
}

type Tables = ReturnType<typeof defineSemantic>;

/** The statements that write to `~lineage` while `fn` runs. */
async function lineageWrites(connection: Connection, fn: () => Promise<unknown>): Promise<string[]> {
  const writes: string[] = [];
  const spy = recordQueries(connection, (sql) => {
    const lower = sql.toLowerCase();
    if (lower.includes('lineage') && (lower.includes('delete') || lower.includes('insert'))) writes.push(sql);
  });
  try {
    await fn();
    expect(spy).toHaveBeenCalled();
  } finally {
    spy.mockRestore();
  }
  return writes;
}

describeBackends('semantic matching (test_semantic_matching.py) on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'semantic' });
  let t: Tables;
  let s: string;
  const lineageTable = () => db.instance.connection.adapter.fullTableName(db.schemaName, '~lineage');
  const run = (sql: string, params: unknown[] = []) => db.instance.connection.query(sql, params);

  beforeAll(async () => {
    s = db.schemaName;
    t = defineSemantic(db.schema());
    await db.schema().ready();
    await t.TableWithId1.insert([[1, 10], [2, 20], [3, 30]]);
    await t.TableWithId2.insert([[2, 200], [3, 300], [4, 400]]);
  });

  describe('lineage computation', () => {
    it('native primary key attributes trace to their table', () => {
      const lineage = t.Student.heading.get('student_id').lineage;
      expect(lineage).not.toBeNull();
      expect(lineage).toContain('student_id');
      expect(lineage!.toLowerCase()).toContain('student');
      expect(lineage).toBe(`${s}.student.student_id`);
    });

    it('inherited attributes trace to their origin', () => {
      expect(t.Enrollment.heading.get('student_id').lineage).toBe(`${s}.student.student_id`);
      expect(t.Enrollment.heading.get('course_id').lineage).toBe(`${s}.course.course_id`);
    });

    it('native secondary attributes have no lineage', () => {
      expect(t.Student.heading.get('name').lineage).toBeNull();
      expect(t.Enrollment.heading.get('grade').lineage).toBeNull();
    });

    it('lineage follows several hops', () => {
      const lineage = t.Trial.heading.get('session_id').lineage;
      expect(lineage).toBe(`${s}.session.session_id`);
      expect(t.Trial.heading.get('trial_num').lineage).toBe(`${s}.trial.trial_num`);
    });
  });

  describe('join compatibility', () => {
    it('joins on attributes of shared lineage', async () => {
      const result = t.Student.join(t.Enrollment);
      expect(result.heading.names).toContain('student_id');
      expect(await result.count()).toBe(0);
    });

    it('refuses namesakes of different lineage by default', () => {
      let error: unknown;
      try {
        t.TableWithId1.join(t.TableWithId2);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(dj.DataJointError);
      const message = (error as Error).message;
      expect(message.toLowerCase()).toContain('lineage');
      expect(message).toContain('id');
      expect(message).toBe(
        `Cannot join on attribute \`id\`: different lineages (${s}.table_with_id1.id vs ${s}.table_with_id2.id). Use .proj() to rename one of the attributes.`,
      );
    });

    it('joins namesakes of different lineage with semanticCheck: false', async () => {
      const result = t.TableWithId1.join(t.TableWithId2, { semanticCheck: false });
      expect(result.heading.names).toContain('id');
      expect(await result.toDicts({ orderBy: 'id' })).toEqual([
        { id: 2, value1: 20, value2: 200 },
        { id: 3, value1: 30, value2: 300 },
      ]);
    });

    it('joins after renaming one of them', async () => {
      expect(await t.TableWithId1.join(t.TableWithId2.proj({ id2: 'id' }, 'value2')).count()).toBe(9);
    });

    it('refuses namesake secondary attributes (no lineage) with a hint to rename', () => {
      expect(() => t.Student.join(t.Course.proj({ name: 'title' }))).toThrow(/Cannot join on attribute `name`: lineage missing on one side/);
    });

    it('refuses computed namesakes on both sides', () => {
      expect(() => t.Student.proj({ x: 'student_id + 1' }).join(t.Course.proj({ x: 'course_id + 1' }))).toThrow(/attribute `x`/);
    });
  });

  describe('restriction compatibility', () => {
    it('restricts by a query of shared lineage', async () => {
      const result = t.Student.restrict(t.Enrollment);
      expect(result.heading.names).toContain('student_id');
      expect(await result.count()).toBe(0);
    });

    it('refuses namesakes of different lineage by default, for restriction and antijoin', () => {
      expect(() => t.TableWithId1.restrict(t.TableWithId2)).toThrow(dj.DataJointError);
      expect(() => t.TableWithId1.restrict(t.TableWithId2)).toThrow(/lineage/);
      expect(() => t.TableWithId1.minus(t.TableWithId2)).toThrow(/lineage/);
      expect(() => t.TableWithId1.restrict(dj.Not(t.TableWithId2))).toThrow(/lineage/);
      expect(() => t.TableWithId1.restrict([t.TableWithId2])).toThrow(/lineage/);
    });

    it('restricts by namesakes of different lineage with semanticCheck: false', async () => {
      const result = t.TableWithId1.restrict(t.TableWithId2, { semanticCheck: false });
      expect(result.heading.names).toContain('id');
      expect(await result.keys({ orderBy: 'KEY' })).toEqual([{ id: 2 }, { id: 3 }]);
      expect(await t.TableWithId1.minus(t.TableWithId2, { semanticCheck: false }).keys()).toEqual([{ id: 1 }]);
    });
  });

  describe('projection lineage', () => {
    it('projection keeps the lineage of kept attributes', () => {
      const projected = t.Enrollment.proj('grade');
      expect(projected.heading.get('student_id').lineage).toBe(`${s}.student.student_id`);
      expect(projected.heading.get('grade').lineage).toBeNull();
    });

    it('renamed attributes keep the lineage of their source', () => {
      const renamed = t.Student.proj({ sid: 'student_id' });
      expect(renamed.heading.get('sid').lineage).toBe(t.Student.heading.get('student_id').lineage);
      const copied = t.Student.proj({ sid: '(student_id)' });
      expect(copied.heading.get('sid').lineage).toBe(t.Student.heading.get('student_id').lineage);
      expect(copied.heading.get('student_id').lineage).toBe(t.Student.heading.get('student_id').lineage);
    });

    it('computed attributes have no lineage', () => {
      expect(t.Student.proj({ doubled: 'student_id * 2' }).heading.get('doubled').lineage).toBeNull();
    });

    it('a renamed attribute joins with its namesake of the same lineage', async () => {
      await t.Student.insert([[7, 'Gus']]);
      try {
        const pairs = t.Student.proj({ sid: 'student_id' }).join(t.Student.proj({ sid: 'student_id', other: 'name' }));
        expect(await pairs.toDicts()).toEqual([{ sid: 7, other: 'Gus' }]);
      } finally {
        await t.Student.deleteQuick();
      }
    });

    it('lineage survives restriction, join, aggregation and derived tables', () => {
      const q = t.Enrollment.restrict('grade > 0').join(t.Student).proj({ sid: 'student_id' }, 'name');
      expect(q.heading.get('sid').lineage).toBe(`${s}.student.student_id`);
      expect(q.heading.get('course_id').lineage).toBe(`${s}.course.course_id`);
      const wrapped = q.restrict('sid > 1');
      expect(wrapped.heading.get('sid').lineage).toBe(`${s}.student.student_id`);
      const counted = t.Student.aggr(t.Enrollment, { n: 'count(course_id)' });
      expect(counted.heading.get('student_id').lineage).toBe(`${s}.student.student_id`);
      expect(counted.heading.get('n').lineage).toBeNull();
    });
  });

  describe('dj.U operators', () => {
    it('U * table is no longer supported', () => {
      expect(() => dj.U('student_id').join(t.Student)).toThrow(dj.DataJointError);
      expect(() => dj.U('student_id').join(t.Student)).toThrow(/no longer supported/);
    });

    it('table * U is no longer supported', () => {
      expect(() => t.Student.join(dj.U('student_id') as unknown as dj.QueryExpression)).toThrow(dj.DataJointError);
      expect(() => t.Student.join(dj.U('student_id') as unknown as dj.QueryExpression)).toThrow(/no longer supported/);
    });

    it('U - table would be infinite', () => {
      expect(() => dj.U('student_id').minus(t.Student)).toThrow(/infinite/);
    });

    it('U & table lists distinct values', async () => {
      await t.Student.insert([{ student_id: 1, name: 'Alice' }, { student_id: 2, name: 'Bob' }]);
      try {
        const result = dj.U('student_id').restrict(t.Student);
        expect(await result.count()).toBe(2);
        expect(await dj.U('name').restrict(t.Student).toArrays('name', { orderBy: 'name' })).toEqual([['Alice', 'Bob']]);
        // restricting by U is no restriction at all
        expect(t.Student.restrict(dj.U('student_id')).sql()).toEqual(t.Student.sql());
      } finally {
        await t.Student.deleteQuick();
      }
    });
  });

  describe('rebuilding lineage', () => {
    it('the schema has rebuildLineage()', () => {
      expect(typeof db.schema().rebuildLineage).toBe('function');
    });

    it('rebuildLineage() fills ~lineage', async () => {
      await run(`DELETE FROM ${lineageTable()}`);
      expect(await db.schema().lineage()).toEqual({});
      await db.schema().rebuildLineage();
      const { connection } = db.instance;
      expect(await connection.introspector.listTables(connection, s)).toContain('~lineage');
      expect(await lineageRows(connection, s, 'student')).toEqual({ student_id: `${s}.student.student_id` });
      expect(await lineageRows(connection, s, 'enrollment')).toEqual({
        student_id: `${s}.student.student_id`,
        course_id: `${s}.course.course_id`,
      });
    });
  });

  describe('lineage refresh on binding a class again (#1454)', () => {
    let connection: Connection;
    beforeAll(() => {
      connection = db.instance.connection;
    });

    it('restores missing lineage rows', async () => {
      await run(`DELETE FROM ${lineageTable()} WHERE table_name = ?`, ['trial']);
      clearHeadingCache(connection);
      expect(await lineageRows(connection, s, 'trial')).toEqual({});
      const again = defineSemantic(db.instance.Schema(s));
      expect((await lineageWrites(connection, () => again.Trial.ready())).length).toBeGreaterThan(0);
      const refreshed = await lineageRows(connection, s, 'trial');
      expect(refreshed.session_id).toBe(`${s}.session.session_id`);
      expect(refreshed.session_id!.toLowerCase()).toContain('session');
      expect(again.Trial.heading.get('session_id').lineage).toBe(`${s}.session.session_id`);
    });

    it('heals a table with one stale and one missing row', async () => {
      const correct = (await lineageRows(connection, s, 'enrollment')).student_id;
      expect(correct).toBe(`${s}.student.student_id`);
      await run(`DELETE FROM ${lineageTable()} WHERE table_name = ?`, ['enrollment']);
      await run(`INSERT INTO ${lineageTable()} (table_name, attribute_name, lineage) VALUES (?, ?, ?)`, [
        'enrollment',
        'student_id',
        'stale_schema.stale_table.stale_attr',
      ]);
      clearHeadingCache(connection);
      const again = defineSemantic(db.instance.Schema(s));
      await again.Enrollment.ready();
      const healed = await lineageRows(connection, s, 'enrollment');
      expect(healed.student_id).toBe(correct);
      expect(healed.course_id).toBe(`${s}.course.course_id`);
    });

    it('writes nothing to ~lineage for a healthy table', async () => {
      expect(Object.keys(await lineageRows(connection, s, 'trial')).length).toBeGreaterThan(0);
      clearHeadingCache(connection);
      const again = defineSemantic(db.instance.Schema(s));
      expect(await lineageWrites(connection, () => again.Trial.ready())).toEqual([]);
      expect(again.Trial.heading.get('session_id').lineage).toBe(`${s}.session.session_id`);
    });

    it('leaves stale (non-null) rows to rebuildLineage()', async () => {
      const original = await lineageRows(connection, s, 'trial');
      await run(`DELETE FROM ${lineageTable()} WHERE table_name = ?`, ['trial']);
      for (const attribute of Object.keys(original)) {
        await run(`INSERT INTO ${lineageTable()} (table_name, attribute_name, lineage) VALUES (?, ?, ?)`, [
          'trial',
          attribute,
          `stale_schema.stale.${attribute}`,
        ]);
      }
      clearHeadingCache(connection);
      try {
        const again = defineSemantic(db.instance.Schema(s));
        await again.Trial.ready();
        expect((await lineageRows(connection, s, 'trial')).session_id).toBe('stale_schema.stale.session_id');
        // a stale lineage now differs from Session's: the semantic join refuses
        await expect(again.Session.join(again.Trial).count()).rejects.toThrow(/different lineages/);
        await again.Session.ready();
        expect(() => again.Session.join(again.Trial)).toThrow(/different lineages/);
        await db.schema().rebuildLineage();
        const fixed = (await lineageRows(connection, s, 'trial')).session_id;
        expect(fixed).toBe(`${s}.session.session_id`);
      } finally {
        await db.schema().rebuildLineage();
        clearHeadingCache(connection);
      }
    });

    it('a join missing lineage on one side points to rebuildLineage()', async () => {
      await run(`DELETE FROM ${lineageTable()} WHERE table_name = ?`, ['enrollment']);
      clearHeadingCache(connection);
      try {
        // a FreeTable reads the heading as it is, without healing it
        const enrollment = db.instance.FreeTable(`${s}.enrollment`);
        await enrollment.prepare();
        expect(enrollment.heading.get('student_id').lineage).toBeNull();
        let error: unknown;
        try {
          t.Student.join(enrollment);
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(dj.DataJointError);
        const message = (error as Error).message;
        expect(message).toContain('rebuild_lineage');
        expect(message).toContain('rebuildLineage()');
        expect(/stale|missing/i.test(message)).toBe(true);
        expect(message).toContain('`student_id`');
      } finally {
        await db.schema().rebuildLineage();
        clearHeadingCache(connection);
      }
    });
  });

  describe('without a ~lineage table', () => {
    it('warns that the semantic check is disabled and matches namesakes', async () => {
      const { connection } = db.instance;
      await run(`DROP TABLE ${lineageTable()}`);
      clearHeadingCache(connection);
      try {
        const one = db.instance.FreeTable(`${s}.table_with_id1`);
        const two = db.instance.FreeTable(`${s}.table_with_id2`);
        await one.prepare();
        await two.prepare();
        expect(one.heading.lineageAvailable).toBe(false);
        expect(one.heading.get('id').lineage).toBeNull();
        let count = -1;
        const logs = await collectLogs(async () => {
          count = await one.join(two).count();
        });
        expect(count).toBe(2);
        expect(logs.some((m) => m.startsWith('WARNING: Semantic check disabled: ~lineage table not found'))).toBe(true);
      } finally {
        await db.schema().rebuildLineage();
        clearHeadingCache(connection);
      }
      expect(await lineageRows(connection, s, 'table_with_id1')).toEqual({ id: `${s}.table_with_id1.id` });
    });
  });

  describe('across connections', () => {
    it('refuses to combine expressions of different connections', async () => {
      const other = await createTestInstance(backend);
      const otherName = uniqueSchemaName('semantic_other');
      try {
        const schema = other.Schema(otherName);
        @schema.table
        class Elsewhere extends dj.Manual {
          static definition = 'student_id : int32';
        }
        await Elsewhere.ready();
        const message = /Cannot operate on expressions from different connections/;
        expect(() => t.Student.join(Elsewhere)).toThrow(message);
        expect(() => t.Student.restrict(Elsewhere)).toThrow(message);
        expect(() => t.Student.union(Elsewhere)).toThrow(message);
        expect(() => t.Student.join(Elsewhere, { semanticCheck: false })).toThrow(message);
        await schema.drop({ prompt: false });
      } finally {
        await other.close();
      }
    });
  });
});
