/**
 * Rendering of diagrams (pipeline spec §6, RD-1..RD-17), ported from the rendering checks of
 * datajoint-python's test_diagram.py, test_diagram_edge_weight.py, test_diagram_bundle_edge.py,
 * test_diagram_nocontext.py and test_diagram_style.py (spec §14.5). The inputs are built by
 * hand, so no database is needed; the foreign-key flags are derived as the dependency loader
 * derives them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataJointError } from '@dj/core';
import { tierOfTableName } from '@dj/core/internal';
import { adaptiveStyleBlock, colorOverrides } from '../src/rendering/adaptive-style';
import { classNameOfTable } from '../src/rendering/class-names';
import { toDot } from '../src/rendering/dot';
import { toMermaid } from '../src/rendering/mermaid';
import { prepareRenderModel } from '../src/rendering/prepare-render-model';
import type { RenderForeignKey, RenderInput, RenderTable } from '../src/rendering/render-input';
import type { RenderModel, RenderNode, TableRenderNode } from '../src/rendering/render-model';
import { inferRenderFormat, renderSources, saveRendering } from '../src/rendering/save';
import { toSvg } from '../src/rendering/svg';
import { DIAGRAM_THEMES } from '../src/rendering/themes';
import { xmlProblems } from './helpers/well-formed-xml';

// ------------------------------------------------------------------ input builders

type Dialect = 'mysql' | 'postgres';

function fullNameOf(schema: string, table: string, dialect: Dialect): string {
  return dialect === 'mysql' ? `\`${schema}\`.\`${table}\`` : `"${schema}"."${table}"`;
}

interface TableOptions {
  expanded?: boolean;
  definition?: string;
  dialect?: Dialect;
  /** Master's table name (same schema), for parts. */
  master?: string;
}

function table(schema: string, name: string, primaryKey: string[], options: TableOptions = {}): RenderTable {
  const dialect = options.dialect ?? 'mysql';
  return {
    fullName: fullNameOf(schema, name, dialect),
    schema,
    table: name,
    tier: tierOfTableName(name),
    master: options.master === undefined ? null : fullNameOf(schema, options.master, dialect),
    primaryKey,
    expanded: options.expanded ?? true,
    ...(options.definition === undefined ? {} : { definition: options.definition }),
  };
}

/** A foreign key with `primary`, `multi` and `aliased` computed from the child's key, as the loader does. */
function fk(parent: RenderTable, child: RenderTable, attrMap: Record<string, string>): RenderForeignKey {
  const columns = Object.keys(attrMap);
  return {
    parent: parent.fullName,
    child: child.fullName,
    attrMap,
    primary: columns.every((c) => child.primaryKey.includes(c)),
    multi: columns.length !== child.primaryKey.length || columns.some((c) => !child.primaryKey.includes(c)),
    aliased: Object.entries(attrMap).some(([c, p]) => c !== p),
  };
}

/** The same-named columns of the parent's primary key. */
function same(parent: RenderTable): Record<string, string> {
  return Object.fromEntries(parent.primaryKey.map((c) => [c, c]));
}

function input(tables: RenderTable[], foreignKeys: RenderForeignKey[], extra: Partial<RenderInput> = {}): RenderInput {
  return { tables, foreignKeys, direction: 'LR', theme: 'light', ...extra };
}

/** tests/schema_simple.py: A, B (+C), L, D, E (+F, G, H, M), G. */
function schemaSimple(schema = 'djtest_simple', options: { expanded?: boolean; dialect?: Dialect } = {}): RenderInput {
  const o = { expanded: options.expanded ?? true, dialect: options.dialect ?? 'mysql' } as const;
  const a = table(schema, '#a', ['id_a'], { ...o, definition: 'id_a : int\n---\ncond_in_a : tinyint\n' });
  const b = table(schema, '__b', ['id_a', 'id_b'], { ...o, definition: '-> A\nid_b : int\n---\nmu : float # mean value\n' });
  const bc = table(schema, '__b__c', ['id_a', 'id_b', 'id_c'], { ...o, master: '__b' });
  const l = table(schema, '#l', ['id_l'], o);
  const d = table(schema, '__d', ['id_a', 'id_d'], o);
  const e = table(schema, '__e', ['id_a', 'id_b', 'id_d'], o);
  const ef = table(schema, '__e__f', ['id_a', 'id_b', 'id_d', 'id_f'], { ...o, master: '__e' });
  const eg = table(schema, '__e__g', ['id_a', 'id_b', 'id_d', 'id_g'], { ...o, master: '__e' });
  const eh = table(schema, '__e__h', ['id_a', 'id_b', 'id_d', 'id_h'], { ...o, master: '__e' });
  const em = table(schema, '__e__m', ['id_a', 'id_b', 'id_d', 'id_m'], { ...o, master: '__e' });
  const g = table(schema, '__g', ['id_a', 'id_b', 'id_d'], o);
  return input(
    [a, b, bc, l, d, e, ef, eg, eh, em, g],
    [
      fk(a, b, same(a)),
      fk(b, bc, same(b)),
      fk(a, d, same(a)),
      fk(l, d, same(l)),
      fk(b, e, same(b)),
      fk(d, e, same(d)),
      fk(l, e, same(l)),
      fk(e, ef, same(e)),
      fk(bc, ef, { id_c: 'id_c' }),
      fk(e, eg, same(e)),
      fk(l, eg, same(l)),
      fk(e, eh, same(e)),
      fk(e, em, same(e)),
      fk(eh, em, { id_h: 'id_h' }),
      fk(e, g, same(e)),
    ],
  );
}

