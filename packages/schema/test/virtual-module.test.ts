/**
 * Working with a schema from the database alone (datajoint-python's test_virtual_module.py;
 * spec-core §5): classes spawned for every table (VirtualModule / virtual_schema), tables by
 * name (`get_table`, `schema[...]`), iteration, `in`, and FreeTable.
 */
import * as dj from 'datajoint';
import { FreeTable, UserTable } from '@dj/schema';
import { bindingOf } from '@dj/schema/internal';
import { describeBackends, useTestInstance } from '@dj/testing';

function defineLab(schema: dj.Schema) {
  @schema.table
  class User extends dj.Lookup {
    static definition = `      # lab members
    username: varchar(12)
    `;
    static contents = [['Jake'], ['Cathryn'], ['Shan']];
  }

  @schema.table
  class Subject extends dj.Lookup {
    static definition = `  # Basic information about animal subjects used in experiments
    subject_id   :int32  #  unique subject id
    ---
    species = "mouse"  :enum('mouse', 'monkey', 'human')
    `;
    static contents = [[1551, 'mouse'], [10, 'monkey']];
  }

  @schema.table
  class Experiment extends dj.Manual {
    static definition = `  # information about experiments
    -> Subject
    experiment_id  :int16  # experiment number for this subject
    ---
    -> [nullable] User
    notes=""         :varchar(2048) # e.g. purpose of experiment
    `;
  }

  @schema.table
  class Trial extends dj.Manual {
    static definition = `   # a trial within an experiment
    -> Experiment.proj(animal='subject_id')
    trial_id  :int16   # trial number
    `;
    static Condition = class Condition extends dj.Part {
      static definition = `   # trial conditions
      -> Trial
      cond_idx : int16   # condition number
      `;
    };
  }

  @schema.table
  class Summary extends dj.Computed {
    static definition = `
    -> Experiment
    ---
    total : float64
    `;
  }

  return { User, Subject, Experiment, Trial, Summary };
}

