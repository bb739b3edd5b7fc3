/**
 * The foreign-key graph read from the catalog (pipeline spec §1, DG-1..DG-18) on every
 * backend, and datajoint-python's `tests/integration/test_dependencies.py` (spec §14.4):
 * nodes named by backend-quoted full names with hidden `~` tables left out, one edge per
 * foreign key with its column map and flags (parallel and renamed foreign keys included),
 * edges across schemas, discovery of dependent schemas, the error for a foreign key into a
 * schema that is not loaded, acyclicity, the topological order with parts after their
 * masters, and the nullable unique foreign key of ThingC.
 */
import { DepGraph } from 'dependency-graph';
import * as dj from 'datajoint';
import { clearHeadingCache } from '@dj/core/internal';
import { createTestInstance, describeBackends, newPglite, type TestBackend, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { DependencyGraph, masterOf, type ForeignKeyEdge } from '../src/internal';
import { topologicalOrder } from '../src/topological-order';
import { declareA, declareB, declareD, declareE, declareL } from '../../schema/test/pipelines/simple';

function declareTables(schema: dj.Schema) {
  const A = declareA(schema);
  const B = declareB(schema);
  const L = declareL(schema);
  const D = declareD(schema);
  const E = declareE(schema);

  @schema.table
  class Cell extends dj.Manual {
    static definition = `
    cell : int32
    `;
  }

  // two foreign keys to one parent, both renamed
  @schema.table
  class Synapse extends dj.Manual {
    static definition = `
    -> Cell.proj(presynaptic='cell')
    -> Cell.proj(postsynaptic='cell')
    ---
    strength : float32
    `;
  }

  @schema.table
  class Animal extends dj.Manual {
    static definition = `
    animal_id : int32
    ---
    species : varchar(20)
    `;
  }

  // a renamed secondary foreign key
  @schema.table
  class Observation extends dj.Manual {
    static definition = `
    obs_id : int32
    ---
    -> Animal.proj(subject_id='animal_id')
    measurement : float32
    `;
  }

  @schema.table
  class Parent extends dj.Manual {
    static definition = `
    parent_id : int32
    `;
  }

  @schema.table
  class OneToOne extends dj.Manual {
    static definition = `
    -> Parent
    `;
  }

  @schema.table
  class RenamedOneToOne extends dj.Manual {
    static definition = `
    -> Parent.proj(alt_parent_id='parent_id')
    `;
  }

  @schema.table
  class ThingA extends dj.Manual {
    static definition = `
    a : int32
    `;
  }

  @schema.table
  class ThingB extends dj.Manual {
    static definition = `
    b1 : int32
    b2 : int32
    ---
    b3 : int32
    `;
  }

  @schema.table
  class ThingC extends dj.Manual {
    static definition = `
    -> ThingA
    ---
    -> [unique, nullable] ThingB
    `;
  }

  @schema.table
  class ThingD extends dj.Manual {
    static definition = `
    d : int32
    ---
    -> ThingC
    `;
  }

  @schema.table
  class ThingE extends dj.Manual {
    static definition = `
    -> ThingD
    `;
  }

  return { A, B, L, D, E, Cell, Synapse, Animal, Observation, Parent, OneToOne, RenamedOneToOne, ThingA, ThingB, ThingC, ThingD, ThingE };
}

type Tables = ReturnType<typeof declareTables>;

/** The one foreign key from `parent` to `child`. */
function edgeBetween(graph: DependencyGraph, parent: string, child: string): ForeignKeyEdge {
  const edges = graph.parentEdges(child).filter((e) => e.parent === parent);
  if (edges.length !== 1) throw new Error(`expected one edge ${parent} -> ${child}, found ${edges.length}`);
  return edges[0]!;
}

/** Flags and column map of an edge, for comparison. */
function shape(edge: ForeignKeyEdge) {
  return { attrMap: edge.attrMap, primary: edge.primary, aliased: edge.aliased, multi: edge.multi };
}

/** The full names a backend gives a table: `` `s`.`t` `` on MySQL, `"s"."t"` on PostgreSQL. */
function quoted(backend: TestBackend, schema: string, table: string): string {
  return backend.name === 'mysql' ? `\`${schema}\`.\`${table}\`` : `"${schema}"."${table}"`;
}

/**
 * Two Instances on one database: two servers connections, or for PGlite two connections
 * to one embedded database (closing either closes it, so they are closed together).
 */
/** Schema `upName` with a Subject table, and `downName` with a Session depending on it, declared on `instance`. */
async function declareUpAndDown(instance: dj.Instance, upName: string, downName: string): Promise<{ up: dj.Schema; Subject: dj.TableClass; down: dj.Schema }> {
  const up = instance.Schema(upName);
  const Subject = up.table(class Subject extends dj.Manual {
    static definition = 'subject_id : int32';
  });
  const down = instance.Schema(downName, { context: { up: { Subject } } });
  down.table(class Session extends dj.Manual {
    static definition = '-> up.Subject\nsession : int32';
  });
  await down.ready();
  return { up, Subject, down };
}

async function twoInstances(backend: TestBackend): Promise<{ first: dj.Instance; second: dj.Instance; close(): Promise<void> }> {
  if (backend.name !== 'pglite') {
    const first = await createTestInstance(backend);
    const second = await createTestInstance(backend);
    return { first, second, close: async () => void (await Promise.all([second.close(), first.close()])) };
  }
  const pglite = await newPglite();
  const make = () => new dj.Instance({ safemode: false, loglevel: 'WARNING', ...backend.options, pglite });
  const first = make();
  const second = make();
  return {
    first,
    second,
    close: async () => {
      await second.close().catch(() => undefined);
      await first.close().catch(() => undefined);
      if (!pglite.closed) await pglite.close();
    },
  };
}

describe('topological order and masters (no database)', () => {
  it('sorts the DG-17 vector a, z, m, m__part whatever the insertion order', () => {
    const edges: Array<[string, string]> = [
      ['`a`.`a`', '`a`.`m`'],
      ['`a`.`a`', '`a`.`z`'],
      ['`a`.`m`', '`a`.`m__part`'],
      ['`a`.`z`', '`a`.`m__part`'],
    ];
    const names = ['`a`.`a`', '`a`.`m`', '`a`.`z`', '`a`.`m__part`'];
    for (const ordering of permutations(names)) {
      const g = new DepGraph<null>();
      for (const n of ordering) g.addNode(n, null);
      for (const [parent, child] of edges) g.addDependency(child, parent);
      expect(topologicalOrder(g)).toEqual(['`a`.`a`', '`a`.`z`', '`a`.`m`', '`a`.`m__part`']);
    }
  });

  it('keeps a part after a parent that itself depends on the master', () => {
    // session -> stimulus -> session__trial (declarable only outside DataJoint, by SQL):
    // the part cannot sit right after its master; its sibling without such a parent still does
    const g = new DepGraph<null>();
    for (const n of ['session', 'session__note', 'session__trial', 'stimulus']) g.addNode(`\`s\`.\`${n}\``, null);
    const edges: Array<[string, string]> = [
      ['session', 'session__note'],
      ['session', 'session__trial'],
      ['session', 'stimulus'],
      ['stimulus', 'session__trial'],
    ];
    for (const [parent, child] of edges) g.addDependency(`\`s\`.\`${child}\``, `\`s\`.\`${parent}\``);
    const order = topologicalOrder(g).map((n) => n.slice(5, -1));
    for (const [parent, child] of edges) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(child));
    expect(order).toEqual(['session', 'session__note', 'stimulus', 'session__trial']);
  });

  it('finds masters by the naming rule of quoted full names (DG-16)', () => {
    const graphOf = (...nodes: string[]) => ({ hasNode: (n: string) => nodes.includes(n) });
    expect(masterOf('`s`.`#m__p`', graphOf('`s`.`#m`'))).toBe('`s`.`#m`');
    expect(masterOf('"s"."__e__f"', graphOf('"s"."__e"'))).toBe('"s"."__e"');
    expect(masterOf('`s`.`__c`', graphOf('`s`.`_`', '`s`.`__c`'))).toBeNull();
    expect(masterOf('`s`.`m__p`', graphOf())).toBeNull(); // master not in the graph
    expect(masterOf('`s`.`m__p`', graphOf('`t`.`m`'))).toBeNull(); // another schema
  });

  it('keeps a chain of sibling parts together after their master', () => {
    // E.M references its sibling E.H and an outside table L (schema_simple's shape)
    const g = new DepGraph<null>();
    const edges: Array<[string, string]> = [
      ['__b', '__e'],
      ['__e', '__e__h'],
      ['__e', '__e__m'],
      ['__e__h', '__e__m'],
      ['#l', '__e__m'],
      ['__e', '__g'],
    ];
    for (const n of ['__b', '__e', '__e__h', '__e__m', '__g', '#l']) g.addNode(`"s"."${n}"`, null);
    for (const [parent, child] of edges) g.addDependency(`"s"."${child}"`, `"s"."${parent}"`);
    const order = topologicalOrder(g).map((n) => n.slice(5, -1));
    for (const [parent, child] of edges) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(child));
    const e = order.indexOf('__e');
    expect(order.slice(e, e + 3)).toEqual(['__e', '__e__h', '__e__m']);
  });
});