/** test_diagram_edge_weight.py: Parent (+Part), OneToOne, OneToMany, RenamedOneToOne. */
function edgeWeightSchema(dialect: Dialect): RenderInput {
  const s = 'djtest_edgewt';
  const parent = table(s, 'parent', ['parent_id'], { dialect });
  const part = table(s, 'parent__part', ['parent_id', 'part_id'], { dialect, master: 'parent' });
  const oneToOne = table(s, 'one_to_one', ['parent_id'], { dialect });
  const oneToMany = table(s, 'one_to_many', ['parent_id', 'sub_id'], { dialect });
  const renamed = table(s, 'renamed_one_to_one', ['alt_parent_id'], { dialect });
  return input(
    [parent, part, oneToOne, oneToMany, renamed],
    [fk(parent, part, same(parent)), fk(parent, oneToOne, same(parent)), fk(parent, oneToMany, same(parent)), fk(parent, renamed, { alt_parent_id: 'parent_id' })],
  );
}

/** test_diagram_style.py's `_build`: Subject, Params, Session (+Note), Scan, Analysis. */
function styleSchema(theme: RenderInput['theme']): RenderInput {
  const s = 'djtest_style';
  const subject = table(s, 'subject', ['subject_id']);
  const params = table(s, '#params', ['param_id']);
  const session = table(s, 'session', ['subject_id', 'session_id']);
  const note = table(s, 'session__note', ['subject_id', 'session_id', 'note_id'], { master: 'session' });
  const scan = table(s, '_scan', ['subject_id', 'session_id']);
  const analysis = table(s, '__analysis', ['subject_id', 'session_id', 'param_id']);
  return input(
    [subject, params, session, note, scan, analysis],
    [fk(subject, session, same(subject)), fk(session, note, same(session)), fk(session, scan, same(session)), fk(scan, analysis, same(scan)), fk(params, analysis, same(params))],
    { theme },
  );
}

// ------------------------------------------------------------------ output readers

interface DotEdge {
  source: string;
  dest: string;
  attributes: Record<string, string>;
}

const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

function dotAttributes(list: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of list.matchAll(new RegExp(`(\\w+)=(${QUOTED}|<.*?>(?=, \\w+=|$)|[^,\\]]+)`, 'g'))) result[m[1]!] = unquote(m[2]!);
  return result;
}

/** The edges of a DOT text, as the Python tests read them through pydot. */
function dotEdges(dot: string): DotEdge[] {
  const pattern = new RegExp(`^\\s*(${QUOTED}) -> (${QUOTED}) \\[(.*)\\];$`, 'gm');
  return [...dot.matchAll(pattern)].map((m) => ({ source: unquote(m[1]!), dest: unquote(m[2]!), attributes: dotAttributes(m[3]!) }));
}

/** Node statements of a DOT text: name → attributes. */
function dotNodes(dot: string): Map<string, Record<string, string>> {
  const pattern = new RegExp(`^\\s*(${QUOTED}) \\[(.*)\\];$`, 'gm');
  return new Map([...dot.matchAll(pattern)].map((m) => [unquote(m[1]!), dotAttributes(m[2]!)]));
}

/** `_penwidth_by_dest`: lowercased destination → penwidths of the edges into it. */
function penwidthsByDest(dot: string): Map<string, number[]> {
  const result = new Map<string, number[]>();
  for (const edge of dotEdges(dot)) {
    const dest = edge.dest.toLowerCase();
    result.set(dest, [...(result.get(dest) ?? []), Number(edge.attributes.penwidth)]);
  }
  return result;
}

