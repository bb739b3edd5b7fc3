/**
 * Drawing diagrams of real schemas on every backend (pipeline spec §6, RD-1..RD-17): SVG
 * that is well-formed XML and names every table, Mermaid and DOT of the same tables, the
 * instance's `display.diagram_direction` and `display.diagram_theme`, tables outside
 * DataJoint's naming rules drawn by their backend-quoted full names, `save()`, and a
 * diagram of a schema object that knows no classes (test_diagram_nocontext.py).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dj from 'datajoint';
import { describeBackends, type TestBackend, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { xmlProblems } from './helpers/well-formed-xml';

function declareLab(schema: dj.Schema) {
  @schema.table
  class Species extends dj.Lookup {
    static definition = `
    species : varchar(20)
    `;
    static contents = [['mouse'], ['rat']];
  }

  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : int32
    ---
    -> Species
    `;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = `
    -> Subject
    session_idx : int16
    ---
    session_date : date
    `;
    static Trial = class Trial extends dj.Part {
      static definition = `
      -> master
      trial : int16
      ---
      start_time : float32
      `;
    };
  }

  @schema.table
  class Scan extends dj.Imported {
    static definition = `
    -> Session
    ---
    depth : float32
    `;
  }

  @schema.table
  class Params extends dj.Lookup {
    static definition = `
    param_id : int16
    `;
  }

  @schema.table
  class Analysis extends dj.Computed {
    static definition = `
    -> Scan
    -> Params
    ---
    result : float32
    `;
  }

  // a renamed one-to-one foreign key
  @schema.table
  class Handler extends dj.Manual {
    static definition = `
    -> Subject.proj(handled_subject='subject_id')
    ---
    handler_name : varchar(40)
    `;
  }

  return { Species, Subject, Session, Scan, Params, Analysis, Handler };
}

type Lab = ReturnType<typeof declareLab>;

/** The texts Graphviz drew. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]!);
}

/** `a -> b` edges of a DOT text, names unquoted. */
function dotEdges(dot: string): Array<[string, string]> {
  const quotedName = '"((?:[^"\\\\]|\\\\.)*)"';
  const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
  return [...dot.matchAll(new RegExp(`^\\s*${quotedName} -> ${quotedName} \\[`, 'gm'))].map((m) => [unescape(m[1]!), unescape(m[2]!)]);
}

/** Mermaid node lines, trimmed. */
function mermaidNodes(mermaid: string): string[] {
  return mermaid
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /:::\w+$/.test(line));
}

/** Text as an XML attribute or text node writes it. */
function xmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CLASS_NAMES = ['Species', 'Subject', 'Session', 'Trial', 'Scan', 'Params', 'Analysis', 'Handler'];

/** Edges between the lab's tables, by node name. */
const LAB_EDGES: Array<[string, string]> = [
  ['Species', 'Subject'],
  ['Subject', 'Session'],
  ['Subject', 'Handler'],
  ['Session', 'Session.Trial'],
  ['Session', 'Scan'],
  ['Scan', 'Analysis'],
  ['Params', 'Analysis'],
];

