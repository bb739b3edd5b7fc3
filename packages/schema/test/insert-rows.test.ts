/**
 * Prepared rows keep each row's store uploads beside it through the steps between
 * preparation and sending (a replace's last row per key, chunks), so that a row not
 * inserted has exactly its own uploads removed.
 */
import { chunksOf, lastRowPerKey, type PreparedRows, type RowUpload } from '../src/insert/insert-rows';

const upload = (path: string): RowUpload => ({ field: 'f', key: {}, path, undo: async () => undefined });

/** Rows `[id, value]`; `uploads[i]` the uploads of row `i`, left as a hole when it has none (as preparation leaves them). */
function prepared(values: unknown[][], uploads: Record<number, RowUpload[]>): PreparedRows {
  const discards: Array<RowUpload[] | undefined> = [];
  for (const [row, list] of Object.entries(uploads)) discards[Number(row)] = list;
  return { fields: ['id', 'value'], values, emptyRows: 0, discards };
}

describe('prepared rows and their uploads', () => {
  it('keeps the last row per key with that row’s own uploads', () => {
    const late = [upload('late')];
    const rows = prepared([[1, 'a'], [2, 'b'], [1, 'c']], { 2: late });
    const kept = lastRowPerKey(rows, ['id']);
    expect(kept.values).toEqual([[2, 'b'], [1, 'c']]);
    expect(kept.discards[0]).toBeUndefined();
    expect(kept.discards[1]).toBe(late);
  });

  it('keeps rows in their order when a later row replaces an earlier one', () => {
    const first = [upload('first')];
    const third = [upload('third')];
    const rows = prepared([[1, 'a'], [2, 'b'], [3, 'c'], [2, 'd']], { 0: first, 2: third });
    const kept = lastRowPerKey(rows, ['id']);
    expect(kept.values).toEqual([[1, 'a'], [3, 'c'], [2, 'd']]);
    expect([kept.discards[0], kept.discards[1], kept.discards[2]]).toEqual([first, third, undefined]);
  });

  it('gives each chunk the uploads of its own rows', () => {
    const second = [upload('second')];
    const fifth = [upload('fifth')];
    const rows = prepared([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']], { 1: second, 4: fifth });
    const chunks = chunksOf(rows, 2);
    expect(chunks.map((c) => c.values.map((v) => v[0]))).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks.map((c) => [c.discards[0], c.discards[1]])).toEqual([[undefined, second], [undefined, undefined], [fifth, undefined]]);
  });

  it('sends rows without chunkSize as one chunk, as prepared', () => {
    const rows = prepared([[1, 'a'], [2, 'b']], {});
    expect(chunksOf(rows)).toEqual([rows]);
    expect(chunksOf(rows, 0)).toEqual([rows]);
  });
});