/** The texts Graphviz drew, as test_diagram.py collects them. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]!);
}

function node(model: RenderModel, id: string): RenderNode {
  const found = model.nodes.find((n) => n.id === id);
  if (found === undefined) throw new Error(`no node ${id}; nodes: ${model.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function tableNode(model: RenderModel, id: string): TableRenderNode {
  const found = node(model, id);
  if (found.kind === 'collapsed') throw new Error(`${id} is collapsed`);
  return found;
}

/** WCAG 2 contrast ratio of two `#RRGGBB` colours. */
function contrast(foreground: string, background: string): number {
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [high, low] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

// ------------------------------------------------------------------ RD-1..RD-4 preparation

describe('node names (RD-3)', () => {
  it.each([
    ['#species', 'Species'],
    ['session', 'Session'],
    ['_scan', 'Scan'],
    ['__session_summary', 'SessionSummary'],
    ['session__trial', 'Session.Trial'],
    ['_scan__field', 'Scan.Field'],
    ['#outfit_launch__outfit_piece', 'OutfitLaunch.OutfitPiece'],
    ['table2_d', 'Table2D'],
  ])('%s → %s', (name, className) => {
    expect(classNameOfTable(name)).toBe(className);
  });

  it('is null for names outside the rules', () => {
    expect(classNameOfTable('~log')).toBeNull();
    expect(classNameOfTable('Weird')).toBeNull();
  });

  it('names the nodes of schema_simple by class (test_diagram graph nodes)', () => {
    const ids = prepareRenderModel(schemaSimple()).nodes.map((n) => n.id);
    expect(ids).toEqual(['A', 'B', 'B.C', 'L', 'D', 'E', 'E.F', 'E.G', 'E.H', 'E.M', 'G']);
  });

  it('names parts of a Lookup master (OutfitLaunch, OutfitLaunch.OutfitPiece)', () => {
    const launch = table('adv', '#outfit_launch', ['launch_id']);
    const piece = table('adv', '#outfit_launch__outfit_piece', ['launch_id', 'piece'], { master: '#outfit_launch' });
    const model = prepareRenderModel(input([launch, piece], [fk(launch, piece, same(launch))]));
    expect(model.nodes.map((n) => n.id)).toEqual(['OutfitLaunch', 'OutfitLaunch.OutfitPiece']);
    expect(tableNode(model, 'OutfitLaunch.OutfitPiece').kind).toBe('part');
  });

  it('qualifies a class name found in several schemas by schema, and the label drops it', () => {
    const model = prepareRenderModel(input([table('lab', 'session', ['s']), table('clinic', 'session', ['s']), table('lab', 'mouse', ['m'])], []));
    expect(model.nodes.map((n) => n.id)).toEqual(['lab.Session', 'clinic.Session', 'Mouse']);
    expect(model.nodes.map((n) => n.label)).toEqual(['Session', 'Session', 'Mouse']);
  });

  it('falls back to the full table name when a class name cannot separate tables (test_diagram_nocontext)', () => {
    const lookup = table('noctx', '#master', ['master_id'], { dialect: 'postgres' });
    const manual = table('noctx', 'master', ['master_id'], { dialect: 'postgres' });
    const model = prepareRenderModel(input([lookup, manual], []));
    expect(model.nodes.map((n) => n.id)).toEqual(['"noctx"."#master"', '"noctx"."master"']);
  });

  it('uses the full table name for tables outside the naming rules, with tier null', () => {
    const model = prepareRenderModel(input([table('lab', 'Odd', ['x'], { dialect: 'postgres' })], []));
    expect(node(model, '"lab"."Odd"')).toMatchObject({ kind: 'other', label: '"lab"."Odd"' });
  });
});

describe('introduces a dimension (RD-1)', () => {
  const model = prepareRenderModel(styleSchema('light'));

  it('marks tables adding a primary-key attribute of their own', () => {
    expect(tableNode(model, 'Subject').introducesDimension).toBe(true); // no parents
    expect(tableNode(model, 'Session').introducesDimension).toBe(true); // adds session_id
    expect(tableNode(model, 'Session.Note').introducesDimension).toBe(true); // adds note_id
  });

  it('does not mark tables whose key is all inherited', () => {
    expect(tableNode(model, 'Scan').introducesDimension).toBe(false); // -> Session
    expect(tableNode(model, 'Analysis').introducesDimension).toBe(false); // -> Scan, -> Params
  });

  it('counts primary foreign keys from tables that are not shown', () => {
    const session = table('lab', 'session', ['subject_id', 'session_id']);
    const scan = table('lab', '_scan', ['subject_id', 'session_id']);
    const model = prepareRenderModel(input([scan], [fk(session, scan, same(session))]));
    expect(tableNode(model, 'Scan').introducesDimension).toBe(false);
    expect(model.edges).toEqual([]);
  });

  it('ignores secondary foreign keys and tables without a key', () => {
    const l = table('lab', '#l', ['id_l']);
    const d = table('lab', '__d', ['id_d']);
    const empty = table('lab', 'empty', []);
    const model = prepareRenderModel(input([l, d, empty], [fk(l, d, same(l))]));
    expect(tableNode(model, 'D').introducesDimension).toBe(true);
    expect(tableNode(model, 'Empty').introducesDimension).toBe(false);
  });

  it('draws the label underlined', () => {
    const nodes = dotNodes(toDot(model));
    expect(nodes.get('Subject')!.label).toBe('<<u>Subject</u>>');
    expect(nodes.get('Scan')!.label).toBe('Scan');
  });
});

describe('part labels (RD-11)', () => {
  it('shows only the part name when the master is drawn', () => {
    const model = prepareRenderModel(schemaSimple());
    expect(tableNode(model, 'B.C')).toMatchObject({ label: 'C', master: 'B' });
    expect(tableNode(model, 'E.M')).toMatchObject({ label: 'M', master: 'E' });
  });

  it('keeps the master in the label when the master is not drawn', () => {
    const trial = table('lab', 'session__trial', ['s', 't'], { master: 'session' });
    const model = prepareRenderModel(input([trial], []));
    expect(tableNode(model, 'Session.Trial')).toMatchObject({ label: 'Session.Trial', master: null });
  });

  it('finds the master by name when the input leaves it out', () => {
    const session = table('lab', 'session', ['s']);
    const trial = { ...table('lab', 'session__trial', ['s', 't']), master: null };
    expect(tableNode(prepareRenderModel(input([session, trial], [])), 'Session.Trial').master).toBe('Session');
  });
});

describe('tooltips (RD-11)', () => {
  it('condenses the definition', () => {
    const model = prepareRenderModel(schemaSimple());
    expect(tableNode(model, 'B').tooltip).toBe(`&#8594; A&#13;id_b &#13;${'-'.repeat(30)}&#13;mu &#13;`);
    expect(tableNode(model, 'L').tooltip).toBeNull();
  });
});

describe('collapse (RD-4)', () => {
  function twoSchemas(collapseDownstream: boolean): RenderInput {
    const root = table('up', 'root', ['root_id'], { expanded: false });
    const tag = table('up', 'tag', ['tag_id'], { expanded: false });
    const mixed = table('down', 'mixed', ['root_id'], { expanded: !collapseDownstream ? true : false });
    const leaf = table('down', 'leaf', ['root_id', 'leaf_id'], { expanded: false });
    return input([root, tag, mixed, leaf], [fk(root, mixed, same(root)), fk(tag, mixed, same(tag)), fk(mixed, leaf, same(mixed))]);
  }

  it('draws one node per schema labelled by its table count', () => {
    const model = prepareRenderModel(twoSchemas(true));
    expect(model.nodes).toEqual([
      { id: 'up', kind: 'collapsed', schema: 'up', label: '(2 tables)', tableCount: 2, tooltip: 'Collapsed schema: 2 tables' },
      { id: 'down', kind: 'collapsed', schema: 'down', label: '(2 tables)', tableCount: 2, tooltip: 'Collapsed schema: 2 tables' },
    ]);
    expect(model.clusters).toEqual([
      { schema: 'up', label: 'up' },
      { schema: 'down', label: 'down' },
    ]);
  });

  it('says (1 table) for one', () => {
    const model = prepareRenderModel(twoSchemas(false));
    expect(node(model, 'down').label).toBe('(1 table)');
    expect(model.nodes.map((n) => n.id)).toEqual(['up', 'Mixed', 'down']);
  });

  it('merges edges to one bundle per pair and drops self-loops', () => {
    const model = prepareRenderModel(twoSchemas(true));
    expect(model.edges).toEqual([{ parent: 'up', child: 'down', bundle: true, primary: false, multi: false, aliased: false, attrMap: { root_id: 'root_id' } }]);
  });

  it('keeps the style of an edge with one expanded end', () => {
    const model = prepareRenderModel(twoSchemas(false));
    expect(model.edges.map((e) => [e.parent, e.child, e.bundle, e.primary])).toEqual([
      ['up', 'Mixed', false, true],
      ['Mixed', 'down', false, true],
    ]);
  });

  it('keeps parallel foreign keys between expanded tables', () => {
    const parent = table('lab', 'neuron', ['neuron_id']);
    const pair = table('lab', 'pair', ['pre', 'post']);
    const model = prepareRenderModel(input([parent, pair], [fk(parent, pair, { pre: 'neuron_id' }), fk(parent, pair, { post: 'neuron_id' })]));
    expect(model.edges).toHaveLength(2);
    expect(dotEdges(toDot(model)).map((e) => e.attributes.tooltip)).toEqual(['pre ← neuron_id', 'post ← neuron_id']);
  });

  it('lets expanded win when a table is listed both ways', () => {
    const t = table('lab', 'mouse', ['m']);
    const model = prepareRenderModel(input([{ ...t, expanded: false }, t], []));
    expect(model.nodes.map((n) => n.id)).toEqual(['Mouse']);
  });

  it('keeps a collapsed schema apart from a class of the same name', () => {
    const model = prepareRenderModel(input([table('Mouse', 'x', ['x'], { expanded: false }), table('lab', 'mouse', ['m'])], []));
    expect(model.nodes.map((n) => n.id)).toEqual(['Mouse (schema)', 'Mouse']);
  });

  it('keeps the node order of the input', () => {
    const model = prepareRenderModel(schemaSimple());
    expect(model.edges.map((e) => `${e.parent}>${e.child}`)).toEqual([
      'A>B',
      'A>D',
      'B>B.C',
      'B>E',
      'B.C>E.F',
      'L>D',
      'L>E',
      'L>E.G',
      'D>E',
      'E>E.F',
      'E>E.G',
      'E>E.H',
      'E>E.M',
      'E>G',
      'E.H>E.M',
    ]);
  });
});

// ------------------------------------------------------------------ RD-5..RD-12 Graphviz DOT

describe('edge weight encodes cardinality (test_diagram_edge_weight)', () => {
  it.each(['mysql', 'postgres'] as const)('%s', (dialect) => {
    const edges = penwidthsByDest(toDot(prepareRenderModel(edgeWeightSchema(dialect))));
    expect(edges.get('onetoone')).toEqual([2]);
    expect(edges.get('onetomany')).toEqual([0.75]);
    expect(edges.get('parent.part')).toEqual([0.75]);
    expect(edges.get('renamedonetoone')).toEqual([2]);
  });

  it('styles edges: no arrowhead, solid when primary, dashed when secondary, weight follows width', () => {
    const l = table('lab', '#l', ['id_l']);
    const d = table('lab', '__d', ['id_d']);
    const s = prepareRenderModel(input([l, d], [fk(l, d, same(l))]));
    const [secondary] = dotEdges(toDot(s));
    expect(secondary!.attributes).toMatchObject({ style: 'dashed', arrowhead: 'none', penwidth: '0.75', weight: '1', color: '#171C399E' });
    const [primary] = dotEdges(toDot(prepareRenderModel(edgeWeightSchema('mysql'))));
    expect(primary!.attributes).toMatchObject({ style: 'solid', arrowhead: 'none' });
  });

  it('draws a renamed foreign key amber with a tooltip', () => {
    const edges = dotEdges(toDot(prepareRenderModel(edgeWeightSchema('mysql'))));
    const renamed = edges.find((e) => e.dest === 'RenamedOneToOne')!;
    expect(renamed.attributes).toMatchObject({ color: '#C77D3A9E', tooltip: 'alt_parent_id ← parent_id', weight: '3' });
    expect(edges.filter((e) => e.attributes.tooltip !== undefined)).toHaveLength(1);
  });
});

describe('bundle edges between collapsed nodes (test_diagram_bundle_edge)', () => {
  function bundleEdges(tables: RenderTable[], keys: RenderForeignKey[]): DotEdge[] {
    return dotEdges(toDot(prepareRenderModel(input(tables, keys))));
  }

  it('are uniform when mixing every per-key property', () => {
    const root = table('up', 'root', ['root_id'], { expanded: false });
    const tag = table('up', 'tag', ['tag_id'], { expanded: false });
    const mixed = table('down', 'mixed', ['root_id'], { expanded: false });
    const leaf = table('down', 'leaf', ['root_id', 'leaf_id'], { expanded: false });
    const edges = bundleEdges([root, tag, mixed, leaf], [fk(root, mixed, same(root)), fk(tag, mixed, same(tag)), fk(mixed, leaf, same(mixed))]);
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges) {
      expect(Number(edge.attributes.penwidth)).toBe(2);
      expect(edge.attributes.style ?? 'solid').not.toContain('dashed');
      expect(edge.attributes).toMatchObject({ color: '#171C399E', weight: '3', arrowhead: 'none' });
    }
  });

  it('do not depend on declaration order', () => {
    const root = table('up', 'root', ['root_id'], { expanded: false });
    const tag = table('up', 'tag', ['tag_id'], { expanded: false });
    const secondaryFirst = table('down', 'secondary_first', ['tag_id'], { expanded: false });
    const primaryLater = table('down', 'primary_later', ['root_id'], { expanded: false });
    const tables = [root, tag, secondaryFirst, primaryLater];
    const keys = [fk(tag, secondaryFirst, same(tag)), fk(root, secondaryFirst, same(root)), fk(root, primaryLater, same(root))];
    for (const order of [keys, [...keys].reverse()]) {
      const edges = bundleEdges(tables, order);
      expect(new Set(edges.map((e) => Number(e.attributes.penwidth)))).toEqual(new Set([2]));
      expect(new Set(edges.map((e) => (e.attributes.style ?? 'solid').includes('dashed')))).toEqual(new Set([false]));
    }
  });

  it('leave an edge with one expanded end its own weight', () => {
    const root = table('up', 'root', ['root_id'], { expanded: false });
    const multi = table('down', 'multi', ['root_id', 'sub_id']);
    const edges = bundleEdges([root, multi], [fk(root, multi, same(root))]);
    const intoMulti = edges.filter((e) => e.dest.toLowerCase().endsWith('multi'));
    expect(intoMulti).toHaveLength(1);
    expect(Number(intoMulti[0]!.attributes.penwidth)).toBe(0.75);
  });
});

