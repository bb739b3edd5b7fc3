/**
 * Diagram construction, algebra and restriction modes on every backend (pipeline spec §2,
 * §3.5, §3.6), ported from the structural checks of datajoint-python's
 * `tests/integration/test_diagram.py` (spec §14.5) over the tables of `schema_simple.py`:
 * tiers and masters, parents and children, `+ n` / `- n` / `*` / `add_parts()` / `collapse()`,
 * the mode errors, `preview()` (Python `counts()`), and `prune()`.
 *
 * B, D, E and their parts are filled with deterministic rows (pipelines/simple.ts); G, which
 * upstream populates for every E, gets rows only for `id_a >= 1`, so that a restriction to
 * `id_a = 0` reaches a table that is not empty but has no matching rows.
 */
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, useTestInstance } from '@dj/testing';
import { clearHeadingCache } from '@dj/core/internal';
import { DependencyGraph } from '../src/internal';
import { declareSimple, declareSimpleRest, fillSimple } from '../../schema/test/pipelines/simple';
import { recorded } from '../../schema/test/helpers/record-queries';

function declareTables(schema: dj.Schema) {
  const simple = declareSimple(schema);
  const rest = declareSimpleRest(schema);

  @schema.table
  class Cell extends dj.Manual {
    static definition = `
    cell : int32
    `;
  }

  @schema.table
  class Synapse extends dj.Manual {
    static definition = `
    -> Cell.proj(presynaptic='cell')
    -> Cell.proj(postsynaptic='cell')
    `;
  }

  return { ...simple, ...rest, Cell, Synapse };
}

type Tables = ReturnType<typeof declareTables>;

/** Full names of the tables a diagram shows. */
async function shown(diagram: dj.Diagram): Promise<Set<string>> {
  return new Set((await diagram.nodes()).map((n) => n.fullName));
}

/** Full names of table classes. */
function names(...classes: Array<{ fullTableName: string }>): Set<string> {
  return new Set(classes.map((c) => c.fullTableName));
}