describeBackends('schemas from the database on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'virtual' });
  let lab: ReturnType<typeof defineLab>;

  beforeAll(async () => {
    lab = defineLab(db.schema());
    await db.schema().ready();
    await lab.Experiment.insert([
      { subject_id: 1551, experiment_id: 1, username: 'Jake', notes: 'first' },
      { subject_id: 10, experiment_id: 1, username: null, notes: '' },
    ]);
  });

  /** A schema object for the suite's schema that neither creates the schema nor tables. */
  function virtualSchema(): dj.Schema {
    return db.instance.Schema(db.schemaName, { createSchema: false, createTables: false });
  }

  describe('spawned classes (VirtualModule)', () => {
    it('makes a table class of the right tier for every table', async () => {
      const module = await virtualSchema().spawnTables();
      expect(Object.keys(module).sort()).toEqual(['Experiment', 'Subject', 'Summary', 'Trial', 'User']);
      expect(module.Experiment!.prototype).toBeInstanceOf(UserTable);
      expect(module.Experiment!.prototype).toBeInstanceOf(dj.Manual);
      expect(module.Subject!.prototype).toBeInstanceOf(dj.Lookup);
      expect(module.Summary!.prototype).toBeInstanceOf(dj.Computed);
      const Condition = (module.Trial as unknown as { Condition: typeof dj.Part }).Condition;
      expect(Condition.prototype).toBeInstanceOf(dj.Part);
      expect(Condition.tableName).toBe('trial__condition');
    });

    it('binds the classes to the schema they were made from', async () => {
      const schema = virtualSchema();
      const module = await schema.spawnTables();
      expect(bindingOf(module.Experiment!)!.schema).toBe(schema);
      expect(module.Experiment!.fullTableName).toBe(lab.Experiment.fullTableName);
      expect(schema.tables.Experiment).toBe(module.Experiment);
    });

    it('reads headings and rows of the tables', async () => {
      const module = await virtualSchema().spawnTables();
      expect(module.Experiment!.heading.names).toEqual(lab.Experiment.heading.names);
      expect(module.Experiment!.heading.get('subject_id')).toMatchObject({ type: 'int32', comment: 'unique subject id' });
      expect(module.Subject!.heading.get('species').enumValues).toEqual(['mouse', 'monkey', 'human']);
      expect(module.Trial!.heading.primaryKey).toEqual(['animal', 'experiment_id', 'trial_id']);
      const rows = await module.Experiment!.toDicts();
      expect(rows).toHaveLength(2);
      expect(await module.Experiment!.restrict({ username: 'Jake' }).toDicts()).toEqual([
        { subject_id: 1551, experiment_id: 1, username: 'Jake', notes: 'first' },
      ]);
      expect(await module.User!.count()).toBe(3);
    });

    it('writes through spawned classes', async () => {
      const module = await virtualSchema().spawnTables();
      await module.Trial!.insert1({ animal: 10, experiment_id: 1, trial_id: 1 });
      const Condition = (module.Trial as unknown as { Condition: typeof dj.Part }).Condition;
      await Condition.insert1({ animal: 10, experiment_id: 1, trial_id: 1, cond_idx: 3 });
      expect(await lab.Trial.Condition.toDicts()).toEqual([{ animal: 10, experiment_id: 1, trial_id: 1, cond_idx: 3 }]);
      await expect(module.Trial!.insert1({ animal: 77, experiment_id: 1, trial_id: 1 })).rejects.toThrow(dj.IntegrityError);
    });

    it('references spawned classes from another schema', async () => {
      const module = await virtualSchema().spawnTables();
      const other = db.instance.Schema(`${db.schemaName}_other`, { context: { lab: module } });
      try {
        @other.table
        class Note extends dj.Manual {
          static definition = `
          -> lab.Experiment
          note_idx : int16
          ---
          text : varchar(100)
          `;
        }
        await Note.insert1({ subject_id: 1551, experiment_id: 1, note_idx: 1, text: 'hello' });
        expect(Note.heading.primaryKey).toEqual(['subject_id', 'experiment_id', 'note_idx']);
        await expect(Note.insert1({ subject_id: 1551, experiment_id: 9, note_idx: 1, text: 'x' })).rejects.toThrow(dj.IntegrityError);
      } finally {
        await other.drop({ prompt: false });
      }
    });

    it('skips hidden tables and rejects parts whose master is missing', async () => {
      const { connection } = db.instance;
      const module = await virtualSchema().spawnTables();
      expect(Object.keys(module)).not.toContain('Lineage');
      const orphan = connection.adapter.fullTableName(db.schemaName, 'orphan__part');
      await connection.query(`CREATE TABLE ${orphan} (${connection.adapter.quoteIdentifier('id')} integer NOT NULL PRIMARY KEY)`);
      try {
        await expect(virtualSchema().spawnTables()).rejects.toThrow('The table orphan__part does not follow DataJoint naming conventions');
      } finally {
        await connection.query(`DROP TABLE ${orphan}`);
      }
    });
  });

  describe('tables by name', () => {
    it('finds tables by table name or class name, tier prefix optional', async () => {
      const schema = db.schema();
      for (const name of ['experiment', 'Experiment', 'subject', 'Subject', '#subject', 'summary', '__summary', 'trial__condition']) {
        const table = await schema.getTable(name);
        expect(table).toBeInstanceOf(FreeTable);
      }
      expect((await schema.getTable('Experiment')).fullTableName).toBe(lab.Experiment.fullTableName);
      expect((await schema.getTable('experiment')).fullTableName).toContain('experiment');
      expect((await schema.getTable('Subject')).tableName).toBe('#subject');
      expect((await schema.getTable('Summary')).tableName).toBe('__summary');
      expect((await schema.getTable('trial__condition')).tableName).toBe('trial__condition');
    });

    it('raises for tables that do not exist', async () => {
      const schema = db.schema();
      await expect(schema.getTable('NonexistentTable')).rejects.toThrow(dj.DataJointError);
      await expect(schema.getTable('NonexistentTable')).rejects.toThrow(/does not exist/);
      // Hidden tables are not tables of the schema.
      await expect(schema.getTable('~lineage')).rejects.toThrow(/does not exist/);
    });

    it('returns FreeTables that can be queried', async () => {
      const table = await db.schema().getTable('Experiment');
      expect(table.toString()).toBe(`FreeTable(${lab.Experiment.fullTableName})`);
      expect(await table.toDicts()).toHaveLength(2);
      expect(await table.restrict({ subject_id: 10 }).count()).toBe(1);
      await table.ready();
      expect(table.heading.primaryKey).toEqual(['subject_id', 'experiment_id']);
    });

    it('tells whether a table exists (in)', async () => {
      const schema = db.schema();
      expect(await schema.has('Experiment')).toBe(true);
      expect(await schema.has('experiment')).toBe(true);
      expect(await schema.has('User')).toBe(true);
      expect(await schema.has('NonexistentTable')).toBe(false);
      expect(await schema.has('~lineage')).toBe(false);
    });

    it('iterates over FreeTables in dependency order, without duplicates', async () => {
      const tables: FreeTable[] = [];
      for await (const table of db.schema()) tables.push(table);
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.every((t) => t instanceof FreeTable)).toBe(true);
      const names = tables.map((t) => t.tableName);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(await db.schema().listTables());
      expect(names.indexOf('#subject')).toBeLessThan(names.indexOf('experiment'));
      expect(names.indexOf('experiment')).toBeLessThan(names.indexOf('trial'));
      expect(names.indexOf('trial')).toBeLessThan(names.indexOf('trial__condition'));
    });

    it('refuses to look into a schema that does not exist', async () => {
      const missing = db.instance.Schema(`${db.schemaName}_missing`, { createSchema: false });
      await expect(missing.getTable('anything')).rejects.toThrow(`Schema \`${db.schemaName}_missing\` has not been created.`);
      await expect(missing.has('anything')).rejects.toThrow(dj.DataJointError);
    });
  });

  describe('FreeTable', () => {
    it('opens a table by its full name, quoted or not', async () => {
      const { adapter } = db.instance.connection;
      for (const name of [`${db.schemaName}.#subject`, adapter.fullTableName(db.schemaName, '#subject')]) {
        const table = db.instance.FreeTable(name);
        expect(table.fullTableName).toBe(lab.Subject.fullTableName);
        expect(await table.count()).toBe(2);
        await table.ready();
        expect(table.heading.names).toEqual(['subject_id', 'species']);
        expect(table.heading.tableComment).toBe('Basic information about animal subjects used in experiments');
      }
    });

    it('reports a table that does not exist', async () => {
      const table = db.instance.FreeTable(`${db.schemaName}.nothing_here`);
      expect(await table.isDeclared()).toBe(false);
      await expect(table.ready()).rejects.toThrow(dj.MissingTableError);
    });
  });
});