describe('nodes (RD-6, RD-7)', () => {
  const nodes = dotNodes(toDot(prepareRenderModel(styleSchema('light'))));

  it.each([
    ['Subject', 'box', 'rounded,filled', '12', '0.48', '#E8F0E9', '#3E7A52', '#28513A'],
    ['Params', 'box', 'rounded,filled', '12', '0.48', '#F0F0F1', '#808285', '#5A5C5F'],
    ['Scan', 'ellipse', 'filled', '12', '0.48', '#E0F4FC', '#00A0DF', '#00537A'],
    ['Analysis', 'ellipse', 'filled', '12', '0.48', '#FFEDE5', '#FF5113', '#B23200'],
    ['Session.Note', 'box', 'rounded,filled', '10', '0.12', '#FFFFFF', '#B9BBBE', '#55585C'],
  ])('%s: %s %s', (name, shape, style, fontsize, size, fillcolor, color, fontcolor) => {
    expect(nodes.get(name)).toMatchObject({ shape, style, fontsize, width: size, height: size, fillcolor, color, fontcolor, fontname: 'Helvetica', margin: '0.11,0.06' });
  });

  it('draws tables outside the naming rules as circles and collapsed schemas as 3-D boxes', () => {
    const model = prepareRenderModel(input([table('lab', 'Odd', ['x']), table('other', 'y', ['y'], { expanded: false })], []));
    const dot = dotNodes(toDot(model));
    expect(dot.get('`lab`.`Odd`')).toMatchObject({ shape: 'circle', fontsize: '10', width: '0.48', fillcolor: '#FFFDE7' });
    expect(dot.get('other')).toMatchObject({ shape: 'box3d', fontsize: '12', width: '0.6', style: 'filled', fillcolor: '#EDEEF0', label: '(1 table)', tooltip: 'Collapsed schema: 1 tables' });
  });
});

