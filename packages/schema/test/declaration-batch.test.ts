/**
 * `schema.ready()` declares its tables as one batch: it reads the schema's catalog once
 * before and once after, not per table, takes the keys and lineage of parents it has just
 * created from their declarations, and yields the same tables, headings and lineage as
 * declaring each class on its own.
 */
import * as dj from 'datajoint';
import { clearHeadingCache } from '@dj/core/internal';
import { describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { catalogOf, lineageRows } from './helpers/catalog';
import { recorded } from './helpers/record-queries';

/** A lookup with an enum key, a chain of `length` computed steps with a part, and a table referencing the part. */
function definePipeline(schema: dj.Schema, length: number) {
  const Kind = schema.table(class Kind extends dj.Lookup {
    static definition = 'kind : enum("a", "b")\n---\nlabel = "" : varchar(16)';
  });
  const Subject = schema.table(class Subject extends dj.Manual {
    static definition = 'subject_id : int32\n---\n-> Kind\nborn = null : date   # day of birth';
  });
  let previous = 'Subject';
  const steps: dj.TableClass[] = [];
  for (let i = 0; i < length; i += 1) {
    const name = `Step${i}`;
    const cls = { [name]: class extends dj.Computed {
      static definition = `-> ${previous}\n---\nvalue_${i} : float64`;
      async make(): Promise<void> {}
    } }[name]!;
    if (i === 1) {
      (cls as unknown as Record<string, unknown>).Item = class Item extends dj.Part {
        static definition = '-> master\nitem : int16\n---\n-> Kind.proj(item_kind="kind")';
      };
    }
    schema.table(cls);
    steps.push(cls as unknown as dj.TableClass);
    previous = name;
  }
  return { Kind, Subject, steps };
}

/** Statements that read rather than write. */
const reads = (statements: readonly string[]) => statements.filter((s) => /^\s*(SELECT|SHOW|WITH)\b/i.test(s));

describeBackends('declaring a schema in one batch on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'decl_batch' });
  // a nested block: its afterAll runs while the fixture's connection is still open
  describe('schemas of their own', () => {
    const others: dj.Schema[] = [];
    const newSchema = (label: string) => {
      const schema = db.instance.Schema(uniqueSchemaName(label));
      others.push(schema);
      return schema;
    };

    afterAll(async () => {
      for (const schema of others) await schema.drop({ prompt: false });
    });

    it('reads the catalog as often for 12 tables as for 4', async () => {
      const { connection } = db.instance;
      const small = newSchema('batch_small');
      definePipeline(small, 2);
      const large = newSchema('batch_large');
      definePipeline(large, 10);
      const { statements: few } = await recorded(connection, () => small.ready());
      const { statements: many } = await recorded(connection, () => large.ready());
      expect(reads(many).length).toBe(reads(few).length);
      // one row write per table: its lineage rows, none deleted (there were none)
      const lineageWrites = (statements: string[]) => statements.filter((s) => /\bINSERT INTO \S+~lineage/i.test(s));
      expect(lineageWrites(few)).toHaveLength(5);
      expect(lineageWrites(many)).toHaveLength(13);
      expect(many.filter((s) => /\bDELETE FROM\b/i.test(s))).toEqual([]);
      // PostgreSQL: a table, its indexes, comments and lineage rows in one statement; MySQL: CREATE TABLE, then the rows
      const perTable = backend.name === 'mysql' ? 2 : 1;
      const writes = (statements: string[]) => statements.filter((s) => !/^\s*(SELECT|SHOW|WITH)\b/i.test(s));
      expect(writes(many).length - writes(few).length).toBe(8 * perTable);
    });

    it('declares the same tables, headings and lineage as declaring each class on its own', async () => {
      const { connection } = db.instance;
      const batched = newSchema('batch_all');
      const one = definePipeline(batched, 3);
      await batched.ready();
      const single = newSchema('batch_single');
      const other = definePipeline(single, 3);
      // each class on its own, children first: every parent is declared on the way, table by table
      for (const cls of [...other.steps].reverse()) await cls.ready();
      await (other.steps[1] as unknown as { Item: dj.TableClass }).Item.ready();
      const tables = await batched.listTables();
      expect(await single.listTables()).toEqual(tables);
      for (const table of tables) {
        const column = (c: { name: string; sqlType: string; nullable: boolean; defaultValue: string | null; comment: string }, neutral: (t: string) => string) => ({
          name: c.name,
          type: neutral(c.sqlType),
          nullable: c.nullable,
          default: c.defaultValue,
          comment: c.comment,
        });
        const a = await catalogOf(connection, batched.name, table, column);
        const b = await catalogOf(connection, single.name, table, column);
        expect({ table, ...b, foreignKeys: b.foreignKeys.length }).toEqual({ table, ...a, foreignKeys: a.foreignKeys.length });
        expect(await lineageRows(connection, single.name, table)).toEqual(
          Object.fromEntries(Object.entries(await lineageRows(connection, batched.name, table)).map(([k, v]) => [k, v.split(batched.name).join(single.name)])),
        );
      }
      const headings = (pipeline: typeof one) => pipeline.steps.map((s) => s.heading.attributes.map((a) => [a.name, a.type, a.inKey, a.comment]));
      expect(headings(other)).toEqual(headings(one));
      await one.Kind.insert([{ kind: 'a' }]);
      await one.Subject.insert([{ subject_id: 1, kind: 'a' }]);
      expect(await one.Subject.toDicts()).toEqual([{ subject_id: 1, kind: 'a', born: null }]);
    });

    it('replaces lineage rows left by an earlier table of the same name', async () => {
      const { connection } = db.instance;
      const schema = newSchema('batch_stale');
      schema.table(class Other extends dj.Manual {
        static definition = 'other_id : int32';
      });
      await schema.ready();
      const lineage = connection.adapter.fullTableName(schema.name, '~lineage');
      await connection.query(`INSERT INTO ${lineage} (table_name, attribute_name, lineage) VALUES (?, ?, ?), (?, ?, ?)`, [
        'subject', 'ghost', 'x.y.ghost',
        'subject', 'subject_id', 'x.y.subject_id',
      ]);
      clearHeadingCache(connection);
      definePipeline(schema, 1);
      await schema.ready();
      expect(await lineageRows(connection, schema.name, 'subject')).toEqual({
        subject_id: `${schema.name}.subject.subject_id`,
        kind: `${schema.name}.#kind.kind`,
      });
    });

    it('leaves tables that exist alone and reads their headings in the same statements', async () => {
      const { connection } = db.instance;
      const name = uniqueSchemaName('batch_again');
      const schema = db.instance.Schema(name);
      others.push(schema);
      definePipeline(schema, 4);
      await schema.ready();
      clearHeadingCache(connection);
      const again = db.instance.Schema(name);
      const pipeline = definePipeline(again, 4);
      const { statements } = await recorded(connection, () => again.ready());
      expect(statements.filter((s) => !/^\s*(SELECT|SHOW|WITH)\b/i.test(s))).toEqual([]);
      expect(reads(statements).length).toBeLessThan(12);
      expect(pipeline.steps[3]!.heading.primaryKey).toEqual(['subject_id']);
    });
  });
});
