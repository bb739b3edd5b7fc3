/**
 * Schemas (datajoint-python's test_schema.py with the tables of tests/schema_simple.py,
 * spec-core §5): listing schemas and tables, classes spawned from the database, activation,
 * creation and drop, table names that overlap, upper-case schema names.
 */
import * as dj from 'datajoint';
import { describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { declareSimple, declareSimpleRest, NATIVE_TYPES } from './pipelines/simple';

// ------------------------------------------------------------------ the pipeline of tests/schema_simple.py

/** Every table of schema_simple.py, with upstream's native types and no contents. */
function defineSimple(schema: dj.Schema) {
  return { ...declareSimple(schema, { types: NATIVE_TYPES, contents: false }), ...declareSimpleRest(schema, { types: NATIVE_TYPES }) };
}

const SIMPLE_TABLES = [
  'reserved_word',
  '#l',
  '#a',
  '__d',
  '__b',
  '__b__c',
  '__e',
  '__e__f',
  '__e__g',
  '__e__h',
  '__e__m',
  '__g',
  '#outfit_launch',
  '#outfit_launch__outfit_piece',
  '#i_j',
  '#j_i',
  '#t_test_update',
  '#data_a',
  '#data_b',
  'f',
  '#argmax_test',
  '#website',
  'profile',
  'profile__website',
  '#select_p_k',
  '#key_p_k',
];

/** The tier base class of a table class. */
function tierOf(cls: unknown): string {
  for (const [name, base] of [['Part', dj.Part], ['Lookup', dj.Lookup], ['Imported', dj.Imported], ['Computed', dj.Computed], ['Manual', dj.Manual]] as const) {
    if (typeof cls === 'function' && cls.prototype instanceof base) return name;
  }
  return 'none';
}

describeBackends('schemas on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'schema', overrides: { jobs: { allow_new_pk_fields_in_computed_tables: true } } });
  let p: ReturnType<typeof defineSimple>;

  beforeAll(async () => {
    p = defineSimple(db.schema());
    await db.schema().ready();
  });

  it('lists the schema among the schemas of the server', async () => {
    const { connection } = db.instance;
    const schemas = await connection.introspector.listSchemas(connection);
    expect(schemas).toContain(db.schemaName);
    expect(schemas).not.toContain('information_schema');
    expect(await db.schema().exists()).toBe(true);
  });

  it('lists the exact table names, hidden tables left out (issue #838)', async () => {
    const tables = await db.schema().listTables();
    expect([...tables].sort()).toEqual([...SIMPLE_TABLES].sort());
    expect(tables).toHaveLength(SIMPLE_TABLES.length);
    // ~lineage exists but is not listed.
    const { connection } = db.instance;
    expect(await connection.introspector.listTables(connection, db.schemaName)).toContain('~lineage');
    // Dependency order: parents first, parts after their masters.
    const at = (t: string) => tables.indexOf(t);
    for (const [parent, child] of [
      ['#a', '__b'],
      ['__b', '__b__c'],
      ['#a', '__d'],
      ['#l', '__d'],
      ['__b', '__e'],
      ['__d', '__e'],
      ['__e', '__e__f'],
      ['__b__c', '__e__f'],
      ['__e__h', '__e__m'],
      ['__e', '__g'],
      ['#website', 'profile__website'],
      ['profile', 'profile__website'],
      ['#outfit_launch', '#outfit_launch__outfit_piece'],
    ]) {
      expect(at(parent!)).toBeLessThan(at(child!));
    }
  });

  it('names tables after the class, with the tier prefix', () => {
    expect(p.SelectPK.tableName).toBe('#select_p_k');
    expect(p.E.M.tableName).toBe('__e__m');
    expect(p.OutfitLaunch.OutfitPiece.tableName).toBe('#outfit_launch__outfit_piece');
    expect(p.Profile.Website.tableName).toBe('profile__website');
    expect(p.Website.tableName).toBe('#website');
  });

  it('resolves references to parts of other masters and to sibling parts', () => {
    expect(p.E.F.heading.primaryKey).toEqual(['id_a', 'id_b', 'id_d', 'id_f']);
    expect(p.E.F.heading.secondaryAttributes).toEqual(['id_c']);
    expect(p.E.M.heading.secondaryAttributes).toEqual(['id_h']);
    expect(p.Profile.Website.heading.primaryKey).toEqual(['ssn', 'url_hash']);
  });

  it('spawns classes of the right tier for every table (make_classes)', async () => {
    const spawned = await db.instance.Schema(db.schemaName).spawnTables();
    expect(Object.keys(spawned).sort()).toEqual(Object.keys(p).sort());
    for (const [name, cls] of Object.entries(p)) {
      const made = spawned[name]!;
      expect([name, tierOf(made)]).toEqual([name, tierOf(cls)]);
      expect(made.tableName).toBe(cls.tableName);
      expect(made).not.toBe(cls);
      // Parts become static properties of their masters.
      for (const key of Object.keys(cls)) {
        const part = (cls as unknown as Record<string, unknown>)[key];
        if (tierOf(part) !== 'Part') continue;
        const madePart = (made as unknown as Record<string, typeof dj.Part>)[key];
        expect([`${name}.${key}`, tierOf(madePart)]).toEqual([`${name}.${key}`, 'Part']);
        expect(madePart!.tableName).toBe((part as typeof dj.Part).tableName);
      }
    }
    expect(spawned.E!.heading.names).toEqual(p.E.heading.names);
    expect(await spawned.ReservedWord!.count()).toBe(0);
  });

  it('reuses classes already bound to the schema object when spawning', async () => {
    const schema = db.instance.Schema(db.schemaName);
    const Ephemeral = schema.table(class F extends dj.Manual {
      static definition = 'id: int\n----\ndate=null: date';
    });
    const spawned = await schema.spawnTables();
    expect(spawned.F).toBe(Ephemeral);
    expect(tierOf(spawned.A)).toBe('Lookup');
  });

  it('declares a part whose name overlaps another table', async () => {
    const schema = db.schema();
    @schema.table
    class Unit extends dj.Manual {
      static definition = `
      id:  int     # simple id
      `;
    }
    @schema.table
    class Cell extends dj.Manual {
      static definition = `
      type:  varchar(32)    # type of cell
      `;
      static Unit = class Unit extends dj.Part {
        static definition = `
        -> master
        -> Unit
        `;
      };
    }
    await schema.ready();
    expect(Cell.Unit.tableName).toBe('cell__unit');
    expect(Cell.Unit.heading.primaryKey).toEqual(['type', 'id']);
    const { connection } = db.instance;
    const parents = (await connection.introspector.tableForeignKeys(connection, db.schemaName, 'cell__unit')).map((fk) => fk.parentTable).sort();
    expect(parents).toEqual(['cell', 'unit']);
    expect(Unit.tableName).toBe('unit');
  });

  it('activates a schema created without a name (issue #1039)', async () => {
    const schema = dj.Schema();
    @schema.table
    class TableA extends dj.Manual {
      static definition = `
      id : int
      ---
      value : float
      `;
    }
    expect(() => TableA.heading).toThrow(/not properly configured/);
    expect(() => TableA.primaryKey).toThrow(/not properly configured/);
    expect(() => TableA.fullTableName).toThrow(dj.DataJointError);
    expect(() => schema.name).toThrow('Schema must be activated first.');
    expect(() => schema.activate('', { instance: db.instance })).toThrow('Please provide a schema name to activate the schema.');
    schema.activate(db.schemaName, { instance: db.instance });
    // Same name again: nothing happens. Another name: an error.
    expect(schema.activate(db.schemaName, { instance: db.instance })).toBe(schema);
    expect(() => schema.activate('another_name', { instance: db.instance })).toThrow(
      `The schema is already activated for schema ${db.schemaName}.`,
    );
    await TableA.insert1({ id: 1, value: 2.5 });
    expect(await TableA.toDicts()).toEqual([{ id: 1, value: 2.5 }]);
    expect(TableA.heading.primaryKey).toEqual(['id']);
  });

  it('does not create a missing schema when createSchema is false', async () => {
    const name = uniqueSchemaName('missing');
    const schema = db.instance.Schema(name, { createSchema: false });
    expect(await schema.exists()).toBe(false);
    const Nothing = schema.table(class Nothing extends dj.Manual {
      static definition = 'id : int32';
    });
    await expect(schema.ready()).rejects.toThrow(`Database \`${name}\` has not yet been declared.`);
    await expect(Nothing.ready()).rejects.toThrow(dj.DataJointError);
    expect(await schema.exists()).toBe(false);
  });

  it('leaves missing tables undeclared when createTables is false', async () => {
    const schema = db.instance.Schema(db.schemaName, { createTables: false });
    const Missing = schema.table(class Missing extends dj.Manual {
      static definition = 'id : int32';
    });
    const { adapter } = db.instance.connection;
    await expect(Missing.ready()).rejects.toThrow(`The table ${adapter.fullTableName(db.schemaName, 'missing')} is not defined.`);
    expect(await Missing.isDeclared()).toBe(false);
    // Existing tables are used as they are.
    const Existing = schema.table(class DataA extends dj.Lookup {
      static definition = 'idx : int\n---\na : int';
    });
    await Existing.ready();
    expect(Existing.heading.names).toEqual(['idx', 'a']);
  });

  it('creates a schema on first use, drops it, and dropping again does nothing', async () => {
    const name = uniqueSchemaName('drop_test');
    const schema = db.instance.Schema(name);
    await schema.ready();
    expect(await schema.exists()).toBe(true);
    const T = schema.table(class Thing extends dj.Manual {
      static definition = "thing : int32\n---\nkind : enum('x', 'y')";
    });
    await T.insert1({ thing: 1, kind: 'x' });
    await schema.drop({ prompt: false });
    expect(await schema.exists()).toBe(false);
    await schema.drop({ prompt: false });
    expect(await schema.exists()).toBe(false);
    // The schema and its tables are declared again on next use.
    await T.ready();
    expect(await schema.exists()).toBe(true);
    expect(await T.count()).toBe(0);
    await schema.drop({ prompt: false });
    expect(await schema.exists()).toBe(false);
  });

  it('handles upper-case schema names and references through spawned classes (issue #564)', async () => {
    const upperName = `${uniqueSchemaName('upper')}_Schema_A`;
    const lowerName = uniqueSchemaName('schema_b');
    const schema1 = db.instance.Schema(upperName);
    const schema2 = db.instance.Schema(lowerName);
    try {
      @schema1.table
      class Subject extends dj.Manual {
        static definition = `
        name: varchar(32)
        `;
      }
      await schema1.ready();
      await Subject.insert1({ name: 'Alice' });
      const Schema_A = await db.instance.Schema(upperName, { createSchema: false, createTables: false }).spawnTables();
      expect(Object.keys(Schema_A)).toEqual(['Subject']);
      const schemaB = db.instance.Schema(lowerName, { context: { Schema_A } });
      @schemaB.table
      class Recording extends dj.Manual {
        static definition = `
        -> Schema_A.Subject
        id: smallint
        `;
      }
      await Recording.insert1({ name: 'Alice', id: 1 });
      expect(await Recording.toDicts()).toEqual([{ name: 'Alice', id: 1 }]);
      expect(Recording.heading.get('name')).toMatchObject({ type: 'varchar(32)', inKey: true });
      const { connection } = db.instance;
      const [fk] = await connection.introspector.tableForeignKeys(connection, lowerName, 'recording');
      expect(fk).toMatchObject({ parentSchema: upperName, parentTable: 'subject' });
      expect(await schema1.listTables()).toEqual(['subject']);
    } finally {
      await schema2.drop({ prompt: false });
      await schema1.drop({ prompt: false });
    }
  });

  if (backend.name === 'mysql') {
    it('refuses to drop information_schema with an AccessError', async () => {
      const infoSchema = db.instance.Schema('information_schema', { createSchema: false });
      await expect(infoSchema.drop({ prompt: false })).rejects.toThrow(dj.AccessError);
      await expect(infoSchema.drop({ prompt: false })).rejects.toThrow('An attempt to drop schema `information_schema` has failed. Check permissions.');
    });
  }
});

describe('table classes without an active schema', () => {
  it('reports undecorated classes on first use', () => {
    class UndecoratedClass extends dj.Manual {
      static definition = '';
    }
    expect(() => UndecoratedClass.fullTableName).toThrow(
      'Class UndecoratedClass is not associated with a schema. Apply a schema decorator or use schema.table() to bind it.',
    );
    expect(() => new UndecoratedClass()).toThrow(dj.DataJointError);
  });

  it('reports tables of a schema that is not activated', () => {
    const schema = dj.Schema();
    @schema.table
    class TableA extends dj.Manual {
      static definition = 'id : int\n---\nvalue : float';
    }
    expect(() => TableA.heading).toThrow(/^Table `TableA` is not properly configured/);
    expect(() => TableA.primaryKey).toThrow(/not properly configured/);
    expect(() => schema.connection).toThrow('Schema must be activated first.');
  });

  it('rejects decorating a part table', () => {
    const schema = dj.Schema();
    class A extends dj.Manual {
      static definition = 'a : int32';
      static B = class B extends dj.Part {
        static definition = '-> master';
      };
    }
    expect(() => schema.table(A.B)).toThrow('The schema decorator should not be applied to Part tables.');
  });
});