describe('clusters and direction (RD-5, RD-12)', () => {
  const dot = toDot(prepareRenderModel(schemaSimple()));

  it('boxes each schema, labelled top-right', () => {
    expect(dot).toContain('subgraph "cluster_djtest_simple" {');
    expect(dot).toContain('graph [label="djtest_simple", labelloc="t", labeljust="r", style="rounded,dashed", color="#171D3A", fontcolor="#171C39", fontname="Helvetica"];');
  });

  it('boxes each master with its parts, sharing a rank except parts depending on a sibling', () => {
    expect(dot).toContain('subgraph "cluster_entity_B" {');
    expect(dot).toContain('subgraph "cluster_entity_E" {');
    expect(dot).toContain('graph [label="", style="rounded,filled", fillcolor="#F3F5F8", color="#F3F5F8"];');
    expect(dot).toContain('{ rank=same; "B"; "B.C"; }');
    expect(dot).toContain('{ rank=same; "E"; "E.F"; "E.G"; "E.H"; }'); // E.M depends on E.H
  });

  it('follows display.diagram_direction', () => {
    expect(dot).toContain('graph [rankdir="LR"];');
    expect(toDot(prepareRenderModel({ ...schemaSimple(), direction: 'TB' }))).toContain('graph [rankdir="TB"];');
  });

  it('sets the dark background only in the dark theme', () => {
    const model = prepareRenderModel(schemaSimple());
    expect(toDot(model, 'dark')).toContain('graph [rankdir="LR", bgcolor="#161A21"];');
    expect(toDot(model, 'auto')).toBe(toDot(model, 'light'));
  });
});