describeBackends('dependency graph on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'deps', overrides: { jobs__allow_new_pk_fields_in_computed_tables: true } });
  let t: Tables;
  let s: string;
  let graph: DependencyGraph;

  beforeAll(async () => {
    s = db.schemaName;
    t = declareTables(db.schema());
    await db.schema().ready();
    // a hidden table with a foreign key into A: neither it nor its foreign key is a graph element
    const { connection } = db.instance;
    const { adapter } = connection;
    const idType = backend.name === 'mysql' ? 'int' : 'integer';
    await connection.query(
      `CREATE TABLE ${adapter.fullTableName(s, '~junk')} (id_a ${idType} NOT NULL, PRIMARY KEY (id_a), ` +
        `CONSTRAINT ${adapter.quoteIdentifier('junk_fk')} FOREIGN KEY (id_a) REFERENCES ${adapter.fullTableName(s, '#a')} (id_a))`,
    );
    graph = await DependencyGraph.load(connection, [s]);
  });

  describe('nodes', () => {
    it('are the backend-quoted full names of the tables', () => {
      expect(t.A.fullTableName).toBe(quoted(backend, s, '#a'));
      expect(graph.has(quoted(backend, s, '#a'))).toBe(true);
      expect(graph.has(quoted(backend, s, '__b__c'))).toBe(true);
      const expected = Object.values(t)
        .flatMap((cls) => [cls, ...Object.values(cls).filter((v): v is { fullTableName: string } => typeof v === 'function' && 'fullTableName' in v)])
        .map((cls) => (cls as { fullTableName: string }).fullTableName);
      expect(expected).toContain(t.B.C.fullTableName);
      expect(expected).toContain(t.E.M.fullTableName);
      expect(graph.nodes).toEqual([...new Set(expected)].sort());
      expect(graph.schemas).toEqual([s]);
    });

    it('carry schema, table name and primary key in key order', () => {
      expect(graph.node(t.E.F.fullTableName)).toEqual({
        schema: s,
        table: '__e__f',
        fullName: t.E.F.fullTableName,
        primaryKey: ['id_a', 'id_b', 'id_d', 'id_f'],
      });
      expect(graph.node(t.Synapse.fullTableName).primaryKey).toEqual(['presynaptic', 'postsynaptic']);
    });

    it('leave out hidden ~ tables and their foreign keys', async () => {
      const tables = await db.instance.connection.introspector.listTables(db.instance.connection, s);
      expect(tables).toEqual(expect.arrayContaining(['~junk', '~lineage']));
      expect(graph.nodes.filter((n) => n.includes('~'))).toEqual([]);
      expect(graph.edges.filter((e) => e.child.includes('~') || e.parent.includes('~'))).toEqual([]);
      expect(graph.childEdges(t.A.fullTableName).map((e) => e.child).sort()).toEqual([t.B.fullTableName, t.D.fullTableName].sort());
    });
  });

  describe('edges', () => {
    it('carry the column map and the primary / aliased / multi flags', () => {
      expect(shape(edgeBetween(graph, t.A.fullTableName, t.B.fullTableName))).toEqual({ attrMap: { id_a: 'id_a' }, primary: true, aliased: false, multi: true });
      expect(shape(edgeBetween(graph, t.L.fullTableName, t.D.fullTableName))).toEqual({ attrMap: { id_l: 'id_l' }, primary: false, aliased: false, multi: true });
      expect(shape(edgeBetween(graph, t.B.C.fullTableName, t.E.F.fullTableName))).toEqual({
        attrMap: { id_a: 'id_a', id_b: 'id_b', id_c: 'id_c' },
        primary: false,
        aliased: false,
        multi: true,
      });
      expect(shape(edgeBetween(graph, t.Parent.fullTableName, t.OneToOne.fullTableName))).toEqual({ attrMap: { parent_id: 'parent_id' }, primary: true, aliased: false, multi: false });
      expect(shape(edgeBetween(graph, t.ThingD.fullTableName, t.ThingE.fullTableName))).toEqual({ attrMap: { d: 'd' }, primary: true, aliased: false, multi: false });
      expect(shape(edgeBetween(graph, t.ThingB.fullTableName, t.ThingC.fullTableName))).toEqual({ attrMap: { b1: 'b1', b2: 'b2' }, primary: false, aliased: false, multi: true });
    });

    it('name the parent, the child and the constraint', () => {
      const edge = edgeBetween(graph, t.A.fullTableName, t.D.fullTableName);
      expect(edge.parent).toBe(t.A.fullTableName);
      expect(edge.child).toBe(t.D.fullTableName);
      expect(typeof edge.name).toBe('string');
      expect(edge.name.length).toBeGreaterThan(0);
      expect(graph.edges).toContain(edge);
      expect(graph.childEdges(t.A.fullTableName)).toContain(edge);
    });

    it('keep two foreign keys to one parent as two parallel edges', () => {
      const edges = graph.parentEdges(t.Synapse.fullTableName);
      expect(edges).toHaveLength(2);
      expect(new Set(edges.map((e) => e.parent))).toEqual(new Set([t.Cell.fullTableName]));
      expect(edges.map((e) => e.attrMap)).toEqual(expect.arrayContaining([{ presynaptic: 'cell' }, { postsynaptic: 'cell' }]));
      for (const edge of edges) expect(edge).toMatchObject({ primary: true, aliased: true, multi: true });
      expect(new Set(edges.map((e) => e.name)).size).toBe(2);
      expect(graph.childEdges(t.Cell.fullTableName).filter((e) => e.child === t.Synapse.fullTableName)).toHaveLength(2);
    });

    it('mark renamed foreign keys as aliased', () => {
      expect(shape(edgeBetween(graph, t.Animal.fullTableName, t.Observation.fullTableName))).toEqual({
        attrMap: { subject_id: 'animal_id' },
        primary: false,
        aliased: true,
        multi: true,
      });
      // the whole primary key, renamed: one-to-one
      expect(shape(edgeBetween(graph, t.Parent.fullTableName, t.RenamedOneToOne.fullTableName))).toEqual({
        attrMap: { alt_parent_id: 'parent_id' },
        primary: true,
        aliased: true,
        multi: false,
      });
    });

    it('answer parents and children as the upstream test_dependencies checks', () => {
      const names = (edges: readonly ForeignKeyEdge[], end: 'parent' | 'child') => new Set(edges.map((e) => e[end]));
      expect(names(graph.childEdges(t.A.fullTableName), 'child')).toEqual(new Set([t.B.fullTableName, t.D.fullTableName]));
      expect(names(graph.parentEdges(t.D.fullTableName).filter((e) => e.primary), 'parent')).toEqual(new Set([t.A.fullTableName]));
      expect(names(graph.parentEdges(t.D.fullTableName).filter((e) => !e.primary), 'parent')).toEqual(new Set([t.L.fullTableName]));
      const allowed = [t.L, t.D, t.E, t.E.F, t.E.G, t.E.H, t.E.M].map((c) => c.fullTableName);
      const descendants = graph.descendants(t.L.fullTableName);
      expect(descendants.length).toBeGreaterThan(0);
      for (const name of descendants) expect(allowed).toContain(name);
      expect(new Set(graph.ancestors(t.E.M.fullTableName))).toEqual(new Set([t.E.H, t.E, t.B, t.D, t.A, t.L].map((c) => c.fullTableName)));
    });

    it('find the master of a part table', () => {
      expect(graph.masterOf(t.B.C.fullTableName)).toBe(t.B.fullTableName);
      expect(graph.masterOf(t.E.M.fullTableName)).toBe(t.E.fullTableName);
      expect(graph.masterOf(t.E.fullTableName)).toBeNull();
      expect(graph.masterOf(t.A.fullTableName)).toBeNull();
    });
  });

  describe('acyclicity and order', () => {
    it('orders every parent before its children, parts after their masters', () => {
      const order = graph.topologicalOrder();
      expect([...order].sort()).toEqual(graph.nodes);
      const position = new Map(order.map((n, i) => [n, i]));
      for (const edge of graph.edges) expect(position.get(edge.parent)!).toBeLessThan(position.get(edge.child)!);
      for (const part of [t.B.C, t.E.F, t.E.G, t.E.H, t.E.M]) {
        const master = graph.masterOf(part.fullTableName)!;
        expect(position.get(master)!).toBeLessThan(position.get(part.fullTableName)!);
      }
      // a master waits for every parent of its parts: E.F references B.C, so B.C precedes E
      expect(position.get(t.B.C.fullTableName)!).toBeLessThan(position.get(t.E.fullTableName)!);
    });

    it('refuses a cycle of foreign keys', async () => {
      const { connection } = db.instance;
      const { adapter } = connection;
      const name = uniqueSchemaName('cycle');
      const int = backend.name === 'mysql' ? 'int' : 'integer';
      const p = adapter.fullTableName(name, 'p');
      const q = adapter.fullTableName(name, 'q');
      await connection.query(adapter.createSchemaSql(name));
      try {
        await connection.query(`CREATE TABLE ${p} (id ${int} NOT NULL, q_id ${int}, PRIMARY KEY (id))`);
        await connection.query(`CREATE TABLE ${q} (id ${int} NOT NULL, p_id ${int}, PRIMARY KEY (id), FOREIGN KEY (p_id) REFERENCES ${p} (id))`);
        const acyclic = await DependencyGraph.load(connection, [name]);
        expect(acyclic.edges).toHaveLength(1);
        await connection.query(`ALTER TABLE ${p} ADD FOREIGN KEY (q_id) REFERENCES ${q} (id)`);
        await expect(DependencyGraph.load(connection, [name])).rejects.toThrow(new dj.DataJointError('DataJoint can only work with acyclic dependencies'));
      } finally {
        await connection.query(adapter.dropSchemaSql(name));
      }
    });

  });

  describe('a real schema in DG-17 shape', () => {
    let topo: dj.Schema;
    beforeAll(async () => {
      topo = db.instance.Schema(uniqueSchemaName('topo'));
      @topo.table
      class A extends dj.Manual {
        static definition = 'a : int32';
      }
      @topo.table
      class Z extends dj.Manual {
        static definition = '-> A\nz : int32';
      }
      @topo.table
      class M extends dj.Manual {
        static definition = '-> A\nm : int32';
        static Part = class Part extends dj.Part {
          static definition = '-> master\n-> Z';
        };
      }
      void A;
      void M;
      void Z;
      await topo.ready();
    });
    afterAll(async () => {
      await topo.drop({ prompt: false });
    });

    it('orders a, z, m, m__part', async () => {
      const g = await DependencyGraph.load(db.instance.connection, [topo.name]);
      expect(g.topologicalOrder()).toEqual(['a', 'z', 'm', 'm__part'].map((n) => quoted(backend, topo.name, n)));
      expect(g.topologicalOrder()).toEqual(await topo.listTables().then((names) => names.map((n) => quoted(backend, topo.name, n))));
    });
  });

  describe('across schemas', () => {
    let down: dj.Schema;
    let down2: dj.Schema;
    let unrelated: dj.Schema;
    let Analysis: dj.TableClass;
    let Report: dj.TableClass;

    beforeAll(async () => {
      down = db.instance.Schema(uniqueSchemaName('deps_down'), { context: { main: t } });
      Analysis = down.table(class Analysis extends dj.Manual {
        static definition = `
        -> main.B
        analysis_id : int32
        ---
        -> main.Animal.proj(owner='animal_id')
        `;
      });
      down2 = db.instance.Schema(uniqueSchemaName('deps_down2'), { context: { down: { Analysis } } });
      Report = down2.table(class Report extends dj.Manual {
        static definition = `
        -> down.Analysis
        `;
      });
      unrelated = db.instance.Schema(uniqueSchemaName('deps_unrel'));
      unrelated.table(class Lonely extends dj.Manual {
        static definition = 'lonely_id : int32';
      });
      await down.ready();
      await down2.ready();
      await unrelated.ready();
    });

    afterAll(async () => {
      await down2.drop({ prompt: false });
      await down.drop({ prompt: false });
      await unrelated.drop({ prompt: false });
    });

    it('load edges between schemas', async () => {
      const g = await DependencyGraph.load(db.instance.connection, [s, down.name]);
      expect(g.nodes).toContain(Analysis.fullTableName);
      expect(Analysis.fullTableName).toBe(quoted(backend, down.name, 'analysis'));
      expect(shape(edgeBetween(g, t.B.fullTableName, Analysis.fullTableName))).toEqual({ attrMap: { id_a: 'id_a', id_b: 'id_b' }, primary: true, aliased: false, multi: true });
      expect(shape(edgeBetween(g, t.Animal.fullTableName, Analysis.fullTableName))).toEqual({ attrMap: { owner: 'animal_id' }, primary: false, aliased: true, multi: true });
      expect(g.descendants(t.A.fullTableName)).toContain(Analysis.fullTableName);
      expect(g.nodes).not.toContain(Report.fullTableName); // down2 was not asked for
    });

    it('leave out dependent schemas unless asked to discover them', async () => {
      const g = await DependencyGraph.load(db.instance.connection, [s]);
      expect(g.schemas).toEqual([s]);
      expect(g.nodes.some((n) => n.includes(down.name))).toBe(false);
      expect(g.childEdges(t.B.fullTableName).map((e) => e.child)).not.toContain(Analysis.fullTableName);
    });

    it('discover every schema that depends on the loaded ones, transitively', async () => {
      const g = await DependencyGraph.load(db.instance.connection, [s], { downstream: true });
      expect(new Set(g.schemas)).toEqual(new Set([s, down.name, down2.name]));
      expect(g.nodes).toEqual(expect.arrayContaining([Analysis.fullTableName, Report.fullTableName]));
      expect(g.nodes.some((n) => n.includes(unrelated.name))).toBe(false);
      expect(edgeBetween(g, Analysis.fullTableName, Report.fullTableName).primary).toBe(true);
      expect(g.descendants(t.A.fullTableName)).toEqual(expect.arrayContaining([Analysis.fullTableName, Report.fullTableName]));
      const order = g.topologicalOrder();
      expect(order.indexOf(t.B.fullTableName)).toBeLessThan(order.indexOf(Analysis.fullTableName));
      expect(order.indexOf(Analysis.fullTableName)).toBeLessThan(order.indexOf(Report.fullTableName));
    });

    it('discovering downstream of a leaf schema adds nothing', async () => {
      const g = await DependencyGraph.load(db.instance.connection, [down2.name], { downstream: true, foreignSchemas: 'ignore' });
      expect(g.schemas).toEqual([down2.name]);
    });

    it('refuse a foreign key into a schema that is not loaded, telling to activate it', async () => {
      const load = DependencyGraph.load(db.instance.connection, [down.name]);
      await expect(load).rejects.toThrow(dj.DataJointError);
      await expect(load).rejects.toThrow(new RegExp(`${s}.*not loaded.*Activate schema \`${s}\``, 's'));
      const ignoring = await DependencyGraph.load(db.instance.connection, [down.name], { foreignSchemas: 'ignore' });
      expect(ignoring.nodes).toEqual([Analysis.fullTableName]);
      expect(ignoring.edges).toEqual([]);
    });

    it('load dependent schemas in full even when their other parents are elsewhere', async () => {
      // down2 references only down; loading down2 alone refuses, loading both works
      await expect(DependencyGraph.load(db.instance.connection, [down2.name])).rejects.toThrow(/Activate schema/);
      const g = await DependencyGraph.load(db.instance.connection, [down.name, down2.name], { foreignSchemas: 'ignore' });
      expect(g.edges.map((e) => [e.parent, e.child])).toEqual([[Analysis.fullTableName, Report.fullTableName]]);
    });
  });

  describe('ThingC: a nullable unique foreign key (test_dependencies.py)', () => {
    beforeEach(async () => {
      await t.ThingE.deleteQuick();
      await t.ThingD.deleteQuick();
      await t.ThingC.deleteQuick();
      await t.ThingB.deleteQuick();
      await t.ThingA.deleteQuick();
      await t.ThingA.insert([0, 1, 2, 3, 4, 5, 6].map((a) => ({ a })));
      await t.ThingB.insert([
        { b1: 1, b2: 1, b3: 100 },
        { b1: 1, b2: 2, b3: 100 },
      ]);
    });

    it('accepts missing and unique foreign-key values (test_nullable_dependency)', async () => {
      await t.ThingC.insert1({ a: 0 });
      await t.ThingC.insert1({ a: 1, b1: 33 });
      await t.ThingC.insert1({ a: 2, b2: 77 });
      await t.ThingC.insert1({ a: 3, b1: 1, b2: 1 });
      await t.ThingC.insert1({ a: 4, b1: 1, b2: 2 });
      expect(await t.ThingC.count()).toBe(5);
      expect(await t.ThingC.toArrays()).toHaveLength(5);
      const rows = await t.ThingC.toDicts({ orderBy: 'KEY' });
      expect(rows).toEqual([
        { a: 0, b1: null, b2: null },
        { a: 1, b1: 33, b2: null },
        { a: 2, b1: null, b2: 77 },
        { a: 3, b1: 1, b2: 1 },
        { a: 4, b1: 1, b2: 2 },
      ]);
    });

    it('refuses a duplicate foreign-key value (test_unique_dependency)', async () => {
      await t.ThingC.insert1({ a: 0, b1: 1, b2: 1 });
      await expect(t.ThingC.insert1({ a: 1, b1: 1, b2: 1 })).rejects.toThrow(dj.DuplicateError);
      expect(await t.ThingC.count()).toBe(1);
    });

    it('refuses a complete foreign-key value with no parent row', async () => {
      await expect(t.ThingC.insert1({ a: 5, b1: 2, b2: 2 })).rejects.toThrow(dj.IntegrityError);
    });
  });

  describe('catalog statements of a cold cascade', () => {
    /** What a catalog statement reads, by the view it names (the columns statement names the tables view too). */
    function viewOf(sql: string): string {
      if (sql.includes('~lineage')) return 'lineage';
      if (sql.includes('information_schema.referential_constraints')) return 'referencing schemas';
      if (/FROM pg_constraint|referenced_table_name IS NOT NULL/.test(sql)) return 'foreign keys';
      if (/WHERE i\.indisprimary|constraint_name = 'PRIMARY'/.test(sql)) return 'primary keys';
      if (/information_schema\.columns|FROM pg_attribute/.test(sql)) return 'columns';
      if (/information_schema\.statistics|NOT i\.indisprimary/.test(sql)) return 'indexes';
      if (/information_schema\.tables|obj_description\(c\.oid, 'pg_class'\)/.test(sql)) return 'tables';
      return sql;
    }

    it('reads each catalog view once; on MySQL one schema per statement, by equality', async () => {
      const { first, close } = await twoInstances(backend);
      const upName = uniqueSchemaName('deps_cold_up');
      const downName = uniqueSchemaName('deps_cold_dn');
      const { connection } = first;
      try {
        const { up, Subject } = await declareUpAndDown(first, upName, downName);
        clearHeadingCache(connection);
        const sent: string[] = [];
        const query = connection.query.bind(connection);
        const spy = jest.spyOn(connection, 'query').mockImplementation((sql: string, params?: readonly unknown[]) => {
          sent.push(sql.replace(/\s+/g, ' '));
          return query(sql, params);
        });
        try {
          const order = await new dj.Diagram(up).cascade(Subject.restrict({ subject_id: 1 })).topologicalOrder();
          expect(order).toEqual([quoted(backend, upName, 'subject'), quoted(backend, downName, 'session')]);
        } finally {
          spy.mockRestore();
        }
        const views = sent.map(viewOf).sort();
        if (backend.name === 'mysql') {
          // information_schema opens one database when TABLE_SCHEMA equals a constant: one statement per schema;
          // foreign keys into the schemas may come from any database: which ones is asked of the lighter
          // referential_constraints, and their foreign keys are read from those databases alone
          expect(views).toEqual([
            'columns', 'columns', 'foreign keys', 'foreign keys', 'indexes', 'indexes', 'lineage', 'lineage', 'primary keys', 'primary keys', 'referencing schemas', 'tables', 'tables',
          ]);
          for (const sql of sent.filter((q) => /information_schema/.test(q) && viewOf(q) !== 'referencing schemas')) {
            expect(sql).toMatch(/table_schema = \?/);
            expect(sql).not.toMatch(/\btable_schema IN|JOIN information_schema/);
          }
        } else {
          expect(views).toEqual(['columns', 'foreign keys', 'indexes', 'lineage', 'lineage', 'primary keys', 'tables']);
        }
      } finally {
        await connection.query(connection.adapter.dropSchemaSql(downName)).catch(() => undefined);
        await connection.query(connection.adapter.dropSchemaSql(upName)).catch(() => undefined);
        await close();
      }
    });
  });

  describe('a diagram on a connection where a referenced schema is not activated', () => {
    it('refuses to load, telling to activate that schema', async () => {
      const { first, second, close } = await twoInstances(backend);
      const upName = uniqueSchemaName('deps_up');
      const downName = uniqueSchemaName('deps_dn');
      try {
        const { down: downOnFirst } = await declareUpAndDown(first, upName, downName);
        // the first connection activated both: its diagram loads
        const nodes = await new dj.Diagram(downOnFirst).nodes();
        expect(nodes.map((n) => n.table)).toEqual(['session']);

        // the second activates only the dependent schema
        const downOnSecond = second.Schema(downName);
        expect([...second.connection.schemas]).toEqual([downName]);
        const diagram = new dj.Diagram(downOnSecond);
        await expect(diagram.nodes()).rejects.toThrow(dj.DataJointError);
        await expect(diagram.nodes()).rejects.toThrow(new RegExp(`Activate schema \`${upName}\``));

        // once it is activated there too, the same diagram loads
        second.Schema(upName);
        const again = await diagram.nodes();
        expect(again.map((n) => n.fullName)).toEqual([quoted(backend, downName, 'session')]);
        expect(await new dj.Diagram(downOnSecond).upstream(1).topologicalOrder()).toEqual([quoted(backend, upName, 'subject'), quoted(backend, downName, 'session')]);
      } finally {
        const { connection } = first;
        await connection.query(connection.adapter.dropSchemaSql(downName)).catch(() => undefined);
        await connection.query(connection.adapter.dropSchemaSql(upName)).catch(() => undefined);
        await close();
      }
    });
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
