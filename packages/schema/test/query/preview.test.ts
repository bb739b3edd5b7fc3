/**
 * The text preview of a query (spec-query §13, V-01 … V-04): `display.limit` rows with a
 * header (primary-key attributes marked `*`) and a separator, columns at most
 * `display.width` wide, `...` when more rows exist, and the total count; settings read
 * from the Instance's `connection.config`.
 */
import { inspect } from 'node:util';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Item extends dj.Manual {
    static definition = `
    id : int32
    ---
    name : varchar(40)
    note = null : varchar(100)
    doc = null : json
    data = null : <blob>
    raw = null : bytes
    `;
  }
  return { Item };
}

describeBackends('preview on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'preview' });
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema());
    await db.schema().ready();
    await t.Item.insert(
      Array.from({ length: 10 }, (_, id) => ({
        id,
        name: `item ${id}`,
        note: id === 4 ? 'a rather long note that no column shows in full' : null,
        doc: { id },
        data: [id],
        raw: Buffer.from([id]),
      })),
    );
  });

  it('shows display.limit rows of a 10-row query in 12 lines (upstream test_preview)', async () => {
    const config = db.instance.connection.config;
    const before = config.display.limit;
    config.display.limit = 7;
    try {
      const x = t.Item.proj({ a: 'id' });
      const lines = (await x.preview()).split('\n');
      expect(lines.length).toBe((await x.count()) + 2);
      expect(lines.length).toBe(12);
      expect(lines[0]!.startsWith('*a')).toBe(true);
      expect(lines[1]).toMatch(/^\+-+\+$/);
      expect(lines.slice(2, 9).map((line) => line.trim())).toEqual(['0', '1', '2', '3', '4', '5', '6']);
      expect(lines[9]).toBe('   ...');
      expect(lines[10]).toBe(' (Total: 10)');
      expect(lines[11]).toBe('');
    } finally {
      config.display.limit = before;
    }
  });

  it('lays out header, separator, rows and total exactly', async () => {
    const text = await t.Item.restrict('id < 3').proj('name').preview({ limit: 2, width: 8 });
    expect(text).toBe(['*id    name    ', '+----+ +------+', '0      item 0  ', '1      item 1  ', '   ...', ' (Total: 3)', ''].join('\n'));
    const all = await t.Item.restrict('id < 2').proj('name').preview({ limit: 5, width: 8 });
    expect(all).toBe(['*id    name    ', '+----+ +------+', '0      item 0  ', '1      item 1  ', ' (Total: 2)', ''].join('\n'));
  });

  it('marks every primary-key attribute and respects the width', async () => {
    const pairs = t.Item.proj({ a: 'id' }).join(t.Item.proj({ b: 'id' }, 'note'));
    const lines = (await pairs.restrict('a = 0 and b = 4').preview({ width: 10 })).split('\n');
    expect(lines[0]!.split(/\s+/).filter(Boolean)).toEqual(['*a', '*b', 'note']);
    // note: min(max(4, 48) + 4, 10) = 10 characters, the value cut
    expect(lines[2]).toBe(`${'0'.padEnd(5)} ${'4'.padEnd(5)} a rather l`);
    for (const line of lines.slice(0, 3)) expect(line.length).toBe(5 + 1 + 5 + 1 + 10);
  });

  it('shows blobs, JSON and bytes by placeholders, and NULL as None', async () => {
    const lines = (await t.Item.restrict({ id: 3 }).preview({ width: 30 })).split('\n');
    expect(lines[0]!.split(/\s+/).filter(Boolean)).toEqual(['*id', 'name', 'note', 'doc', 'data', 'raw']);
    expect(lines[2]!.split(/\s+/).filter(Boolean)).toEqual(['3', 'item', '3', 'None', 'json', '<blob>', 'bytes']);
  });

  it('reads display settings from this Instance, and options override them', async () => {
    const config = db.instance.connection.config;
    const saved = { limit: config.display.limit, width: config.display.width, count: config.display.show_tuple_count };
    const globalLimit = dj.config.display.limit;
    try {
      dj.config.display.limit = 2;
      config.display.limit = 4;
      config.display.width = 6;
      config.display.show_tuple_count = false;
      const text = await t.Item.proj('name').preview();
      const lines = text.split('\n');
      expect(lines.length).toBe(2 + 4 + 2);
      expect(lines[6]).toBe('   ...');
      expect(text).not.toContain('Total');
      expect(lines[2]).toBe('0      item 0');
      expect((await t.Item.proj('name').preview({ limit: 1, width: 20 })).split('\n')[2]).toBe('0      item 0    ');
    } finally {
      dj.config.display.limit = globalLimit;
      config.display.limit = saved.limit;
      config.display.width = saved.width;
      config.display.show_tuple_count = saved.count;
    }
  });

  it('follows the order of a Top', async () => {
    const lines = (await t.Item.restrict(dj.Top(null, 'id desc')).proj().preview({ limit: 3 })).split('\n');
    expect(lines.slice(2, 5).map((line) => line.trim())).toEqual(['9', '8', '7']);
    expect(lines[6]).toBe(' (Total: 10)');
  });

  it('is what inspect shows after a preview', async () => {
    const q = t.Item.restrict('id > 7').proj('name');
    expect(inspect(q)).toContain('preview()');
    const text = await q.preview();
    expect(inspect(q)).toBe(text);
  });
});