// ------------------------------------------------------------------ SVG (RD-9, RD-13)

describe('SVG', () => {
  it('puts a master and its parts in an entity cluster and labels the part by its own name (test_diagram)', async () => {
    const svg = await toSvg(prepareRenderModel(schemaSimple()));
    expect(svg).toContain('cluster_entity_');
    const texts = svgTexts(svg);
    expect(texts).toContain('C');
    expect(texts).not.toContain('B.C');
  });

  it('is one well-formed <svg> element naming every table (_repr_svg_)', async () => {
    const model = prepareRenderModel(schemaSimple());
    const svg = await toSvg(model);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('svg>')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    for (const n of model.nodes) expect(texts).toContain(n.label);
  });

  it('renders tables with quoted PostgreSQL names, also with no class names to fall back on (test_diagram_nocontext)', async () => {
    const master = table('djtest_noctx', 'master', ['master_id'], { dialect: 'postgres' });
    const lookup = table('djtest_noctx', '#master', ['master_id'], { dialect: 'postgres' });
    const part = table('djtest_noctx', 'master__part', ['master_id', 'part_id'], { dialect: 'postgres', master: 'master' });
    const model = prepareRenderModel(input([master, lookup, part], [fk(master, part, same(master)), fk(lookup, master, same(lookup))]));
    const dot = toDot(model);
    expect([...dotNodes(dot).keys()].some((name) => name.toLowerCase().includes('master'))).toBe(true);
    const svg = await toSvg(model);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['&quot;djtest_noctx&quot;.&quot;master&quot;', 'Part']));
  });

  it('renders PostgreSQL schema_simple like MySQL', async () => {
    const pg = await toSvg(prepareRenderModel(schemaSimple('djtest_simple', { dialect: 'postgres' })));
    const my = await toSvg(prepareRenderModel(schemaSimple('djtest_simple')));
    expect(svgTexts(pg)).toEqual(svgTexts(my));
  });

  it('lays out left to right or top to bottom', async () => {
    const a = table('lab', 'a', ['a']);
    const b = table('lab', 'b', ['a', 'b']);
    const c = table('lab', 'c', ['a', 'b', 'c']);
    const chain = (direction: 'TB' | 'LR'): RenderInput => input([a, b, c], [fk(a, b, same(a)), fk(b, c, same(b))], { direction });
    const size = (svg: string): [number, number] => {
      const m = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg)!;
      return [Number(m[1]), Number(m[2])];
    };
    const [lrWidth, lrHeight] = size(await toSvg(prepareRenderModel(chain('LR'))));
    const [tbWidth, tbHeight] = size(await toSvg(prepareRenderModel(chain('TB'))));
    expect(lrWidth).toBeGreaterThan(lrHeight);
    expect(tbHeight).toBeGreaterThan(tbWidth);
  });

  it('renders a collapsed diagram', async () => {
    const svg = await toSvg(prepareRenderModel(schemaSimple('djtest_simple', { expanded: false })));
    expect(svgTexts(svg)).toContain('(11 tables)');
    expect(xmlProblems(svg)).toEqual([]);
  });
});