describeBackends('diagram rendering on $name', (backend: TestBackend) => {
  const db = useTestInstance(backend, { label: 'diagrender' });
  let lab: Lab;
  let schema: dj.Schema;
  let s: string;
  /** Full name of a table created by SQL, outside DataJoint's naming rules. */
  let oddName: string;

  beforeAll(async () => {
    schema = db.schema();
    s = schema.name;
    lab = declareLab(schema);
    await schema.ready();
    const { connection } = db.instance;
    const { adapter } = connection;
    const int = backend.name === 'mysql' ? 'int' : 'integer';
    oddName = adapter.fullTableName(s, 'ExternalLog');
    await connection.query(
      `CREATE TABLE ${oddName} (subject_id ${int} NOT NULL, entry ${int} NOT NULL, PRIMARY KEY (subject_id, entry), ` +
        `FOREIGN KEY (subject_id) REFERENCES ${lab.Subject.fullTableName} (subject_id))`,
    );
  });

  it('names PostgreSQL tables by double-quoted and MySQL tables by back-quoted full names', () => {
    expect(oddName).toBe(backend.name === 'mysql' ? `\`${s}\`.\`ExternalLog\`` : `"${s}"."ExternalLog"`);
  });

  describe('SVG', () => {
    let svg: string;
    beforeAll(async () => {
      svg = await new dj.Diagram(schema).toSvg();
    });

    it('is one well-formed XML document', () => {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.endsWith('svg>')).toBe(true);
      expect(xmlProblems(svg)).toEqual([]);
    });

    it('names every table by its class name, parts by their own name', () => {
      const texts = svgTexts(svg);
      for (const name of CLASS_NAMES) expect(texts).toContain(name);
      expect(texts).not.toContain('Session.Trial');
      expect(svg).toContain('cluster_entity_Session');
      expect(texts).toContain(s); // the schema's cluster label
    });

    it('names a table outside the naming rules by its full name', () => {
      expect(svgTexts(svg)).toContain(xmlEscaped(oddName));
    });

    it('follows the theme of the instance', async () => {
      // default auto: light colours plus dark overrides
      expect(svg).toContain('@media (prefers-color-scheme: dark)');
      expect(svg).toContain('#e8f0e9');
      const { display } = db.instance.config;
      const theme = display.diagram_theme;
      try {
        display.diagram_theme = 'dark';
        const dark = await new dj.Diagram(schema).toSvg();
        expect(dark).toContain('#161a21');
        expect(dark).not.toContain('@media');
        expect(xmlProblems(dark)).toEqual([]);
        display.diagram_theme = 'light';
        const light = await new dj.Diagram(schema).toSvg();
        expect(light).not.toContain('161a21');
        expect(light).toContain('#e8f0e9');
      } finally {
        display.diagram_theme = theme;
      }
    });
  });

  describe('Mermaid and DOT', () => {
    it('draw the same tables and foreign keys in Mermaid', async () => {
      const mermaid = await new dj.Diagram(schema).toMermaid();
      expect(mermaid.split('\n')[0]).toBe('flowchart LR');
      const nodes = mermaidNodes(mermaid);
      expect(nodes).toEqual(
        expect.arrayContaining([
          'Species[Species]:::lookup',
          'Subject[Subject]:::manual',
          'Session[Session]:::manual',
          'Session_Trial[Trial]:::part',
          'Scan([Scan]):::imported',
          'Params[Params]:::lookup',
          'Analysis([Analysis]):::computed',
          'Handler[Handler]:::manual',
        ]),
      );
      expect(nodes).toHaveLength(CLASS_NAMES.length + 1);
      const quote = (text: string) => text.replace(/"/g, '#quot;');
      expect(nodes.some((line) => line.includes(`"${quote(oddName)}"`) && line.endsWith(':::other'))).toBe(true);
      expect(mermaid).toContain(`subgraph entity_Session[" "]`);
      const edges = mermaid.split('\n').filter((line) => line.includes(' --> ')).map((line) => line.trim());
      for (const [parent, child] of LAB_EDGES) expect(edges).toContain(`${parent.replace('.', '_')} --> ${child.replace('.', '_')}`);
      expect(edges).toHaveLength(LAB_EDGES.length + 1);
      // the renamed foreign key is amber
      const handlerEdge = edges.indexOf('Subject --> Handler');
      expect(mermaid).toContain(`linkStyle ${handlerEdge} stroke:#C77D3A,stroke-width:2px`);
    });

    it('draw the same tables and foreign keys in DOT', async () => {
      const dot = await new dj.Diagram(schema).toDot();
      expect(dot).toContain('rankdir="LR"');
      for (const name of ['Species', 'Subject', 'Session', 'Session.Trial', 'Scan', 'Params', 'Analysis', 'Handler']) {
        expect(dot).toMatch(new RegExp(`^\\s*"${name.replace('.', '\\.')}" \\[`, 'm'));
      }
      const edges = dotEdges(dot);
      expect(edges).toEqual(expect.arrayContaining(LAB_EDGES));
      expect(edges).toContainEqual(['Subject', oddName]);
      expect(edges).toHaveLength(LAB_EDGES.length + 1);
      expect(dot).toContain(`subgraph "cluster_${s}"`);
      expect(dot).toContain('subgraph "cluster_entity_Session"');
    });

    it('draw only the shown tables', async () => {
      const diagram = new dj.Diagram(lab.Session).addParts().upstream(1);
      const mermaid = await diagram.toMermaid();
      expect(mermaidNodes(mermaid).map((line) => line.split(/[[(]/)[0])).toEqual(expect.arrayContaining(['Subject', 'Session', 'Session_Trial']));
      expect(mermaidNodes(mermaid)).toHaveLength(3);
      const dot = await diagram.toDot();
      expect(dotEdges(dot)).toEqual([
        ['Subject', 'Session'],
        ['Session', 'Session.Trial'],
      ]);
      const svg = await diagram.toSvg();
      expect(svgTexts(svg)).not.toContain('Scan');
      expect(svgTexts(svg)).toContain('Trial');
    });

    it('lay out in the direction of the instance settings', async () => {
      const { display } = db.instance.config;
      const direction = display.diagram_direction;
      const globalDirection = dj.config.display.diagram_direction;
      try {
        display.diagram_direction = 'TB';
        dj.config.display.diagram_direction = 'LR';
        expect((await new dj.Diagram(schema).toMermaid()).split('\n')[0]).toBe('flowchart TB');
        expect(await new dj.Diagram(schema).toDot()).toContain('rankdir="TB"');
        display.diagram_direction = 'LR';
        dj.config.display.diagram_direction = 'TB';
        expect((await new dj.Diagram(schema).toMermaid()).split('\n')[0]).toBe('flowchart LR');
        expect(await new dj.Diagram(schema).toDot()).toContain('rankdir="LR"');
      } finally {
        display.diagram_direction = direction;
        dj.config.display.diagram_direction = globalDirection;
      }
    });

    it('collapse a schema to one node', async () => {
      const count = (await new dj.Diagram(schema).nodes()).length;
      const dot = await new dj.Diagram(schema).collapse().toDot();
      expect(dot).toContain(`label="(${count} tables)"`);
      expect(dotEdges(dot)).toEqual([]);
      const svg = await new dj.Diagram(schema).collapse().toSvg();
      expect(xmlProblems(svg)).toEqual([]);
      expect(svgTexts(svg)).toContain(`(${count} tables)`);
    });
  });

  describe('restricted and multi-schema diagrams', () => {
    let downstream: dj.Schema;
    let Review: dj.TableClass;
    beforeAll(async () => {
      downstream = db.instance.Schema(uniqueSchemaName('render_down'), { context: { lab } });
      Review = downstream.table(class Review extends dj.Manual {
        static definition = '-> lab.Session\nreview : int16';
      });
      await downstream.ready();
    });
    afterAll(async () => {
      await downstream.drop({ prompt: false });
    });

    it('draw a cascade: the tables it reaches, across schemas', async () => {
      const cascade = new dj.Diagram(schema).cascade(lab.Session);
      const nodes = mermaidNodes(await cascade.toMermaid()).map((line) => line.split(/[[(]/)[0]);
      expect(new Set(nodes)).toEqual(new Set(['Session', 'Session_Trial', 'Scan', 'Analysis', 'Review']));
      const dot = await cascade.toDot();
      expect(dotEdges(dot)).toEqual(expect.arrayContaining([['Session', 'Review']]));
      expect(xmlProblems(await cascade.toSvg())).toEqual([]);
    });

    it('draw one cluster per schema, and a bundle between collapsed schemas', async () => {
      const both = new dj.Diagram(schema).add(downstream);
      const dot = await both.toDot();
      expect(dot).toContain(`subgraph "cluster_${s}"`);
      expect(dot).toContain(`subgraph "cluster_${downstream.name}"`);
      expect(dotEdges(dot)).toContainEqual(['Session', 'Review']);
      expect(Review.fullTableName).toContain(downstream.name);
      const collapsed = await both.collapse().toDot();
      const edges = [...collapsed.matchAll(/^\s*"([^"]+)" -> "([^"]+)" \[(.*)\];$/gm)];
      expect(edges.map((m) => [m[1], m[2]])).toEqual([[s, downstream.name]]);
      expect(edges[0]![3]).toContain('penwidth=2');
      expect(edges[0]![3]).toContain('style="solid"');
      expect(collapsed).toContain('label="(1 table)"');
    });
  });

  describe('save', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dj-diagram-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('writes SVG, Mermaid and DOT by extension', async () => {
      const diagram = new dj.Diagram(schema);
      await diagram.save(join(dir, 'x.svg'));
      await diagram.save(join(dir, 'x.mmd'));
      await diagram.save(join(dir, 'x.dot'));
      await diagram.save(join(dir, 'y.MERMAID'));
      await diagram.save(join(dir, 'y.gv'));
      const svg = await readFile(join(dir, 'x.svg'), 'utf8');
      expect(svg).toBe(await diagram.toSvg());
      expect(xmlProblems(svg)).toEqual([]);
      for (const name of CLASS_NAMES) expect(svgTexts(svg)).toContain(name);
      expect(await readFile(join(dir, 'x.mmd'), 'utf8')).toBe(await diagram.toMermaid());
      expect(await readFile(join(dir, 'y.MERMAID'), 'utf8')).toBe(await diagram.toMermaid());
      expect(await readFile(join(dir, 'x.dot'), 'utf8')).toBe(await diagram.toDot());
      expect(await readFile(join(dir, 'y.gv'), 'utf8')).toBe(await diagram.toDot());
      expect(await readFile(join(dir, 'x.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);
      expect(await readFile(join(dir, 'x.dot'), 'utf8')).toMatch(/^digraph \{/);
    });

    it('writes the format given, whatever the extension', async () => {
      const diagram = new dj.Diagram(lab.Session).addParts();
      await diagram.save(join(dir, 'session.txt'), 'mermaid');
      expect(await readFile(join(dir, 'session.txt'), 'utf8')).toBe(await diagram.toMermaid());
    });

    it('refuses PNG and unknown extensions clearly, writing nothing', async () => {
      const diagram = new dj.Diagram(schema);
      await expect(diagram.save(join(dir, 'x.png'))).rejects.toThrow(dj.DataJointError);
      await expect(diagram.save(join(dir, 'x.png'))).rejects.toThrow('Unsupported file format');
      await expect(stat(join(dir, 'x.png'))).rejects.toThrow(/ENOENT/);
      await expect(diagram.save(join(dir, 'x.txt'))).rejects.toThrow('Could not infer format from filename. Specify format explicitly.');
      await expect(diagram.save(join(dir, 'x.svg'), 'pdf' as never)).rejects.toThrow('Unsupported file format');
    });
  });

  describe('a schema object without classes (test_diagram_nocontext)', () => {
    let other: dj.Schema;
    beforeAll(async () => {
      other = db.instance.Schema(uniqueSchemaName('nocontext'));
      @other.table
      class Master extends dj.Manual {
        static definition = 'master_id : int32';
        static Detail = class Detail extends dj.Part {
          static definition = '-> master\ndetail : int32';
        };
      }
      @other.table
      class MasterLookup extends dj.Lookup {
        static definition = '-> Master';
      }
      void Master;
      void MasterLookup;
      await other.ready();
    });
    afterAll(async () => {
      await other.drop({ prompt: false });
    });

    it('draws from the catalog alone', async () => {
      // a fresh schema object: no classes, no context
      const bare = db.instance.Schema(other.name);
      expect(Object.keys(bare.tables)).toEqual([]);
      const diagram = new dj.Diagram(bare);
      const dot = await diagram.toDot();
      const nodeNames = [...dot.matchAll(/^\s*"([^"]+)" \[/gm)].map((m) => m[1]!);
      expect(nodeNames.some((n) => n.toLowerCase().includes('master'))).toBe(true);
      expect(nodeNames).toEqual(expect.arrayContaining(['Master', 'Master.Detail', 'MasterLookup']));
      expect(dotEdges(dot)).toEqual(
        expect.arrayContaining([
          ['Master', 'Master.Detail'],
          ['Master', 'MasterLookup'],
        ]),
      );
      const svg = await diagram.toSvg();
      expect(xmlProblems(svg)).toEqual([]);
      expect(svgTexts(svg)).toEqual(expect.arrayContaining(['Master', 'Detail', 'MasterLookup']));
      const mermaid = await diagram.toMermaid();
      expect(mermaidNodes(mermaid)).toEqual(expect.arrayContaining(['Master[Master]:::manual', 'Master_Detail[Detail]:::part', 'MasterLookup[MasterLookup]:::lookup']));
      // the same from a plain { connection, name }
      expect(await new dj.Diagram({ connection: db.instance.connection, name: other.name }).toDot()).toBe(dot);
    });
  });
});