describeBackends('diagram algebra on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'diagalg', overrides: { jobs__allow_new_pk_fields_in_computed_tables: true } });
  let t: Tables;
  let schema: dj.Schema;

  beforeAll(async () => {
    schema = db.schema();
    t = declareTables(schema);
    await schema.ready();
    await fillSimple(t);
    const eKeys = await t.E.restrict('id_a >= 1').keys();
    await t.G.insert(eKeys, { allowDirectInsert: true });
    await t.Cell.insert([1, 2, 3, 4].map((cell) => ({ cell })));
    await t.Synapse.insert([
      [1, 2],
      [2, 1],
      [1, 1],
      [3, 4],
      [2, 3],
    ]);
  });

  describe('nodes', () => {
    it('give tiers and masters (test_decorator)', async () => {
      const nodes = new Map((await new dj.Diagram(schema).nodes()).map((n) => [n.fullName, n]));
      expect(nodes.get(t.A.fullTableName)).toMatchObject({ tier: 'lookup', master: null, schema: schema.name, table: '#a', primaryKey: ['id_a'] });
      expect(nodes.get(t.L.fullTableName)).toMatchObject({ tier: 'lookup', master: null });
      expect(nodes.get(t.B.fullTableName)).toMatchObject({ tier: 'computed', master: null, table: '__b' });
      expect(nodes.get(t.B.C.fullTableName)).toMatchObject({ tier: 'part', master: t.B.fullTableName, table: '__b__c', primaryKey: ['id_a', 'id_b', 'id_c'] });
      expect(nodes.get(t.E.F.fullTableName)).toMatchObject({ tier: 'part', master: t.E.fullTableName });
      expect(nodes.get(t.E.M.fullTableName)).toMatchObject({ tier: 'part', master: t.E.fullTableName });
      expect(nodes.get(t.Profile.fullTableName)).toMatchObject({ tier: 'manual', master: null });
      expect(nodes.get(t.Profile.Website.fullTableName)).toMatchObject({ tier: 'part', master: t.Profile.fullTableName });
      expect(nodes.get(t.Website.fullTableName)).toMatchObject({ tier: 'lookup', master: null });
      // a part of a Lookup (#882)
      expect(nodes.get(t.OutfitLaunch.fullTableName)).toMatchObject({ tier: 'lookup', master: null });
      expect(nodes.get(t.OutfitLaunch.OutfitPiece.fullTableName)).toMatchObject({ tier: 'part', master: t.OutfitLaunch.fullTableName });
    });

    it('are the whole schema, parents first and parts after their masters', async () => {
      const nodes = await new dj.Diagram(schema).nodes();
      const expected = Object.values(t).flatMap((c) => [c, ...Object.values(c).filter((v) => typeof v === 'function' && 'fullTableName' in v)]);
      expect(new Set(nodes.map((n) => n.fullName))).toEqual(new Set(expected.map((c) => (c as { fullTableName: string }).fullTableName)));
      expect(nodes.map((n) => n.fullName)).toEqual(await new dj.Diagram(schema).topologicalOrder());
      const graph = await DependencyGraph.load(db.instance.connection, [schema.name]);
      const position = new Map(nodes.map((n, i) => [n.fullName, i]));
      for (const edge of graph.edges) expect(position.get(edge.parent)!).toBeLessThan(position.get(edge.child)!);
      for (const node of nodes) if (node.master) expect(position.get(node.master)!).toBeLessThan(position.get(node.fullName)!);
    });

    it('answer children and parents (test_dependencies)', async () => {
      expect(await shown(new dj.Diagram(t.A).downstream(1))).toEqual(names(t.A, t.B, t.D));
      expect(await shown(new dj.Diagram(t.D).upstream(1))).toEqual(names(t.A, t.D, t.L));
      const graph = await DependencyGraph.load(db.instance.connection, [schema.name]);
      expect(new Set(graph.childEdges(t.A.fullTableName).map((e) => e.child))).toEqual(names(t.B, t.D));
      expect(new Set(graph.parentEdges(t.D.fullTableName).filter((e) => e.primary).map((e) => e.parent))).toEqual(names(t.A));
      expect(new Set(graph.parentEdges(t.D.fullTableName).filter((e) => !e.primary).map((e) => e.parent))).toEqual(names(t.L));
      const allowed = names(t.L, t.D, t.E, t.E.F, t.E.G, t.E.H, t.E.M, t.G);
      for (const name of graph.descendants(t.L.fullTableName)) expect(allowed).toContain(name);
      for (const cls of [t.A, t.B, t.D, t.E, t.L]) expect(graph.has(cls.fullTableName)).toBe(true);
    });
  });

  describe('algebra (test_diagram_algebra)', () => {
    it('shows one table, its downstream, its upstream, their intersection and parts', async () => {
      const diag0 = new dj.Diagram(t.B);
      const diag1 = diag0.downstream(3);
      const diag2 = new dj.Diagram(t.E).upstream(3);
      const diag3 = diag1.intersect(diag2);
      const diag4 = diag0.add(t.E).addParts().subtract(t.B).subtract(t.E);
      expect(await shown(diag0)).toEqual(names(t.B));
      expect(await shown(diag1)).toEqual(names(t.B, t.B.C, t.E, t.E.F, t.E.G, t.E.H, t.E.M, t.G));
      expect(await shown(diag2)).toEqual(names(t.A, t.B, t.D, t.E, t.L));
      expect(await shown(diag3)).toEqual(names(t.B, t.E));
      expect(await shown(diag4)).toEqual(names(t.B.C, t.E.F, t.E.G, t.E.H, t.E.M));
    });

    it('leaves every operand unchanged', async () => {
      const base = new dj.Diagram(t.B);
      base.downstream(2);
      base.add(t.A);
      base.addParts();
      expect(await shown(base)).toEqual(names(t.B));
      expect(await shown(new dj.Diagram(base.downstream(1)))).toEqual(names(t.B, t.B.C, t.E));
    });

    it('steps one level at a time, and order matters (DI-8)', async () => {
      expect(await shown(new dj.Diagram(t.B).downstream())).toEqual(names(t.B, t.B.C, t.E));
      expect(await shown(new dj.Diagram(t.B).downstream(1).upstream(1))).toEqual(names(t.A, t.B, t.B.C, t.D, t.E, t.L));
      expect(await shown(new dj.Diagram(t.B).upstream(1).downstream(1))).toEqual(names(t.A, t.B, t.B.C, t.D, t.E));
      expect(await shown(new dj.Diagram(t.A).upstream(5))).toEqual(names(t.A));
      expect(await shown(new dj.Diagram(t.A).downstream(0))).toEqual(names(t.A));
    });

    it('adds, subtracts and intersects schemas, tables and diagrams', async () => {
      const all = await shown(new dj.Diagram(schema));
      expect(await shown(new dj.Diagram(t.A).add(schema))).toEqual(all);
      expect(await shown(new dj.Diagram(schema).intersect(t.L))).toEqual(names(t.L));
      expect(await shown(new dj.Diagram(schema).subtract(schema))).toEqual(new Set());
      const withoutE = await shown(new dj.Diagram(schema).subtract(new dj.Diagram(t.E).addParts()));
      expect(withoutE.size).toBe(all.size - 5);
      for (const cls of [t.E, t.E.F, t.E.G, t.E.H, t.E.M]) expect(withoutE.has(cls.fullTableName)).toBe(false);
      expect(withoutE.has(t.G.fullTableName)).toBe(true);
      // a restricted table stands for its table
      expect(await shown(new dj.Diagram(t.B.restrict('id_b = 1')))).toEqual(names(t.B));
      expect(await shown(new dj.Diagram(t.A).add(t.B.restrict({ id_b: 1 })))).toEqual(names(t.A, t.B));
    });

    it('adds the parts of masters only', async () => {
      expect(await shown(new dj.Diagram(t.OutfitLaunch).addParts())).toEqual(names(t.OutfitLaunch, t.OutfitLaunch.OutfitPiece));
      expect(await shown(new dj.Diagram(t.A).addParts())).toEqual(names(t.A));
      // the Lookup Website is not a part of Profile, though Profile has a part named Website
      expect(await shown(new dj.Diagram(t.Profile).addParts())).toEqual(names(t.Profile, t.Profile.Website));
    });

    it('refuses operands of another connection, synchronously', async () => {
      const other = await createTestInstance(backend);
      try {
        const foreign = other.FreeTable(`${schema.name}.#a`);
        expect(() => new dj.Diagram(t.A).add(foreign)).toThrow(dj.DataJointError);
        expect(() => new dj.Diagram(t.A).subtract(foreign)).toThrow(/different connections/);
        expect(() => new dj.Diagram(t.A).intersect(new dj.Diagram(foreign))).toThrow(/different connections/);
      } finally {
        await other.close();
      }
    });
  });

  describe('collapse', () => {
    /** Mermaid node lines (not class definitions). */
    async function mermaidNodes(diagram: dj.Diagram): Promise<string[]> {
      return (await diagram.toMermaid()).split('\n').filter((line) => /:::\w+$/.test(line)).map((line) => line.trim());
    }

    it('draws the shown tables as one node per schema', async () => {
      const count = (await new dj.Diagram(schema).nodes()).length;
      const lines = await mermaidNodes(new dj.Diagram(schema).collapse());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`\\[\\["\\(${count} tables\\)"\\]\\]:::collapsed$`));
      // the tables are still the diagram's
      expect((await new dj.Diagram(schema).collapse().nodes()).length).toBe(count);
    });

    it('keeps tables added afterwards expanded (expanded wins)', async () => {
      const count = (await new dj.Diagram(schema).nodes()).length;
      for (const diagram of [new dj.Diagram(schema).collapse().add(t.B), new dj.Diagram(t.B).add(new dj.Diagram(schema).collapse())]) {
        const lines = await mermaidNodes(diagram);
        expect(lines).toHaveLength(2);
        expect(lines).toContain('B([B]):::computed');
        expect(lines.some((line) => line.endsWith(`[["(${count - 1} tables)"]]:::collapsed`))).toBe(true);
      }
      const grown = await mermaidNodes(new dj.Diagram(t.A).collapse().downstream(1));
      expect(grown).toEqual(expect.arrayContaining(['B([B]):::computed', 'D([D]):::computed']));
      expect(grown.some((line) => line.endsWith('[["(1 table)"]]:::collapsed'))).toBe(true);
    });
  });

  describe('modes', () => {
    it('start with none and record cascade or restrict', () => {
      const diagram = new dj.Diagram(schema);
      expect(diagram.mode).toBe('none');
      expect(diagram.cascade(t.A).mode).toBe('cascade');
      expect(diagram.restrict(t.A).mode).toBe('restrict');
      expect(diagram.restrict(t.A).prune().mode).toBe('restrict');
      expect(diagram.prune().mode).toBe('none');
      expect(diagram.mode).toBe('none');
    });

    it('refuse mixing cascade and restrict, synchronously', () => {
      const diagram = new dj.Diagram(schema);
      const cascaded = diagram.cascade(t.A.restrict('id_a = 0'));
      expect(() => cascaded.restrict(t.A)).toThrow(dj.DataJointError);
      expect(() => cascaded.restrict(t.A)).toThrow(/Cannot apply restrict\(\) on a Diagram produced by Diagram.cascade\(\)/);
      expect(() => cascaded.prune()).toThrow(dj.DataJointError);
      expect(() => cascaded.prune()).toThrow(/prune.*cannot be used.*cascade/);
      expect(() => cascaded.cascade(t.B)).toThrow(dj.DataJointError);
      expect(() => cascaded.cascade(t.B)).toThrow(/cascade\(\) can be applied only once/);
      const restricted = diagram.restrict(t.A.restrict('id_a = 0'));
      expect(() => restricted.cascade(t.A)).toThrow(dj.DataJointError);
      expect(() => restricted.cascade(t.A)).toThrow(/Cannot apply cascade\(\) on a restricted Diagram/);
      expect(() => restricted.prune().cascade(t.A)).toThrow(/mutually exclusive/);
      // algebra keeps the mode
      expect(() => cascaded.add(t.L).prune()).toThrow(/prune.*cannot be used.*cascade/);
    });

    it('refuse a bad partIntegrity, synchronously', () => {
      expect(() => new dj.Diagram(schema).cascade(t.A, { partIntegrity: 'casade' as never })).toThrow(/partIntegrity must be 'enforce', 'ignore', or 'cascade', got 'casade'/);
    });

    it('refuse restricting by a table that is not in the diagram', async () => {
      // hidden tables are not graph nodes
      const lineage = db.instance.FreeTable(`${schema.name}.~lineage`);
      expect(await lineage.count()).toBeGreaterThan(0);
      const restricted = new dj.Diagram(schema).restrict(lineage);
      await expect(restricted.preview()).rejects.toThrow(dj.DataJointError);
      await expect(restricted.nodes()).rejects.toThrow(/is not in the diagram/);
    });

    it('refuse restricting by a join', async () => {
      await expect(new dj.Diagram(schema).restrict(t.A.join(t.L)).preview()).rejects.toThrow(/starts from one table/);
    });

    it('preview nothing without restrictions', async () => {
      const preview = new dj.Diagram(schema).preview();
      await expect(preview).rejects.toThrow(dj.DataJointError);
      await expect(preview).rejects.toThrow(/No restrictions applied/);
      await expect(new dj.Diagram(schema).prune().preview()).rejects.toThrow(/No restrictions applied/);
    });
  });

  describe('restrict', () => {
    it('propagates to every descendant, leaving the data alone', async () => {
      const before = await t.A.count();
      const preview = await new dj.Diagram(schema).restrict(t.A.restrict('id_a = 0')).preview();
      const descendants = [t.A, t.B, t.B.C, t.D, t.E, t.E.F, t.E.G, t.E.H, t.E.M, t.G];
      expect(new Set(Object.keys(preview))).toEqual(names(...descendants));
      for (const cls of descendants) expect(preview[cls.fullTableName]).toBe(await cls.restrict('id_a = 0').count());
      expect(preview[t.A.fullTableName]).toBe(1);
      expect(preview[t.B.fullTableName]).toBe(4);
      expect(preview[t.E.fullTableName]).toBe(16);
      expect(preview[t.G.fullTableName]).toBe(0);
      // keys in dependency order
      const order = await new dj.Diagram(schema).topologicalOrder();
      expect(Object.keys(preview)).toEqual(order.filter((n) => n in preview));
      expect(await t.A.count()).toBe(before);
    });

    it('AND-s restrictions: a child of two restricted parents keeps the rows matching both', async () => {
      const diagram = new dj.Diagram(schema).restrict(t.B.restrict('id_b = 1')).restrict(t.D.restrict('id_d = 2'));
      const preview = await diagram.preview();
      const both = await t.E.restrict({ id_b: 1, id_d: 2 }).count();
      expect(both).toBe(10);
      expect(preview[t.E.fullTableName]).toBe(both);
      expect(preview[t.E.H.fullTableName]).toBe(await t.E.H.restrict({ id_b: 1, id_d: 2 }).count());
      expect(preview[t.G.fullTableName]).toBe(await t.G.restrict({ id_b: 1, id_d: 2 }).count());
      expect(preview[t.B.fullTableName]).toBe(10);
      expect(preview[t.D.fullTableName]).toBe(10);
      // restrictions of one table accumulate too
      const narrowed = await new dj.Diagram(schema).restrict(t.A.restrict('id_a < 5')).restrict(t.A.restrict('id_a > 2')).preview();
      expect(narrowed[t.A.fullTableName]).toBe(2);
      expect(narrowed[t.B.fullTableName]).toBe(8);
    });

    it('follows secondary foreign keys, AND-ing them with the primary ones', async () => {
      const preview = await new dj.Diagram(schema).restrict(t.L.restrict('id_l < 3')).preview();
      const d = t.D.restrict(t.L.restrict('id_l < 3'));
      expect(preview[t.L.fullTableName]).toBe(3);
      expect(preview[t.D.fullTableName]).toBe(await d.count());
      expect(preview[t.D.fullTableName]).toBeGreaterThan(0);
      // E references D (primary) and L (secondary): it keeps the rows matching both
      const e = t.E.restrict(d.proj()).restrict('id_l < 3');
      expect(preview[t.E.fullTableName]).toBe(await e.count());
      expect(preview[t.E.fullTableName]).toBeLessThan(await t.E.restrict(d.proj()).count());
      expect(preview[t.E.G.fullTableName]).toBe(await t.E.G.restrict(e.proj()).restrict('id_l < 3').count());
      expect(preview).not.toHaveProperty([t.A.fullTableName]);
      expect(preview).not.toHaveProperty([t.B.fullTableName]);
    });

    it('previews only the shown tables', async () => {
      const preview = await new dj.Diagram(t.E).restrict(t.A.restrict('id_a = 0')).preview();
      expect(preview).toEqual({ [t.E.fullTableName]: 16 });
    });

    it('gives the restricted tables, parents first', async () => {
      const diagram = new dj.Diagram(t.A).downstream(1).restrict(t.A.restrict('id_a = 3'));
      const entries = await diagram.entries();
      expect(entries.map((e) => e.node.fullName)).toEqual(await diagram.topologicalOrder());
      const counts = await Promise.all(entries.map(async (e) => [e.node.fullName, await e.rows.count()] as const));
      expect(Object.fromEntries(counts)).toEqual({ [t.A.fullTableName]: 1, [t.B.fullTableName]: 4, [t.D.fullTableName]: 4 });
      const viaIteration: number[] = [];
      for await (const table of diagram) viaIteration.push(await table.count());
      expect(viaIteration).toEqual(counts.map(([, n]) => n));
      const tables = await diagram.tables();
      expect(await tables[0]!.toArrays('id_a')).toEqual([[3]]);
    });
  });

  describe('cascade', () => {
    it('OR-s the paths: two foreign keys to one parent reach rows matching either', async () => {
      const preview = await new dj.Diagram(schema).cascade(t.Cell.restrict({ cell: 1 })).preview();
      expect(preview).toEqual({ [t.Cell.fullTableName]: 1, [t.Synapse.fullTableName]: 3 });
      expect(await t.Synapse.restrict([{ presynaptic: 1 }, { postsynaptic: 1 }]).count()).toBe(3);
      expect(await t.Synapse.count()).toBe(5);
    });

    it('OR-s the paths through primary and secondary foreign keys', async () => {
      const preview = await new dj.Diagram(schema).cascade(t.L.restrict({ id_l: 0 })).preview();
      const key = (row: dj.Row) => JSON.stringify([row.id_a, row.id_b, row.id_d]);
      const viaD = (await t.E.restrict(t.D.restrict({ id_l: 0 }).proj()).keys()).map(key);
      const viaL = (await t.E.restrict({ id_l: 0 }).keys()).map(key);
      const either = new Set([...viaD, ...viaL]).size;
      expect(either).toBeGreaterThan(Math.max(viaD.length, viaL.length));
      expect(preview[t.E.fullTableName]).toBe(either);
      expect(preview[t.D.fullTableName]).toBe(await t.D.restrict({ id_l: 0 }).count());
      expect(preview[t.G.fullTableName]).toBeGreaterThan(0);
    });

    it('reads the graph and headings while the seed only names its schema: its heading costs no statement of its own', async () => {
      const { connection } = db.instance;
      /** Statements of a cascade preview from `Cell & cell=1` with nothing cached; the seed's heading read first or not. */
      const cascadeStatements = async (seedReadFirst: boolean) => {
        clearHeadingCache(connection);
        const seed = db.instance.FreeTable(`${schema.name}.${t.Cell.tableName}`).restrict({ cell: 1 });
        if (seedReadFirst) await seed.prepare();
        const { result, statements } = await recorded(connection, () => new dj.Diagram(seed).cascade(seed).preview());
        expect(result).toEqual({ [t.Cell.fullTableName]: 1, [t.Synapse.fullTableName]: 3 });
        return statements.length;
      };
      expect(await cascadeStatements(false)).toBe(await cascadeStatements(true));
    });

    it('counts every row of an unrestricted seed and its children', async () => {
      const preview = await new dj.Diagram(t.Cell).cascade(t.Cell).preview();
      expect(preview).toEqual({ [t.Cell.fullTableName]: 4, [t.Synapse.fullTableName]: 5 });
    });

    it('keeps only the tables it reaches', async () => {
      const diagram = new dj.Diagram(schema).cascade(t.B.restrict('id_b = 1'));
      const preview = await diagram.preview();
      const reached = names(t.B, t.B.C, t.E, t.E.F, t.E.G, t.E.H, t.E.M, t.G);
      expect(new Set(Object.keys(preview))).toEqual(reached);
      expect(await shown(diagram)).toEqual(reached);
      for (const cls of [t.B, t.B.C, t.E, t.E.F, t.E.G, t.E.H, t.E.M, t.G]) expect(preview[cls.fullTableName]).toBe(await cls.restrict('id_b = 1').count());
    });
  });

  describe('prune', () => {
    it('without restrictions drops the physically empty tables', async () => {
      const diagram = new dj.Diagram(schema);
      const original = await shown(diagram);
      const pruned = await shown(diagram.prune());
      for (const cls of [t.A, t.B, t.D, t.E, t.L, t.G, t.B.C, t.E.F]) expect(pruned.has(cls.fullTableName)).toBe(true);
      expect(await t.Profile.count()).toBe(0);
      expect(pruned.has(t.Profile.fullTableName)).toBe(false);
      expect(pruned.has(t.Website.fullTableName)).toBe(false);
      expect(pruned.size).toBeLessThan(original.size);
      for (const name of original) {
        const count = await db.instance.FreeTable(name.replace(/[`"]/g, '')).count();
        expect(pruned.has(name)).toBe(count > 0);
      }
    });

    it('after restrict keeps only tables with matching rows', async () => {
      const restricted = new dj.Diagram(schema).restrict(t.A.restrict('id_a = 0'));
      const counts = await restricted.preview();
      expect(Object.values(counts)).toContain(0); // G has rows, none for id_a = 0
      const pruned = restricted.prune();
      const prunedCounts = await pruned.preview();
      expect(Object.keys(prunedCounts).length).toBeGreaterThan(0);
      for (const count of Object.values(prunedCounts)) expect(count).toBeGreaterThan(0);
      const prunedNodes = await shown(pruned);
      for (const [table, count] of Object.entries(counts)) {
        if (count === 0) {
          expect(prunedCounts).not.toHaveProperty([table]);
          expect(prunedNodes.has(table)).toBe(false);
        } else {
          expect(prunedCounts[table]).toBe(count);
        }
      }
      // tables the restriction does not reach are kept
      expect(prunedNodes.has(t.L.fullTableName)).toBe(true);
    });

    it('is idempotent', async () => {
      const once = new dj.Diagram(schema).restrict(t.A.restrict('id_a = 0')).prune();
      const twice = once.prune();
      expect(await shown(twice)).toEqual(await shown(once));
      expect(Object.keys(await twice.preview())).toEqual(Object.keys(await once.preview()));
      const plain = new dj.Diagram(schema).prune();
      expect(await shown(plain.prune())).toEqual(await shown(plain));
    });

    it('allows restricting again afterwards, narrowing the counts', async () => {
      const pruned = new dj.Diagram(schema).restrict(t.A.restrict('id_a < 5')).prune();
      const further = pruned.restrict(t.A.restrict('id_a = 0'));
      const counts = await further.preview();
      const prunedCounts = await pruned.preview();
      expect(Object.keys(counts).length).toBeGreaterThan(0);
      for (const [table, count] of Object.entries(counts)) {
        expect(count).toBeGreaterThanOrEqual(0);
        expect(count).toBeLessThanOrEqual(prunedCounts[table] ?? 0);
      }
      expect(prunedCounts[t.A.fullTableName]).toBe(5);
      expect(counts[t.A.fullTableName]).toBe(1);
    });
  });
});