describe('themes (test_diagram_style)', () => {
  it('light', async () => {
    const svg = (await toSvg(prepareRenderModel(styleSchema('light')))).toLowerCase();
    for (const fill of ['#e8f0e9', '#f0f0f1', '#e0f4fc', '#ffede5', '#ffffff']) expect(svg).toContain(fill);
    for (const stroke of ['#3e7a52', '#ff5113']) expect(svg).toContain(stroke);
    expect(svg).toContain('stroke-width="2"');
    expect(svg).toContain('stroke-width="0.75"');
    expect(svg).toContain('cluster_entity_');
    expect(svg).not.toContain('161a21');
  });

  it('dark', async () => {
    const svg = (await toSvg(prepareRenderModel(styleSchema('dark')))).toLowerCase();
    for (const color of ['#161a21', '#16281f', '#0f2433', '#331b12']) expect(svg).toContain(color);
    expect(svg).not.toContain('#e8f0e9');
  });

  it('auto adapts to the viewer with a style block after the opening tag', async () => {
    const svg = await toSvg(prepareRenderModel(styleSchema('auto')));
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg.toLowerCase()).toContain('#e8f0e9');
    expect(svg.toLowerCase()).toContain('#16281f');
    expect(svg).toMatch(/^<svg[^>]*>\n<style>\n@media/);
    expect(xmlProblems(svg)).toEqual([]);
    // the theme argument overrides the model's
    expect(await toSvg(prepareRenderModel(styleSchema('light')), 'auto')).toBe(svg);
  });

  it('auto overrides every colour Graphviz wrote', async () => {
    const svg = await toSvg(prepareRenderModel(styleSchema('auto')));
    const block = adaptiveStyleBlock();
    const body = svg.slice(svg.indexOf('</style>'));
    for (const m of body.matchAll(/ (fill|stroke)="(#[0-9a-f]{6})"/g)) expect(block).toContain(`[${m[1]}="${m[2]}"]`);
  });

  it('holds WCAG AA contrast (≥ 4.5) for every text on its fill', () => {
    for (const [name, theme] of Object.entries(DIAGRAM_THEMES)) {
      for (const [kind, { fill, text }] of Object.entries(theme.palette)) {
        const ratio = contrast(text, fill);
        expect({ theme: name, kind, ratio: ratio >= 4.5 }).toEqual({ theme: name, kind, ratio: true });
      }
    }
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21);
  });

  it('maps light to dark without collisions per attribute kind', () => {
    const { light, dark } = DIAGRAM_THEMES;
    const mapping = new Map<string, string>();
    const add = (kind: string, from: string, to: string): void => {
      const key = `${kind} ${from.toLowerCase()}`;
      expect(mapping.get(key) ?? to).toBe(to);
      mapping.set(key, to);
    };
    for (const kind of Object.keys(light.palette) as (keyof typeof light.palette)[]) {
      add('fill', light.palette[kind].fill, dark.palette[kind].fill);
      add('stroke', light.palette[kind].stroke, dark.palette[kind].stroke);
      add('fill', light.palette[kind].text, dark.palette[kind].text);
    }
    add('stroke', light.edge, dark.edge);
    add('stroke', light.edgeRenamed, dark.edgeRenamed);
    add('stroke', light.schemaCluster.stroke, dark.schemaCluster.stroke);
    add('fill', light.entityFill, dark.entityFill);
    add('fill', light.schemaCluster.label, dark.schemaCluster.label);
    // and the style block is built from exactly such a mapping
    const selectors = colorOverrides().map((o) => `${o.attribute} ${o.light.toLowerCase()}`);
    expect(new Set(selectors).size).toBe(selectors.length);
  });

  it('writes the adaptive block as Python does', () => {
    const block = adaptiveStyleBlock();
    expect(block.split('\n').slice(0, 5)).toEqual([
      '<style>',
      '@media (prefers-color-scheme: dark) {',
      '  svg { background-color: #161A21; }',
      '  polygon[fill="white"] { fill: #161A21; }',
      '  [fill="#fffde7"] { fill: #3A3620; }',
    ]);
    expect(block).toContain('  [stroke="#171c39"] { stroke: #AEB6C2; stroke-opacity: 0.753; }');
    expect(block).toContain('  [stroke="#c77d3a"] { stroke: #D68C4A; stroke-opacity: 0.753; }');
    expect(block).toContain('  [fill="#171c39"] { fill: #8A93A1; }');
    expect(block.endsWith('}\n</style>')).toBe(true);
  });
});

// ------------------------------------------------------------------ RD-15 Mermaid

