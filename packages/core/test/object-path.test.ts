/**
 * Schema-addressed paths against datajoint-python 8e6ef316: `encode_pk_value` outputs
 * recorded from that code, and `build_object_path`'s layout (prefix, partitions, key order,
 * token alphabet and length, extension).
 */
import { buildObjectPath, encodeKeyValue, generateToken, pythonFloatText, TOKEN_ALPHABET } from '../src/storage/object-path';

describe('object paths', () => {
  const CASES: Array<[unknown, string, ('date' | 'datetime' | 'float')?]> = [
    [5, '5'],
    [-3, '-3'],
    [1.5, '1.5'],
    [1, '1.0', 'float'],
    [1e16, '1e+16', 'float'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [123456789.125, '123456789.125'],
    [true, 'True'],
    [false, 'False'],
    ['plain text', 'plain text'],
    ['a/b', 'a%2Fb'],
    ['x:y*z?', 'x%3Ay%2Az%3F'],
    ['é/ü', '%C3%A9%2F%C3%BC'],
    ['a'.repeat(101), `${'a'.repeat(50)}_681d7389`],
    ['ü'.repeat(120), `${'%C3%BC'.repeat(50)}_dfafac6b`],
    ['a b'.repeat(40), 'a%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20ba%20_6629c2b4'],
    ['', ''],
    ['..', '..'],
    ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001'],
    ['1.50', '1.50'],
  ];

  it('encodes key values as datajoint-python does', () => {
    const encoded = CASES.map(([value, , kind]) => encodeKeyValue(value, kind));
    expect(encoded).toEqual(CASES.map(([, expected]) => expected));
  });

  it('writes big integers in full, dates and datetimes as Python does, bytes as their repr', () => {
    expect(encodeKeyValue(2n ** 70n)).toBe('1180591620717411303424');
    expect(encodeKeyValue(new Date(Date.UTC(2024, 0, 5)), 'date')).toBe('2024-01-05');
    expect(encodeKeyValue(new Date(Date.UTC(2024, 0, 5, 13, 4, 5, 123)), 'datetime')).toBe('2024-01-05T13-04-05');
    expect(encodeKeyValue(Buffer.from("\x00ab'c", 'latin1'))).toBe('b%22%5Cx00ab%27c%22');
  });

  it('writes floats as Python does', () => {
    expect(pythonFloatText(0.1)).toBe('0.1');
    expect(pythonFloatText(-2.5e-7)).toBe('-2.5e-07');
    expect(pythonFloatText(1.2345e21)).toBe('1.2345e+21');
    expect(pythonFloatText(123.0)).toBe('123.0');
    expect(pythonFloatText(Number.NaN)).toBe('nan');
  });

  it('draws tokens from the URL-safe alphabet, 4 to 16 characters long', () => {
    expect(generateToken()).toHaveLength(8);
    expect(generateToken(2)).toHaveLength(4);
    expect(generateToken(40)).toHaveLength(16);
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken(12)));
    expect(tokens.size).toBe(200);
    for (const token of tokens) for (const c of token) expect(TOKEN_ALPHABET).toContain(c);
  });

  it('lays a path out as {prefix}/{partitions}/{schema}/{table}/{key}/{field}_{token}{ext}', () => {
    const { path, token } = buildObjectPath({
      schema: 'lab',
      table: '_recording',
      field: 'raw',
      key: { subject: 'm/1', session: 3, probe: 2 },
      ext: 'npy',
      partitionPattern: '{session}/{missing}',
      tokenLength: 10,
      schemaPrefix: '/_schema/',
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(path).toBe(`_schema/session=3/lab/_recording/subject=m%2F1/probe=2/raw_${token}.npy`);
  });

  it('writes the 2.2 layout (no prefix) for an empty schema prefix, and no extension for folders', () => {
    const { path, token } = buildObjectPath({ schema: 'lab', table: 'scan', field: 'stack', key: { id: 1 }, ext: null, schemaPrefix: '' });
    expect(path).toBe(`lab/scan/id=1/stack_${token}`);
  });
});
