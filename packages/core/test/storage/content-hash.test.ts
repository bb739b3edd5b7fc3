import { base32, buildHashPath, computeHash } from '@dj/core/internal';
import { DataJointError } from '@dj/core';

describe('content hashes', () => {
  it('are lower-case unpadded RFC 4648 Base32 of the MD5 digest (as datajoint-python computes them)', () => {
    expect(base32(Buffer.from('f'))).toBe('my');
    expect(base32(Buffer.from('foobar'))).toBe('mzxw6ytboi');
    expect(computeHash(Buffer.alloc(0))).toBe('2qoyzwmpaczaj2mabgmoz6ccpy');
    expect(computeHash(Buffer.from('raw bytes'))).toBe('unwli6dqh5hkrs4def2rgayp5m');
    const bytes = Buffer.concat(Array.from({ length: 10 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))));
    expect(computeHash(bytes)).toBe('tlwf7iys737xuhivwe2rqh76aq');
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