describe('Mermaid', () => {
  /** test_mermaid_matches_modernized_notation: Subject, Scan (+Field), Analysis renamed 1:1. */
  function mermaidSchema(): RenderInput {
    const s = 'djtest_style';
    const subject = table(s, 'subject', ['subject_id']);
    const scan = table(s, '_scan', ['subject_id', 'scan_id']);
    const field = table(s, '_scan__field', ['subject_id', 'scan_id', 'field_id'], { master: '_scan' });
    const analysis = table(s, '__analysis', ['subject_id', 'src_scan']);
    return input(
      [subject, scan, field, analysis],
      [fk(subject, scan, same(subject)), fk(scan, field, same(scan)), fk(scan, analysis, { subject_id: 'subject_id', src_scan: 'scan_id' })],
    );
  }

  it('matches the modernized notation', () => {
    const mmd = toMermaid(prepareRenderModel(mermaidSchema()));
    expect(mmd).toContain('classDef manual fill:#E8F0E9,stroke:#3E7A52');
    expect(mmd).toContain('classDef computed fill:#FFEDE5,stroke:#FF5113');
    expect(mmd).not.toContain('#90EE90');
    expect(mmd).toContain('stroke-width:2px');
    expect(mmd).toContain('stroke-width:1px');
    expect(mmd).not.toContain('-.->');
    expect(mmd).toContain('stroke:#C77D3A');
    expect(mmd).toContain('stroke:#171C39');
    expect(mmd).toContain('subgraph entity_');
  });

  it('writes the whole flowchart as Python does', () => {
    expect(toMermaid(prepareRenderModel({ ...mermaidSchema(), direction: 'TB' })).split('\n')).toEqual([
      'flowchart TB',
      '',
      '    classDef manual fill:#E8F0E9,stroke:#3E7A52,color:#28513A',
      '    classDef lookup fill:#F0F0F1,stroke:#808285,color:#5A5C5F',
      '    classDef computed fill:#FFEDE5,stroke:#FF5113,color:#B23200',
      '    classDef imported fill:#E0F4FC,stroke:#00A0DF,color:#00537A',
      '    classDef part fill:#FFFFFF,stroke:#B9BBBE,color:#55585C',
      '    classDef other fill:#FFFDE7,stroke:#C9BC5B,color:#6B6420',
      '    classDef collapsed fill:#EDEEF0,stroke:#808890,color:#404040',
      '',
      '    subgraph djtest_style["djtest_style"]',
      '        subgraph entity_Scan[" "]',
      '            Scan([Scan]):::imported',
      '            Scan_Field[Field]:::part',
      '        end',
      '        Subject[Subject]:::manual',
      '        Analysis([Analysis]):::computed',
      '    end',
      '',
      '    Subject --> Scan',
      '    Scan --> Scan_Field',
      '    Scan --> Analysis',
      '    linkStyle 0 stroke:#171C39,stroke-width:1px',
      '    linkStyle 1 stroke:#171C39,stroke-width:1px',
      '    linkStyle 2 stroke:#C77D3A,stroke-width:2px',
    ]);
  });

  it('draws collapsed schemas and bundles', () => {
    const root = table('up.stream', 'root', ['root_id'], { expanded: false });
    const tag = table('up.stream', 'tag', ['tag_id'], { expanded: false });
    const child = table('down', 'child', ['root_id', 'c'], { expanded: false });
    const other = table('down', 'other', ['o']);
    const mmd = toMermaid(prepareRenderModel(input([root, tag, child, other], [fk(root, child, same(root)), fk(tag, child, { tag_id: 'tag_id' })])));
    expect(mmd).toContain('    subgraph up_stream["up.stream"]\n        up_stream[["(2 tables)"]]:::collapsed\n    end');
    expect(mmd).toContain('    subgraph down["down"]\n        down[["(1 table)"]]:::collapsed\n        Other[Other]:::manual\n    end');
    expect(mmd).toContain('    up_stream --> down\n    linkStyle 0 stroke:#171C39,stroke-width:2px');
  });

  it('keeps node ids and texts valid for names outside the rules', () => {
    const odd = table('lab', 'Odd', ['x'], { dialect: 'postgres' });
    expect(toMermaid(prepareRenderModel(input([odd], [])))).toContain('        _lab___Odd_(("#quot;lab#quot;.#quot;Odd#quot;")):::other');
  });
});

// ------------------------------------------------------------------ RD-17 save

describe('saveRendering', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dj-render-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const model = prepareRenderModel(styleSchema('light'));
  const sources = renderSources(model);

  it.each([
    ['d.svg', 'svg'],
    ['d.SVG', 'svg'],
    ['d.dot', 'dot'],
    ['d.Gv', 'dot'],
    ['d.mmd', 'mermaid'],
    ['d.MERMAID', 'mermaid'],
    ['d.png', 'png'],
    ['d.txt', null],
  ])('infers %s → %s', (name, format) => {
    expect(inferRenderFormat(name)).toBe(format);
  });

  it('writes each format by extension', async () => {
    await saveRendering(join(dir, 'd.SVG'), sources);
    await saveRendering(join(dir, 'd.gv'), sources);
    await saveRendering(join(dir, 'd.mermaid'), sources);
    expect(await readFile(join(dir, 'd.SVG'), 'utf8')).toBe(await toSvg(model));
    expect(await readFile(join(dir, 'd.gv'), 'utf8')).toBe(toDot(model));
    expect(await readFile(join(dir, 'd.mermaid'), 'utf8')).toBe(toMermaid(model));
  });

  it('lets an explicit format override the extension', async () => {
    await saveRendering(join(dir, 'diagram.txt'), sources, 'Mermaid');
    expect(await readFile(join(dir, 'diagram.txt'), 'utf8')).toBe(toMermaid(model));
  });

  it('refuses unknown and unsupported formats', async () => {
    await expect(saveRendering(join(dir, 'd.txt'), sources)).rejects.toThrow(new DataJointError('Could not infer format from filename. Specify format explicitly.'));
    await expect(saveRendering(join(dir, 'd.png'), sources)).rejects.toThrow(new DataJointError('Unsupported file format'));
    await expect(saveRendering(join(dir, 'd.svg'), sources, 'pdf')).rejects.toThrow(DataJointError);
  });
});
