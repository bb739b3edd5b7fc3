/**
 * The per-backend facts behind large statements, without a server: how MySQL statements
 * carry Buffers (inlined as hex when small, bound as bytes when large), the packet sizes
 * mysql2 mishandles, how each backend counts a value, and what its messages say.
 */
import { mysqlStatement } from '../src/dialects/mysql/mysql-literals';
import { BIND_BUFFERS_FROM_BYTES, mysqlParameterBytes, mysqlStatementLimits } from '../src/dialects/mysql/mysql-limits';
import { atRisk, executePayloads, textPadding, textPayloads } from '../src/dialects/mysql/mysql-packet-size';
import { MAX_FETCHABLE_BYTES, MAX_STRING_LENGTH, postgresParameterBytes, postgresStatementLimits } from '../src/dialects/postgresql/postgres-limits';
import { PGLITE_MAX_BUFFER_BYTES, pgliteStatementLimits } from '../src/dialects/pglite/pglite-limits';

describe('MySQL statements with Buffers', () => {
  const sql = "INSERT INTO t (a, b, c) VALUES (?, ?, ?) -- ?";

  it('inline small Buffers as hex, like every other value', () => {
    expect(mysqlStatement(sql, [1, "it's", Buffer.from([1, 2])], BIND_BUFFERS_FROM_BYTES)).toEqual({
      text: "INSERT INTO t (a, b, c) VALUES (1, 'it\\'s', X'0102') -- ?",
      bound: [],
    });
  });

  it('bind Buffers, and only Buffers, once they hold enough bytes together', () => {
    const big = Buffer.alloc(BIND_BUFFERS_FROM_BYTES, 7);
    const small = new Uint8Array([9]);
    const { text, bound } = mysqlStatement(sql, [1.5, big, small], BIND_BUFFERS_FROM_BYTES);
    expect(text).toBe('INSERT INTO t (a, b, c) VALUES (1.5, ?, ?) -- ?');
    expect(bound).toHaveLength(2);
    expect(bound[0]).toBe(big);
    expect(bound[1]!.equals(Buffer.from([9]))).toBe(true);
  });

  it('move the first bytes of the largest Buffer into the text on request', () => {
    const big = Buffer.from([1, 2, 3, 4, 5]);
    const { text, bound } = mysqlStatement('SELECT ?, ?', [Buffer.from([0]), big], 1, 2);
    expect(text).toBe("SELECT ?, CONCAT(X'0102', ?)");
    expect(bound.map((b) => [...b])).toEqual([[0], [3, 4, 5]]);
  });
});

describe('MySQL packet sizes', () => {
  it('counts COM_QUERY and COM_STMT_EXECUTE payloads as mysql2 writes them', () => {
    expect(textPayloads(100)).toEqual([101, 103]);
    // 10 fixed bytes, null bitmap, bound flag, type per parameter, length-coded values
    expect(executePayloads([Buffer.alloc(16_777_196)])[0]).toBe(16_777_214);
    expect(executePayloads([Buffer.alloc(10), Buffer.alloc(300)])[0]).toBe(10 + 1 + 1 + 4 + 11 + 303);
  });

  it('flags payloads 1 to 3 bytes short of a multiple of 16 MB − 1, and pads text away from them', () => {
    const max = 0xffffff;
    expect([max - 4, max - 3, max - 1, max, max + 1].map((p) => atRisk([p]))).toEqual([false, true, true, false, false]);
    expect(atRisk([2 * max - 2])).toBe(true);
    for (const textBytes of [max - 9, max - 6, max - 4, max - 2, 2 * max - 3]) {
      const padding = textPadding(textBytes);
      expect(atRisk(textPayloads(textBytes + padding))).toBe(false);
      expect(padding).toBeLessThanOrEqual(5);
    }
    expect(textPadding(1000)).toBe(0);
  });
});

describe('statement limits', () => {
  it('MySQL: from max_allowed_packet, less a margin', () => {
    const limits = mysqlStatementLimits(16 * 1024 * 1024, false);
    expect(limits.maxStatementBytes).toBe(16 * 1024 * 1024 - 65_536);
    // MySQL runs compound statements only in stored programs; MariaDB runs them anywhere
    expect(limits.maxWritesPerStatement).toBe(1);
    expect(mysqlStatementLimits(16 * 1024 * 1024, true).maxWritesPerStatement).toBe(Infinity);
    expect(limits.maxBufferBytes).toBe(limits.maxStatementBytes);
    expect(limits.maxParameters).toBe(65_535);
    const message = limits.explainOverflow(64 * 1024 * 1024);
    expect(message).toContain('max_allowed_packet = 16,777,216 bytes');
    expect(message).toContain('SET GLOBAL max_allowed_packet = 134217728;');
    expect(message).toContain('max_allowed_packet = 128M');
    expect(limits.explainOverflow(2 * 1024 * 1024 * 1024)).toContain('object store');
  });

  it('count values as each backend sends them', () => {
    expect(mysqlParameterBytes(Buffer.alloc(1000))).toBe(1009);
    expect(postgresParameterBytes(Buffer.alloc(1000))).toBe(1004);
    // short strings by an upper bound, long ones exactly (MySQL escapes quotes and backslashes)
    expect(mysqlParameterBytes('abc')).toBe(11);
    const long = `${'é'.repeat(3000)}'\\`;
    expect(mysqlParameterBytes(long)).toBe(6002 + 2 + 2);
    expect(postgresParameterBytes(long)).toBe(6002 + 4);
    expect(mysqlParameterBytes({ a: 1 })).toBeGreaterThanOrEqual(9);
  });

  it('PostgreSQL and PGlite: what JavaScript can read back and send', () => {
    expect(MAX_STRING_LENGTH).toBe(2 ** 29 - 24);
    // base64 in lines of 76 characters: the largest value whose text is a JavaScript string
    const characters = (n: number) => 4 * Math.ceil(n / 3) + Math.floor((4 * Math.ceil(n / 3) - 1) / 76);
    expect(characters(MAX_FETCHABLE_BYTES)).toBeLessThanOrEqual(MAX_STRING_LENGTH);
    expect(characters(MAX_FETCHABLE_BYTES + 1)).toBeGreaterThan(MAX_STRING_LENGTH);
    expect(postgresStatementLimits.maxBufferBytes).toBe(MAX_FETCHABLE_BYTES);
    // PGlite: `\x` and two hex digits a byte
    expect(2 + 2 * PGLITE_MAX_BUFFER_BYTES).toBeLessThanOrEqual(MAX_STRING_LENGTH);
    expect(2 + 2 * (PGLITE_MAX_BUFFER_BYTES + 1)).toBeGreaterThan(MAX_STRING_LENGTH);
    expect(pgliteStatementLimits.maxBufferBytes).toBe(268_435_443);
    expect(pgliteStatementLimits.explainOverflow(3e8)).toContain('hex text');
  });
});
