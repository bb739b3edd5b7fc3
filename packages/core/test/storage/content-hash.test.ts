import { base32, buildHashPath, computeHash, computeHashOfOwnBytes } from '@dj/core/internal';
import { DataJointError } from '@dj/core';
import { THREADED_MIN_BYTES } from '../../src/storage/md5-threads';
import { createHash } from 'node:crypto';
import fc from 'fast-check';

const md5Base32 = (bytes: Uint8Array) => base32(createHash('md5').update(bytes).digest());

describe('content hashes', () => {
  it('are lower-case unpadded RFC 4648 Base32 of the MD5 digest (as datajoint-python computes them)', async () => {
    expect(base32(Buffer.from('f'))).toBe('my');
    expect(base32(Buffer.from('foobar'))).toBe('mzxw6ytboi');
    expect(await computeHash(Buffer.alloc(0))).toBe('2qoyzwmpaczaj2mabgmoz6ccpy');
    expect(await computeHash(Buffer.from('raw bytes'))).toBe('unwli6dqh5hkrs4def2rgayp5m');
    const bytes = Buffer.concat(Array.from({ length: 10 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))));
    expect(await computeHash(bytes)).toBe('tlwf7iys737xuhivwe2rqh76aq');
  });

  it('are the same whether a value is hashed in place or on a thread, whatever the bytes and the view', async () => {
    // Lengths on both sides of the threshold; views into larger buffers must hash only their own bytes.
    const length = fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: THREADED_MIN_BYTES - 2, max: THREADED_MIN_BYTES + 70_000 }));
    await fc.assert(
      fc.asyncProperty(length, fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (size, offset, seed) => {
        const backing = Buffer.alloc(size + offset + 16);
        for (let i = 0; i < backing.length; i += 1) backing[i] = (seed + i * 2_654_435_761) >>> 24;
        const view = backing.subarray(offset, offset + size);
        expect(await computeHash(view)).toBe(md5Base32(view));
        expect(view.byteLength).toBe(size); // the caller's bytes are still there
      }),
      { numRuns: 60 },
    );
  });

  it('hash many large values at once, each to its own digest, reusing the buffers that carry them', async () => {
    // Sizes go up and down so that spare carriers larger than a value are reused for it.
    const values = Array.from({ length: 40 }, (_, i) => Buffer.alloc(THREADED_MIN_BYTES + ((i * 7919) % 20) * 1000, i));
    const hashes = await Promise.all(values.map((value) => computeHash(value)));
    expect(hashes).toEqual(values.map(md5Base32));
    expect(new Set(hashes).size).toBe(values.length);
  });

  it('of bytes read from a store hand back the same bytes, moved or not', async () => {
    const sizes = [0, 1000, THREADED_MIN_BYTES - 1, THREADED_MIN_BYTES, 3 * THREADED_MIN_BYTES + 5];
    for (const size of sizes) {
      const own = Buffer.alloc(size);
      for (let i = 0; i < size; i += 1) own[i] = (i * 31 + size) & 0xff;
      const copy = Buffer.from(own);
      const shared = Buffer.concat([Buffer.alloc(8), copy]).subarray(8); // a view into a larger buffer: hashed, not moved
      const [fromOwn, fromShared] = await Promise.all([computeHashOfOwnBytes(own), computeHashOfOwnBytes(shared)]);
      expect(fromOwn.hash).toBe(md5Base32(copy));
      expect(fromOwn.data).toEqual(copy);
      expect(fromShared).toEqual({ hash: md5Base32(copy), data: shared });
      expect(fromShared.data).toEqual(copy);
    }
  });

  it('address paths by schema, prefix and subfolding', () => {
    const hash = 'unwli6dqh5hkrs4def2rgayp5m';
    expect(buildHashPath(hash, 'lab', { hashPrefix: '_hash', subfolding: null })).toBe(`_hash/lab/${hash}`);
    expect(buildHashPath(hash, 'lab', { hashPrefix: '/objects/', subfolding: [2, 3] })).toBe(`objects/lab/un/wli/${hash}`);
    expect(buildHashPath(hash, 'lab', { hashPrefix: '', subfolding: [] })).toBe(`lab/${hash}`);
    expect(() => buildHashPath('../../etc', 'lab', { hashPrefix: '_hash', subfolding: null })).toThrow(DataJointError);
    expect(() => buildHashPath(hash.toUpperCase(), 'lab', { hashPrefix: '_hash', subfolding: null })).toThrow(/Invalid content hash/);
  });
});
