/**
 * The public codec API: a `dj.Codec` subclass registered by name, listed by
 * `dj.listCodecs()`, found by `dj.getCodec()`, and chained on a built-in codec, in the
 * table (`<graph>` → `<blob>` → bytes) and in a store (`<graph@>` → `<blob@>` → `<hash@>`).
 */
import * as dj from 'datajoint';
import { getStore } from '@dj/core/internal';
import { describeBackends, STORE_KINDS, useTestInstance, useTestStore } from '@dj/testing';

/** A small graph type of the user's. */
class Graph {
  constructor(readonly nodes: string[], readonly edges: Array<[string, string]>) {}
}

/** The README's worked example: graphs stored as node and edge lists through `<blob>`. */
class GraphCodec extends dj.Codec<Graph, { nodes: string[]; edges: string[][] }> {
  readonly name = 'graph';

  dtype(): string {
    return '<blob>';
  }

  encode(graph: Graph) {
    return { nodes: graph.nodes, edges: graph.edges.map(([a, b]) => [a, b]) };
  }

  decode(stored: { nodes: string[]; edges: string[][] }): Graph {
    return new Graph(stored.nodes, stored.edges.map(([a, b]) => [a!, b!] as [string, string]));
  }

  override validate(value: unknown): void {
    if (!(value instanceof Graph)) throw new dj.DataJointError(`<graph> expects a Graph, got ${typeof value}`);
  }
}

const graphCodec = new GraphCodec();

function define(schema: dj.Schema) {
  @schema.table
  class Network extends dj.Manual {
    static definition = `
    network_id : int32
    ---
    topology : <graph>
    archived = null : <graph@>
    `;
  }
  return { Network };
}

describe('the codec registry', () => {
  beforeAll(() => dj.registerCodec(graphCodec));
  afterAll(() => dj.unregisterCodec('graph'));

  it('lists and finds codecs by name, built-in ones included', () => {
    expect(dj.listCodecs()).toEqual(expect.arrayContaining(['attach', 'blob', 'graph', 'hash']));
    expect(dj.listCodecs()).toEqual([...dj.listCodecs()].sort());
    expect(dj.getCodec('graph')).toBe(graphCodec);
    expect(dj.getCodec('<graph@cold>')).toBe(graphCodec);
    expect(dj.getCodec('<blob>').name).toBe('blob');
    expect(() => dj.getCodec('<nope>')).toThrow(/Codec <nope> is not registered/);
  });

  it('refuses a second codec with a taken name, and accepts the same one again', () => {
    expect(() => dj.registerCodec(new GraphCodec())).toThrow('Codec graph already registered by GraphCodec');
    expect(() => dj.registerCodec(graphCodec)).not.toThrow();
    expect(() => dj.unregisterCodec('never')).toThrow('Codec never is not registered');
  });
});

describeBackends('a custom codec chained on <blob> on $name', (backend) => {
  beforeAll(() => dj.registerCodec(graphCodec));
  afterAll(() => dj.unregisterCodec('graph'));

  describe.each(STORE_KINDS)('with a %s store', (kind) => {
    const store = useTestStore(kind);
    const db = useTestInstance(backend, { label: 'custom_codec' });
    let t: ReturnType<typeof define>;

    beforeAll(async () => {
      db.instance.config.stores = store.stores;
      t = define(db.schema());
      await db.schema().ready();
    });

    it('stores in the table and in the store through the built-in codecs', async () => {
      const graph = new Graph(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]);
      await t.Network.insert1({ network_id: 1, topology: graph, archived: graph });
      const row = (await t.Network.fetch1()) as dj.Row;
      expect(row.topology).toBeInstanceOf(Graph);
      expect(row.topology).toEqual(graph);
      expect(row.archived).toEqual(graph);

      const columns = await db.instance.connection.introspector.columns(db.instance.connection, db.schemaName, 'network');
      expect(columns.find((c) => c.name === 'topology')!.sqlType.toLowerCase()).toMatch(/^(longblob|bytea)$/);
      expect(columns.find((c) => c.name === 'archived')!.sqlType.toLowerCase()).toMatch(/^(json|jsonb|longtext)$/);
      expect(columns.find((c) => c.name === 'archived')!.comment).toBe(':<graph@>:');
      const objects: string[] = [];
      for await (const object of getStore(db.instance.config).list(`_hash/${db.schemaName}`)) objects.push(object.path);
      expect(objects).toHaveLength(1);
    });

    it('validates with the outermost codec before anything is stored', async () => {
      await expect(t.Network.insert1({ network_id: 2, topology: 'not a graph' })).rejects.toThrow(/`topology`.*<graph> expects a Graph, got string/);
    });
  });
});
