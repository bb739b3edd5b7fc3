/**
 * Unit tests of the `<blob>` format: golden vectors written by datajoint-python and MATLAB
 * (spec §16), round trips (spec §14.8, §14.9), errors, the value classes and the codec.
 */
import { randomUUID } from 'node:crypto';
import {
  BlobDate,
  BlobDateTime,
  BlobDecimal,
  BlobFloat,
  BlobTime,
  BlobTuple,
  BlobUuid,
  Complex,
  MatCell,
  MatStruct,
  NDArray,
  Recarray,
  pack,
  unpack,
} from '../src/codecs/blob';
import { BlobCodec, blobCodec } from '../src/codecs/blob/blob-codec';
import { assertPackable } from '../src/codecs/blob/blob-writer';
import { Config } from '../src/settings/config';
import { DataJointError } from '../src/errors';

const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');
const hexOf = (value: unknown, compress = true): string => pack(value, { compress }).toString('hex');

/** Expects a call to throw a DataJointError with exactly this message. */
function expectDjError(call: () => unknown, message: string | RegExp): void {
  let caught: unknown;
  try {
    call();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DataJointError);
  if (typeof message === 'string') expect((caught as Error).message).toBe(message);
  else expect((caught as Error).message).toMatch(message);
}

const f64 = (nested: unknown): NDArray => NDArray.fromNested(nested, 'float64');

/**
 * A value with arrays replaced by their shape and nested elements, so that a `str` array and
 * the `object` array of strings it re-packs to compare equal (as numpy's assert_array_equal
 * does in datajoint-python's tests).
 */
function comparable(value: unknown): unknown {
  if (value instanceof NDArray) return { shape: value.shape, values: comparable(value.toNested()) };
  if (value instanceof MatCell) return { cell: value.shape, values: value.data.map(comparable) };
  if (value instanceof MatStruct) {
    const elements = value.elements.map((element) => Object.fromEntries(Object.entries(element).map(([k, v]) => [k, comparable(v)])));
    return { struct: value.shape, fields: value.fieldNames, elements };
  }
  if (Array.isArray(value)) return value.map(comparable);
  return value;
}

describe('datajoint-python vectors (spec 16.2)', () => {
  /** [label, JS value, exact hex from datajoint-python, value unpack gives (default: the same)] */
  const vectors: Array<[string, unknown, string, unknown?]> = [
    ['int 32', 32, '646a30000a010020'],
    ['int 0', 0, '646a30000a010000'],
    ['int 127', 127, '646a30000a01007f'],
    ['int 128', 128, '646a30000a02008000'],
    ['int -128', -128, '646a30000a020080ff'],
    ['int -255', -255, '646a30000a020001ff'],
    ['bool True', true, '646a30000b01'],
    ['float 7.0', new BlobFloat(7), '646a30000d0000000000001c40', 7],
    ['complex 7j', new Complex(0, 7), '646a30000c00000000000000000000000000001c40'],
    ['None', null, '646a3000ff'],
    ["str 'test'", 'test', '646a300005040000000000000074657374'],
    ["str 'é'", 'é', '646a3000050200000000000000c3a9'],
    ["bytes b'ab'", Buffer.from('ab'), '646a30000602000000000000006162'],
    ["list [1, 'a']", [1, 'a'], '646a300002020000000000000004000000000000000a0100010a0000000000000005010000000000000061'],
    ['tuple (1,)', new BlobTuple(1), '646a300001010000000000000004000000000000000a010001'],
    ['set {1}', new Set([1]), '646a300003010000000000000004000000000000000a010001'],
    ["dict {'a': 1}", { a: 1 }, '646a30000401000000000000000a000000000000000501000000000000006104000000000000000a010001'],
    [
      "dict {'k': [1.5, None]}",
      { k: [1.5, null] },
      '646a30000401000000000000000a000000000000000501000000000000006b230000000000000002020000000000000009000000000000000d000000000000f83f0100000000000000ff',
    ],
    ["Decimal('1.24')", new BlobDecimal('1.24'), '646a3000640400000000000000312e3234'],
    ['UUID …0001', new BlobUuid('00000000-0000-0000-0000-000000000001'), '646a30007500000000000000000000000000000001'],
    ['date 2024-01-02', new BlobDate(2024, 1, 2), '646a300074e6d63401ffffffffffffffff'],
    ['time 03:04:05.000006', new BlobTime(3, 4, 5, 6), '646a300074ffffffff467b471407000000'],
    ['datetime 2024-01-02 03:04:05.000006', new BlobDateTime(2024, 1, 2, 3, 4, 5, 6), '646a300074e6d63401467b471407000000'],
    ['np.float64(1.5)', NDArray.fromNested(1.5, 'float64'), '646a30004100000000000000000600000000000000000000000000f83f'],
    ['np.int16(-33)', NDArray.fromNested(-33, 'int16'), '646a30004100000000000000000a00000000000000dfff'],
    ['np.bool_(True)', NDArray.fromNested(true, 'bool'), '646a3000410000000000000000030000000000000001'],
    [
      'int64 [1,2,3]',
      NDArray.fromNested([1, 2, 3], 'int64'),
      '6d596d0041010000000000000003000000000000000e00000000000000010000000000000002000000000000000300000000000000',
    ],
    [
      'uint8 [[1,2],[3,4]]',
      NDArray.fromNested([
        [1, 2],
        [3, 4],
      ], 'uint8'),
      '6d596d0041020000000000000002000000000000000200000000000000090000000000000001030204',
    ],
    [
      'float32 [[1,2,3],[4,5,6]]',
      NDArray.fromNested([
        [1, 2, 3],
        [4, 5, 6],
      ], 'float32'),
      '6d596d004102000000000000000200000000000000030000000000000007000000000000000000803f00008040000000400000a040000040400000c040',
    ],
    ['float64 empty (0,)', f64([]), '6d596d0041010000000000000000000000000000000600000000000000'],
    [
      'complex128 [1+2j]',
      NDArray.fromNested([new Complex(1, 2)], 'complex128'),
      '6d596d0041010000000000000001000000000000000600000001000000000000000000f03f0000000000000040',
    ],
    ['bool [True, False]', NDArray.fromNested([true, false], 'bool'), '6d596d00410100000000000000020000000000000003000000000000000100'],
    [
      "S1 chars [b'a', b'b']",
      NDArray.fromNested(['a', 'b'], 'char'),
      '6d596d004101000000000000000200000000000000040000000000000061006200',
      NDArray.fromNested(['ab'], 'str'),
    ],
    [
      "unicode np.array(['yes'])",
      NDArray.fromNested(['yes'], 'str'),
      '646a3000410100000000000000010000000000000005000000000000000c00000000000000050300000000000000796573',
      NDArray.fromNested(['yes'], 'object'),
    ],
    [
      "datetime64[D] ['2020-01-01']",
      NDArray.fromNested([18262], 'datetime64[D]'),
      '646a3000410100000000000000010000000000000003000100000000005647000000000000',
    ],
    [
      'record [(1.0, 2)] x:f8 y:i8',
      new Recarray([
        ['x', f64([1])],
        ['y', NDArray.fromNested([2], 'int64')],
      ]),
      '646a300046020000007800790041010000000000000001000000000000000600000000000000000000000000f03f41010000000000000001000000000000000e000000000000000200000000000000',
    ],
    [
      "MatCell 1×2 {[1.0], 's'}",
      new MatCell([1, 2], [f64([1]), 's']),
      '646a300043020000000000000001000000000000000200000000000000210000000000000041010000000000000001000000000000000600000000000000000000000000f03f0a0000000000000005010000000000000073',
    ],
    [
      'MatStruct 1×1 a=[1.0]',
      new MatStruct(['a'], [1, 1], [{ a: f64([1]) }]),
      '6d596d0053020000000000000001000000000000000100000000000000010000006100210000000000000041010000000000000001000000000000000600000000000000000000000000f03f',
    ],
  ];

  // Rows of four (jest would take a fourth parameter beyond a row's length for `done`).
  const rows = vectors.map(([label, value, hex, decoded]) => [label, value, hex, decoded === undefined ? value : decoded] as const);

  it.each(rows)('pack(%s) gives the exact bytes', (_label, value, hex) => {
    expect(hexOf(value)).toBe(hex);
  });

  it.each(rows)('unpack(%s) gives the value back', (_label, _value, hex, decoded) => {
    expect(unpack(bytes(hex))).toStrictEqual(decoded);
  });

  it('compresses np.zeros(200) exactly like datajoint-python', () => {
    const packed = pack(new Float64Array(200));
    expect(packed.length).toBe(47);
    expect(packed.subarray(0, 16).toString('hex')).toBe('5a4c313233005d06000000000000789c');
    expect(pack(new Float64Array(200), { compress: false }).length).toBe(1629);
    expect(unpack(packed)).toStrictEqual(NDArray.fromTypedArray(new Float64Array(200)));
  });

  it('compresses only payloads over 1000 bytes that get strictly shorter', () => {
    // 829 bytes of zeros: compressible but not over the threshold.
    expect(pack(new Float64Array(100)).subarray(0, 4).toString('latin1')).toBe('mYm\0');
    // Incompressible data over the threshold stays uncompressed.
    const noise = Buffer.alloc(4000);
    let state = 12345;
    for (let i = 0; i < noise.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      noise[i] = state >>> 24;
    }
    const packed = pack(noise);
    expect(packed.subarray(0, 4).toString('latin1')).toBe('dj0\0');
    expect(unpack(packed)).toEqual(noise);
  });
});

describe('more datajoint-python vectors (generated with blob.py)', () => {
  const vectors: Array<[string, unknown, string]> = [
    ['big int', -25523987234234287910987234987098245697129798713407812347n, '646a30000a1800054da29a6abdeacf5824f24c1f63fb518a14a73d6384f5fe'],
    ["Decimal('-112122121.000003000')", new BlobDecimal('-112122121.000003000'), '646a30006414000000000000002d3131323132323132312e303030303033303030'],
    ["Decimal('1e5')", new BlobDecimal('1e5'), '646a300064040000000000000031452b35'],
    ['float -0.0', -0, '646a30000d0000000000000080'],
    ['float nan', Number.NaN, '646a30000d000000000000f87f'],
    ['float -inf', -Infinity, '646a30000d000000000000f0ff'],
    ['int8 [-3]', Int8Array.of(-3), '6d596d0041010000000000000001000000000000000800000000000000fd'],
    ['uint16 0-d', NDArray.fromNested(65503, 'uint16'), '646a30004100000000000000000b00000000000000dfff'],
    ['uint64 [2**64-1]', BigUint64Array.of(2n ** 64n - 1n), '6d596d0041010000000000000001000000000000000f00000000000000ffffffffffffffff'],
    [
      'complex64 [[1+2j, 3-4j]]',
      NDArray.fromNested([[new Complex(1, 2), new Complex(3, -4)]], 'complex64'),
      '6d596d004102000000000000000100000000000000020000000000000007000000010000000000803f0000404000000040000080c0',
    ],
    [
      'datetime64[us] 1998',
      NDArray.fromNested(883612800000000n, 'datetime64[us]'),
      '646a3000410000000000000000080001000000000000201023a4230300',
    ],
    [
      'range(10) as a tuple',
      BlobTuple.from({ length: 10 }, (_, i) => i),
      '646a3000010a0000000000000004000000000000000a01000004000000000000000a01000104000000000000000a01000204000000000000000a01000304000000000000000a01000404000000000000000a01000504000000000000000a01000604000000000000000a01000704000000000000000a01000804000000000000000a010009',
    ],
    [
      'object array ((1,2,3), True)',
      NDArray.fromNested([new BlobTuple(1, 2, 3), true], 'object'),
      '646a3000410100000000000000020000000000000005000000000000002d0000000000000001030000000000000004000000000000000a01000104000000000000000a01000204000000000000000a01000302000000000000000b01',
    ],
    [
      'dict with int, datetime and tuple keys',
      new Map<unknown, unknown>([
        ['name', 'Anonymous'],
        ['age', 15],
        [99, new BlobDateTime(2024, 5, 6, 7, 8, 9, 123456)],
        ['range', [110, 190]],
        [new BlobTuple(11, 12), null],
      ]),
      '646a30000405000000000000000d000000000000000504000000000000006e616d651200000000000000050900000000000000416e6f6e796d6f75730c0000000000000005030000000000000061676504000000000000000a01000f04000000000000000a0100630d00000000000000747ad83401807a8d7c100000000e0000000000000005050000000000000072616e6765220000000000000002020000000000000004000000000000000a01006e05000000000000000a0200be00210000000000000001020000000000000004000000000000000a01000b04000000000000000a01000c0100000000000000ff',
    ],
    [
      'record array [(1.0, 2), (3.0, 4)]',
      new Recarray({ x: f64([1, 3]), y: NDArray.fromNested([2, 4], 'int64') }),
      '646a300046020000007800790041010000000000000002000000000000000600000000000000000000000000f03f000000000000084041010000000000000002000000000000000e0000000000000002000000000000000400000000000000',
    ],
    [
      'record array with an object field',
      new Recarray({ tmp0: f64([3]), tmp1: NDArray.fromNested([4], 'object') }),
      '646a30004602000000746d703000746d7031004101000000000000000100000000000000060000000000000000000000000008404101000000000000000100000000000000050000000000000004000000000000000a010004',
    ],
    [
      'nested record array',
      new Recarray({
        a: f64([1]),
        b: new Recarray({ c: NDArray.fromNested([2], 'int32'), d: NDArray.fromNested([3], 'float32') }),
      }),
      '646a300046020000006100620041010000000000000001000000000000000600000000000000000000000000f03f46020000006300640041010000000000000001000000000000000c00000000000000020000004101000000000000000100000000000000070000000000000000004040',
    ],
    [
      'ragged cell {[1,2,3],[4,5,6,7,8]}',
      new MatCell([1, 2], [NDArray.fromNested([1, 2, 3], 'int64'), NDArray.fromNested([4, 5, 6, 7, 8], 'int64')]),
      '6d596d0043020000000000000001000000000000000200000000000000310000000000000041010000000000000003000000000000000e00000000000000010000000000000002000000000000000300000000000000410000000000000041010000000000000005000000000000000e0000000000000004000000000000000500000000000000060000000000000007000000000000000800000000000000',
    ],
    [
      'cell of empty arrays (3,1)',
      new MatCell([3, 1], [f64([]), f64([]), f64([])]),
      '6d596d0043020000000000000003000000000000000100000000000000190000000000000041010000000000000000000000000000000600000000000000190000000000000041010000000000000000000000000000000600000000000000190000000000000041010000000000000000000000000000000600000000000000',
    ],
    [
      'mixed cell (3,1)',
      new MatCell([3, 1], [NDArray.fromNested([1, 2], 'int64'), f64([]), NDArray.fromNested([3, 4, 5], 'int64')]),
      '6d596d0043020000000000000003000000000000000100000000000000290000000000000041010000000000000002000000000000000e0000000000000001000000000000000200000000000000190000000000000041010000000000000000000000000000000600000000000000310000000000000041010000000000000003000000000000000e00000000000000030000000000000004000000000000000500000000000000',
    ],
    [
      'struct 1×2 with non-array fields',
      new MatStruct(['a', 'b'], [1, 2], [
        { a: f64([[1]]), b: 'x' },
        { a: f64([[2]]), b: [1, null] },
      ]),
      '646a30005302000000000000000100000000000000020000000000000002000000610062002900000000000000410200000000000000010000000000000001000000000000000600000000000000000000000000f03f0a0000000000000005010000000000000078290000000000000041020000000000000001000000000000000100000000000000060000000000000000000000000000401e0000000000000002020000000000000004000000000000000a0100010100000000000000ff',
    ],
  ];

  it.each(vectors)('pack(%s) gives the exact bytes and unpacks to an equal value', (_label, value, hex) => {
    expect(hexOf(value, false)).toBe(hex);
    const decoded = unpack(bytes(hex));
    expect(hexOf(decoded, false)).toBe(hex);
  });

  it('decodes the vectors to the expected JavaScript kinds', () => {
    expect(unpack(bytes(vectors[0][2]))).toBe(-25523987234234287910987234987098245697129798713407812347n);
    expect(unpack(bytes(vectors[2][2]))).toStrictEqual(new BlobDecimal('1E+5'));
    expect(Object.is(unpack(bytes(vectors[3][2])), -0)).toBe(true);
    expect(unpack(bytes(vectors[4][2]))).toBeNaN();
    const map = unpack(bytes(vectors[13][2])) as Map<unknown, unknown>;
    expect(map).toBeInstanceOf(Map);
    expect([...map.keys()].slice(0, 4)).toEqual(['name', 'age', 99, 'range']);
    expect([...map.keys()][4]).toStrictEqual(new BlobTuple(11, 12));
    expect(map.get(99)).toStrictEqual(new BlobDateTime(2024, 5, 6, 7, 8, 9, 123456));
    const nested = unpack(bytes(vectors[16][2])) as Recarray;
    expect(nested.get(0)).toEqual({ a: 1, b: { c: 2, d: 3 } });
    const dt = unpack(bytes(vectors[10][2]), { squeeze: true });
    expect(dt).toStrictEqual(new BlobDateTime(1998, 1, 1));
  });

  it('writes char matrices column-major, as MATLAB reads them', () => {
    // datajoint-python writes numpy S1 matrices in C order (its own reader then transposes
    // them); column-major is what MATLAB and both readers expect.
    const chars = new NDArray({ dtype: 'char', shape: [2, 2], data: Uint16Array.from([97, 98, 99, 100]) });
    const decoded = unpack(pack(chars)) as NDArray;
    expect(decoded.dtype).toBe('str');
    expect(decoded.toNested()).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
    expect(unpack(pack(NDArray.fromChars('hello')))).toStrictEqual(NDArray.fromNested(['hello'], 'str'));
  });
});

/** MATLAB-written blobs (spec 16.1). */
const MATLAB = {
  simpleString:
    '6D596D00410200000000000000010000000000000010000000000000000400000000000000630068006100720061006300740065007200200073007400720069006E006700',
  vector:
    '6D596D0041020000000000000001000000000000000C000000000000000600000000000000000000000000F03F00000000000030400000000000003F4000000000000047400000000000804E4000000000000053400000000000C056400000000000805A400000000000405E4000000000000061400000000000E062400000000000C06440',
  stringArray:
    '6D596D00430200000000000000010000000000000002000000000000002F0000000000000041020000000000000001000000000000000700000000000000040000000000000073007400720069006E00670031002F0000000000000041020000000000000001000000000000000700000000000000040000000000000073007400720069006E0067003200',
  structArray:
    '6D596D005302000000000000000100000000000000020000000000000002000000610062002900000000000000410200000000000000010000000000000001000000000000000600000000000000000000000000F03F9000000000000000530200000000000000010000000000000001000000000000000100000063006900000000000000410200000000000000030000000000000003000000000000000600000000000000000000000000204000000000000008400000000000001040000000000000F03F0000000000001440000000000000224000000000000018400000000000001C40000000000000004029000000000000004102000000000000000100000000000000010000000000000006000000000000000000000000000040100100000000000053020000000000000001000000000000000100000000000000010000004300E9000000000000004102000000000000000500000000000000050000000000000006000000000000000000000000003140000000000000374000000000000010400000000000002440000000000000264000000000000038400000000000001440000000000000184000000000000028400000000000003240000000000000F03F0000000000001C400000000000002A400000000000003340000000000000394000000000000020400000000000002C400000000000003440000000000000354000000000000000400000000000002E400000000000003040000000000000364000000000000008400000000000002240',
  double3d:
    '6D596D004103000000000000000200000000000000030000000000000004000000000000000600000000000000000000000000F03F000000000000004000000000000008400000000000001040000000000000144000000000000018400000000000001C40000000000000204000000000000022400000000000002440000000000000264000000000000028400000000000002A400000000000002C400000000000002E40000000000000304000000000000031400000000000003240000000000000334000000000000034400000000000003540000000000000364000000000000037400000000000003840',
  uint83d:
    '6D596D0041030000000000000002000000000000000300000000000000040000000000000009000000000000000102030405060708090A0B0C0D0E0F101112131415161718',
  complex3d:
    '6D596D0041030000000000000002000000000000000300000000000000040000000000000006000000010000000000000000C0724000000000000028C000000000000038C0000000000000000000000000000038C0000000000000000000000000000052C00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000052C00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000052C00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000AA4C58E87AB62B400000000000000000AA4C58E87AB62BC0000000000000008000000000000052400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000080000000000000008000000000000052C000000000000000800000000000000080000000000000008000000000000000800000000000000080',
};

const MAGIC3 = [
  [8, 1, 6],
  [3, 5, 7],
  [4, 9, 2],
];
const MAGIC5 = [
  [17, 24, 1, 8, 15],
  [23, 5, 7, 14, 16],
  [4, 6, 13, 20, 22],
  [10, 12, 19, 21, 3],
  [11, 18, 25, 2, 9],
];
/** MATLAB's reshape(1:24, [2,3,4]): element (i, j, k) is 1 + i + 2j + 6k. */
const oneTo24 = (): number[][][] =>
  [0, 1].map((i) => [0, 1, 2].map((j) => [0, 1, 2, 3].map((k) => 1 + i + 2 * j + 6 * k)));

describe('MATLAB-written blobs (spec 16.1, 14.9)', () => {
  it('decodes the byte lengths given in the spec', () => {
    expect(Object.values(MATLAB).map((hex) => hex.length / 2)).toEqual([69, 133, 139, 567, 237, 69, 429]);
  });

  it('decodes without squeeze', () => {
    const text = unpack(bytes(MATLAB.simpleString)) as NDArray;
    expect(text).toStrictEqual(NDArray.fromNested(['character string'], 'str'));
    expect(text.get(0)).toBe('character string');

    const vector = unpack(bytes(MATLAB.vector)) as NDArray;
    expect(vector.dtype).toBe('float64');
    expect(vector.shape).toEqual([1, 12]);
    expect(vector.toNested()).toEqual([Array.from({ length: 12 }, (_, i) => 1 + 15 * i)]);

    const cell = unpack(bytes(MATLAB.stringArray)) as MatCell;
    expect(cell).toBeInstanceOf(MatCell);
    expect(cell.shape).toEqual([1, 2]);
    expect(cell.get(0, 0)).toStrictEqual(NDArray.fromNested(['string1'], 'str'));
    expect(cell.get(0, 1)).toStrictEqual(NDArray.fromNested(['string2'], 'str'));

    const struct = unpack(bytes(MATLAB.structArray)) as MatStruct;
    expect(struct).toBeInstanceOf(MatStruct);
    expect(struct.shape).toEqual([1, 2]);
    expect(struct.fieldNames).toEqual(['a', 'b']);
    expect(struct.field('a').get(0, 0)).toStrictEqual(f64([[1]]));
    expect(struct.field('a').get(0, 1)).toStrictEqual(f64([[2]]));
    const b00 = struct.get(0, 0).b as MatStruct;
    const b01 = struct.get(0, 1).b as MatStruct;
    expect(b00.fieldNames).toEqual(['c']);
    expect((b00.get(0, 0).c as NDArray).toNested()).toEqual(MAGIC3);
    expect(b01).toBeInstanceOf(MatStruct);
    expect(b01.fieldNames).toEqual(['C']);
    expect((b01.get(0, 0).C as NDArray).shape).toEqual([5, 5]);
    expect((b01.get(0, 0).C as NDArray).toNested()).toEqual(MAGIC5);

    const double3d = unpack(bytes(MATLAB.double3d)) as NDArray;
    expect(double3d.dtype).toBe('float64');
    expect(double3d.shape).toEqual([2, 3, 4]);
    expect(double3d.toNested()).toEqual(oneTo24());
    expect(Array.from(double3d.data as Float64Array)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));

    const uint83d = unpack(bytes(MATLAB.uint83d)) as NDArray;
    expect(uint83d.dtype).toBe('uint8');
    expect(uint83d.toNested()).toEqual(oneTo24());

    const complex3d = unpack(bytes(MATLAB.complex3d)) as NDArray;
    expect(complex3d.dtype).toBe('complex128');
    expect(complex3d.shape).toEqual([2, 3, 4]);
    const first = Array.from({ length: 8 }, (_, i) => complex3d.element(i) as Complex);
    const r = 13.856406460551018;
    // `+ 0` turns the -0 parts MATLAB's FFT produced into 0.
    expect(first.map((z) => [z.re + 0, z.im + 0])).toEqual([
      [300, 0],
      [-12, 0],
      [-24, r],
      [0, 0],
      [-24, -r],
      [0, 0],
      [-72, 72],
      [0, 0],
    ]);
    expect(complex3d.get(0, 1, 0)).toEqual(new Complex(-24, r));
  });

  it('re-packs each blob to the same bytes and an equal value', () => {
    for (const hex of Object.values(MATLAB)) {
      const decoded = unpack(bytes(hex));
      const repacked = pack(decoded);
      expect(comparable(unpack(repacked))).toStrictEqual(comparable(decoded));
    }
    // Numeric MATLAB arrays stay MATLAB-readable and byte-identical.
    for (const hex of [MATLAB.vector, MATLAB.double3d, MATLAB.uint83d, MATLAB.complex3d]) {
      expect(hexOf(unpack(bytes(hex)))).toBe(hex.toLowerCase());
    }
  });

  it('decodes with squeeze', () => {
    const squeeze = { squeeze: true };
    expect(unpack(bytes(MATLAB.simpleString), squeeze)).toBe('character string');

    const vector = unpack(bytes(MATLAB.vector), squeeze) as NDArray;
    expect(vector.shape).toEqual([12]);
    expect(vector.toNested()).toEqual(Array.from({ length: 12 }, (_, i) => 1 + 15 * i));

    const cell = unpack(bytes(MATLAB.stringArray), squeeze) as MatCell;
    expect(cell).toBeInstanceOf(MatCell);
    expect(cell.shape).toEqual([2]);
    expect(cell.toNested()).toEqual(['string1', 'string2']);

    const struct = unpack(bytes(MATLAB.structArray), squeeze) as MatStruct;
    expect(struct).toBeInstanceOf(MatStruct);
    expect(struct.shape).toEqual([2]);
    expect(struct.field('a').toNested()).toEqual([1, 2]);
    const b1 = struct.get(1).b as MatStruct;
    expect(b1).toBeInstanceOf(MatStruct);
    expect(b1.shape).toEqual([]);
    expect((b1.get().C as NDArray).shape).toEqual([5, 5]);

    for (const hex of [MATLAB.double3d, MATLAB.uint83d, MATLAB.complex3d]) {
      expect(unpack(bytes(hex), squeeze)).toStrictEqual(unpack(bytes(hex)));
    }
  });
});

describe('32-bit dims MATLAB blob (spec 16.3)', () => {
  const HEX =
    '6D596D00530200000001000000010000000400000068697473007369646573007461736B73007374616765004D000000410200000001000000070000000600000000000000000000000000F8FF000000000000F03F000000000000F03F0000000000000000000000000000F03F0000000000000000000000000000F8FF230000004102000000010000000700000004000000000000006C006C006C006C00720072006C002300000041020000000100000007000000040000000000000064006400640064006400640064002500000041020000000100000008000000040000000000000053007400610067006500200031003000';

  it('reads with use32BitDims', () => {
    const struct = unpack(bytes(HEX), { use32BitDims: true }) as MatStruct;
    expect(struct).toBeInstanceOf(MatStruct);
    expect(struct.shape).toEqual([1, 1]);
    expect(struct.fieldNames).toEqual(['hits', 'sides', 'tasks', 'stage']);
    const record = struct.get(0, 0);
    expect((record.hits as NDArray).toNested()).toEqual([[NaN, 1, 1, 0, 1, 0, NaN]]);
    expect(record.sides).toStrictEqual(NDArray.fromNested(['llllrrl'], 'str'));
    expect(record.tasks).toStrictEqual(NDArray.fromNested(['ddddddd'], 'str'));
    expect(record.stage).toStrictEqual(NDArray.fromNested(['Stage 10'], 'str'));
  });

  it('fails without use32BitDims', () => {
    expect(() => unpack(bytes(HEX))).toThrow(DataJointError);
  });
});

describe('round trips (spec 14.8)', () => {
  const roundTrip = (value: unknown): unknown => unpack(pack(value));

  it('scalars keep their kind', () => {
    for (const value of [32, -0.037, -Infinity, -255, true, false, 'test', '', null]) {
      expect(roundTrip(value)).toStrictEqual(value);
    }
    // An integral number is a Python int, whatever its size; BlobFloat keeps it a float.
    expect(roundTrip(3e31)).toBe(29999999999999998907688884895744n);
    expect(roundTrip(new BlobFloat(3e31))).toBe(3e31);
    expect(roundTrip(undefined)).toBeNull();
    expect(roundTrip(Number.NaN)).toBeNaN();
    expect(roundTrip(new Complex(0, 7))).toStrictEqual(new Complex(0, 7));
    expect(roundTrip(new BlobFloat(7))).toBe(7);
    expect(roundTrip(-25523987234234287910987234987098245697129798713407812347n)).toBe(
      -25523987234234287910987234987098245697129798713407812347n,
    );
    // Safe bigints come back as numbers (Python has one int type).
    expect(roundTrip(5n)).toBe(5);
    expect(roundTrip(2n ** 53n)).toBe(2n ** 53n);
  });

  it('numpy-style scalars (0-d arrays)', () => {
    const scalars: Array<[unknown, NDArray['dtype']]> = [
      [3e31, 'float64'],
      [253, 'uint8'],
      [255, 'uint8'],
      [-33, 'int16'],
      [65503, 'uint16'],
      [-3, 'int32'],
      [4294967295, 'uint32'],
      [373n, 'int64'],
      [2n ** 64n - 3n, 'uint64'],
      [true, 'bool'],
      [1.5, 'float32'],
    ];
    for (const [value, dtype] of scalars) {
      const array = NDArray.fromNested(value, dtype);
      expect(roundTrip(array)).toStrictEqual(array);
      const squeezed = unpack(pack(array), { squeeze: true });
      expect(squeezed).toBe(typeof value === 'bigint' && value < 2n ** 53n ? Number(value) : value);
    }
  });

  it('arrays of every dtype', () => {
    const randn = (n: number): number[] => Array.from({ length: n }, () => Math.random() * 2 - 1);
    const arrays = [
      NDArray.fromTypedArray(Float64Array.from(randn(80)), [8, 10]),
      NDArray.fromTypedArray(Float64Array.from(randn(10))),
      NDArray.fromTypedArray(Float32Array.from(randn(60)), [3, 4, 5]),
      NDArray.fromTypedArray(Int16Array.from(randn(6), (x) => Math.round(x * 100)), [1, 2, 3]),
      NDArray.fromTypedArray(Int8Array.of(-1, 2, 3, 4), [2, 2], 'F'),
      NDArray.fromTypedArray(Uint32Array.of(1, 2, 3, 4, 5, 6), [3, 2]),
      NDArray.fromTypedArray(BigInt64Array.of(-1n, 2n), [2, 1]),
      NDArray.fromNested([[true], [false]], 'bool'),
      new NDArray({ dtype: 'complex128', shape: [8, 10], data: Float64Array.from(randn(80)), imag: Float64Array.from(randn(80)) }),
      new NDArray({ dtype: 'complex64', shape: [3, 4, 5], data: Float32Array.from(randn(60)), imag: Float32Array.from(randn(60)) }),
      NDArray.fromNested([1n, -2n], 'datetime64[ns]'),
      NDArray.fromNested([new BlobTuple(1, 2, 3), true], 'object'),
      NDArray.fromNested([[]], 'int32'),
    ];
    for (const array of arrays) expect(roundTrip(array)).toStrictEqual(array);
    // A str array comes back as an object array of strings, as in datajoint-python.
    expect(roundTrip(NDArray.fromNested(['yes'], 'str'))).toStrictEqual(NDArray.fromNested(['yes'], 'object'));
  });

  it('containers, dates, UUIDs and decimals', () => {
    const now = new Date();
    const values: unknown[] = [
      [null],
      new Map<unknown, unknown>([
        ['name', 'Anonymous'],
        ['age', 15],
        [99, new BlobDateTime(2024, 1, 2, 3, 4, 5, 6)],
        ['range', [110, 190]],
        [new BlobTuple(11, 12), null],
      ]),
      new BlobUuid(randomUUID()),
      new BlobDecimal('-112122121.000003000'),
      [1, new BlobDateTime(2020, 2, 29, 23, 59, 59, 999999), new Map<unknown, unknown>([[1, 'one'], ['two', 2]]), new BlobTuple(1, 2)],
      new BlobTuple<unknown>(1, new BlobDate(2024, 1, 2), { 'yes!': [1, 2, NDArray.fromNested([3, 4], 'int64')] }),
      new Set(['elephant']),
      new BlobDecimal('1.24'),
      new BlobTime(0, 0, 0, 0),
      { nested: { deeper: [new Set([1, 'a']), Buffer.from([0, 255])] }, empty: {}, list: [] },
      Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 }),
    ];
    for (const value of values) expect(roundTrip(value)).toEqual(value);
    expect(roundTrip(new BlobTuple(1, 2))).toBeInstanceOf(BlobTuple);
    expect(roundTrip(now)).toStrictEqual(BlobDateTime.fromDate(now));
    expect((roundTrip(now) as BlobDateTime).toDate()).toEqual(now);
  });

  it('record arrays, cells and structs', () => {
    const values = [
      new Recarray({ x: f64([1, 3]), y: NDArray.fromNested([2, 4], 'int64') }),
      new Recarray({ tmp0: f64([3]), tmp1: NDArray.fromNested([4], 'object') }),
      new MatCell([1, 2], [NDArray.fromNested([1, 2, 3], 'int64'), NDArray.fromNested([4, 5, 6, 7, 8], 'int64')]),
      new MatCell([3, 1], [f64([]), f64([]), f64([])]),
      MatStruct.fromRecords([{ a: f64([[1]]), b: 'x' }, { a: f64([[2]]), b: new MatCell([1, 1], [1]) }]),
    ];
    for (const value of values) expect(roundTrip(value)).toStrictEqual(value);
    const empties = roundTrip(values[3]) as MatCell;
    expect(empties.shape).toEqual([3, 1]);
    expect(empties.data.map((item) => (item as NDArray).size)).toEqual([0, 0, 0]);
    expect(roundTrip(new MatCell([0, 0], []))).toStrictEqual(new MatCell([0], []));
  });
});

describe('protocol selection', () => {
  const protocol = (value: unknown): string => pack(value, { compress: false }).subarray(0, 3).toString('latin1');

  it('stays mYm for MATLAB-compatible values', () => {
    expect(protocol(f64([[1, 2]]))).toBe('mYm');
    expect(protocol(NDArray.fromChars('abc'))).toBe('mYm');
    expect(protocol(new Float32Array(3))).toBe('mYm');
    expect(protocol(new MatCell([1, 1], [f64([[1]])]))).toBe('mYm');
    expect(protocol(MatStruct.fromRecords([{ a: new MatCell([1, 1], [NDArray.fromChars('x')]) }]))).toBe('mYm');
  });

  it('switches to dj0 for anything else, nested too', () => {
    expect(protocol(NDArray.fromNested(1, 'float64'))).toBe('dj0');
    expect(protocol(NDArray.fromNested(['a'], 'str'))).toBe('dj0');
    expect(protocol(NDArray.fromNested([1], 'datetime64[s]'))).toBe('dj0');
    expect(protocol(new MatCell([1, 1], [1]))).toBe('dj0');
    expect(protocol(MatStruct.fromRecords([{ a: new MatCell([1, 1], [null]) }]))).toBe('dj0');
  });
});

describe('reader errors and edge cases', () => {
  it('returns null for null input and unknown protocols', () => {
    expect(unpack(null)).toBeNull();
    expect(unpack(undefined)).toBeNull();
    expect(unpack(Buffer.from('xyz\0\xff', 'latin1'))).toBeNull();
    expect(unpack(Buffer.from('no terminator', 'latin1'))).toBeNull();
  });

  it('accepts Uint8Array views, such as PostgreSQL drivers return', () => {
    const packed = pack([1, 2]);
    const padded = new Uint8Array(packed.length + 4);
    padded.set(packed, 2);
    expect(unpack(padded.subarray(2, 2 + packed.length))).toEqual([1, 2]);
  });

  it('checks the uncompressed size', () => {
    const packed = pack(new Float64Array(200));
    packed.writeBigUInt64LE(1628n, 6);
    expectDjError(() => unpack(packed), 'Blob size mismatch: expected 1628, got 1629');
  });

  it('rejects a corrupt zlib stream', () => {
    const packed = pack(new Float64Array(200));
    expectDjError(() => unpack(packed.subarray(0, 20)), /^Invalid blob: cannot decompress/);
  });

  it('checks that items take their stated lengths', () => {
    expectDjError(() => unpack(bytes('646a30000a01002000')), 'Blob length check failed! Invalid blob');
    // A list whose element length prefix says 5 bytes for a 4-byte int item.
    expectDjError(() => unpack(bytes('646a300002010000000000000005000000000000000a01000100')), 'Blob length check failed! Invalid blob');
  });

  it('rejects unknown codes and sparse arrays', () => {
    expectDjError(() => unpack(bytes('646a300007')), 'Unknown data structure code "\x07". Upgrade datajoint.');
    expectDjError(() => unpack(bytes('6d596d0050')), 'datajoint-python does not yet support sparse arrays. Issue (#590)');
  });

  it('rejects truncated blobs and unsupported array types', () => {
    expectDjError(() => unpack(bytes('646a30000a0400ff')), 'Invalid blob: unexpected end of data');
    expectDjError(() => unpack(bytes('6d596d004101000000000000000200000000000000060000000000000000')), 'Invalid blob: unexpected end of data');
    expectDjError(() => unpack(bytes('6d596d0041010000000000000001000000000000001000000000000000')), 'Invalid blob: unsupported array type id 16');
    expectDjError(() => unpack(bytes('646a3000050200000000000000ff')), 'Invalid blob: unexpected end of data');
    expectDjError(() => unpack(bytes('646a3000050100000000000000ff')), 'Invalid blob: text is not valid UTF-8');
  });

  it('reads empty structs and record arrays as np.array(None)', () => {
    const none = new NDArray({ dtype: 'object', shape: [], data: [null] });
    expect(unpack(bytes('646a30004600000000'))).toStrictEqual(none);
    expect(unpack(bytes('6d596d005302000000000000000100000000000000010000000000000000000000'))).toStrictEqual(none);
  });

  it('reads dicts as plain objects only when that keeps the keys and their order', () => {
    const record = unpack(pack(new Map([['b', 1], ['a', 2], ['__proto__', 3]]))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(['b', 'a', '__proto__']);
    expect(record.__proto__).toBe(3);
    // Integer-like keys would be moved first by a plain object: keep a Map instead.
    const map = unpack(pack(new Map([['b', 1], ['1', 2]])));
    expect(map).toStrictEqual(new Map([['b', 1], ['1', 2]]));
    expect(unpack(pack(new Map([[1, 'one']])))).toStrictEqual(new Map([[1, 'one']]));
  });

  it('reads complex integer arrays as complex128 (as numpy does)', () => {
    // int16 1×2 complex: reals 1, 2 and imaginary parts 3, 4.
    const blob = bytes('6d596d0041020000000000000001000000000000000200000000000000' + '0a00000001000000' + '0100020003000400');
    const array = unpack(blob) as NDArray;
    expect(array.dtype).toBe('complex128');
    expect(array.toNested()).toEqual([[new Complex(1, 3), new Complex(2, 4)]]);
  });

  it('reads char matrices as one character per element', () => {
    const blob = bytes('6d596d004102000000000000000200000000000000020000000000000004000000000000006100620063006400');
    expect((unpack(blob) as NDArray).toNested()).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
  });

  it('reads the date and time parts of t items separately', () => {
    expect(unpack(bytes('646a300074ffffffffffffffffffffffff'))).toBeNull();
    expect(unpack(bytes('646a300074ffffffff0000000000000000'))).toStrictEqual(new BlobTime(0, 0, 0, 0));
  });
});

describe('writer errors', () => {
  it('rejects unsupported values', () => {
    expectDjError(() => pack(Symbol('x')), 'Packing object of type symbol currently not supported!');
    expectDjError(() => pack(() => 1), 'Packing object of type function currently not supported!');
    expectDjError(() => pack([new WeakMap()]), 'Packing object of type WeakMap currently not supported!');
    expectDjError(() => pack({ when: /re/ }), 'Packing object of type RegExp currently not supported!');
    expectDjError(() => pack(new DataView(new ArrayBuffer(2))), 'Packing object of type DataView currently not supported!');
    class Custom {}
    expectDjError(() => pack(new Custom()), 'Packing object of type Custom currently not supported!');
  });

  it('limits integers to 65535 bytes', () => {
    expect(() => pack(2n ** (8n * 65534n))).not.toThrow();
    expectDjError(() => pack(2n ** (8n * 65535n)), 'Integers are limited to 65535 bytes');
  });

  it('rejects circular values', () => {
    const list: unknown[] = [1];
    list.push(list);
    expectDjError(() => pack(list), 'Cannot pack a value that contains itself (circular reference)');
    // Shared (non-circular) references are fine.
    const shared = [1];
    expect(unpack(pack([shared, shared]))).toEqual([[1], [1]]);
  });

  it('rejects invalid dates', () => {
    expectDjError(() => pack(new Date(Number.NaN)), 'Cannot convert an invalid Date');
  });

  it('writes JS Dates as UTC datetimes with microseconds from milliseconds', () => {
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    expect(hexOf(date)).toBe(hexOf(new BlobDateTime(2024, 1, 2, 3, 4, 5, 6000)));
  });

  it('normalizes bool data to 0/1', () => {
    const array = new NDArray({ dtype: 'bool', shape: [2], data: Uint8Array.of(0, 7) });
    expect(hexOf(array)).toBe('6d596d00410100000000000000020000000000000003000000000000000001');
  });

  it('assertPackable throws what pack throws without building bytes', () => {
    expect(() => assertPackable({ a: [1, NDArray.fromNested(['x'], 'object')] })).not.toThrow();
    expectDjError(() => assertPackable({ a: [1, NDArray.fromNested([Symbol('s')], 'object')] }), 'Packing object of type symbol currently not supported!');
  });
});

describe('NDArray', () => {
  const matrix = NDArray.fromNested([
    [1, 2, 3],
    [4, 5, 6],
  ], 'int32');

  it('stores column-major and indexes row-major', () => {
    expect(Array.from(matrix.data as Int32Array)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(matrix.get(0, 2)).toBe(3);
    expect(matrix.get(1, -1)).toBe(6);
    expect(matrix.size).toBe(6);
    expect(matrix.ndim).toBe(2);
    expect(matrix.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('fromTypedArray takes row-major (C) or column-major (F) data', () => {
    expect(NDArray.fromTypedArray(Int32Array.of(1, 2, 3, 4, 5, 6), [2, 3])).toStrictEqual(matrix);
    expect(NDArray.fromTypedArray(Int32Array.of(1, 4, 2, 5, 3, 6), [2, 3], 'F')).toStrictEqual(matrix);
    expect(NDArray.fromTypedArray(Uint8ClampedArray.of(1, 2)).dtype).toBe('uint8');
    expectDjError(() => NDArray.fromTypedArray(Int32Array.of(1, 2), [3]), 'Shape [3] needs 3 elements, got 2');
  });

  it('infers dtypes', () => {
    expect(NDArray.fromNested([1.5]).dtype).toBe('float64');
    expect(NDArray.fromNested([1n]).dtype).toBe('int64');
    expect(NDArray.fromNested([true]).dtype).toBe('bool');
    expect(NDArray.fromNested([new Complex(1, 1), 2]).dtype).toBe('complex128');
    expect(NDArray.fromNested(['a']).dtype).toBe('str');
    expect(NDArray.fromNested([null]).dtype).toBe('object');
  });

  it('returns element kinds per dtype', () => {
    expect(NDArray.fromNested([true], 'bool').get(0)).toBe(true);
    expect(NDArray.fromNested([7], 'int64').get(0)).toBe(7n);
    expect(NDArray.fromNested(7, 'int64').item()).toBe(7);
    expect(NDArray.fromNested(2n ** 60n, 'uint64').item()).toBe(2n ** 60n);
    expect(NDArray.fromNested(['x'], 'char').get(0)).toBe('x');
    expect(NDArray.fromNested(5, 'float64').get()).toBe(5);
    expect(NDArray.fromNested(5, 'float64').toNested()).toBe(5);
    expect(NDArray.fromNested(-(2n ** 63n), 'datetime64[D]').item()).toBeNull();
    expect(NDArray.fromNested(18262, 'datetime64[D]').item()).toStrictEqual(new BlobDate(2020, 1, 1));
    expect(NDArray.fromNested(601, 'datetime64[M]').item()).toStrictEqual(new BlobDate(2020, 2, 1));
    expect(NDArray.fromNested(-1, 'datetime64[h]').item()).toStrictEqual(new BlobDateTime(1969, 12, 31, 23));
    expect(NDArray.fromNested(5, 'datetime64[ns]').item()).toBe(5n);
  });

  it('squeezes singleton dimensions', () => {
    const column = NDArray.fromNested([[1], [2], [3]], 'float64');
    expect(column.squeeze().shape).toEqual([3]);
    expect(NDArray.fromNested([[1]], 'float64').squeeze().shape).toEqual([]);
  });

  it('validates its input', () => {
    expectDjError(() => new NDArray({ dtype: 'float16' as 'float32', shape: [1], data: new Float32Array(1) }), 'Unknown dtype "float16"');
    expectDjError(() => new NDArray({ dtype: 'float64', shape: [2], data: new Float32Array(2) }), 'float64 data must be a Float64Array');
    expectDjError(() => new NDArray({ dtype: 'float64', shape: [-1], data: new Float64Array(0) }), /^Invalid shape/);
    expectDjError(() => new NDArray({ dtype: 'complex128', shape: [1], data: new Float64Array(1) }), /needs imaginary parts/);
    expectDjError(() => NDArray.fromNested([[1, 2], [3]], 'float64'), /ragged/);
    expectDjError(() => NDArray.fromNested([300], 'uint8'), 'Element 300 does not fit dtype uint8');
    expectDjError(() => NDArray.fromNested([-1], 'uint64'), 'Element -1 does not fit dtype uint64');
    expectDjError(() => NDArray.fromNested(['ab'], 'char'), 'Element "ab" does not fit dtype char');
    expectDjError(() => matrix.get(2, 0), 'Index 2 is out of bounds for axis 0 with size 2');
    expectDjError(() => matrix.get(0), 'Expected 2 indices for shape [2, 3], got 1');
    expectDjError(() => matrix.item(), 'can only convert an array of size 1 to a scalar');
  });
});

describe('containers', () => {
  it('MatCell.fromNested stops nesting at irregular levels', () => {
    expect(MatCell.fromNested([[1, 'a']]).shape).toEqual([1, 2]);
    expect(MatCell.fromNested([[1, 2], [3]]).shape).toEqual([2]);
  });

  it('MatStruct requires consistent fields', () => {
    expectDjError(() => new MatStruct([], [1, 1], [{}]), 'A struct needs at least one field');
    expectDjError(() => new MatStruct(['a'], [1, 1], [{ b: 1 }]), 'Every struct element must have exactly the fields a');
    expectDjError(() => new MatStruct(['a', 'a'], [1, 1], [{ a: 1 }]), 'Duplicate struct field names');
    const struct = MatStruct.fromRecords([{ a: 1 }, { a: 2 }]);
    expect(struct.shape).toEqual([1, 2]);
    expect(struct.toNested()).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it('Recarray requires columns of one shape', () => {
    expectDjError(() => new Recarray({ x: f64([1]), y: f64([1, 2]) }), 'All record array columns must have the same shape');
    expectDjError(() => new Recarray({}), 'A record array needs at least one field');
    const rec = new Recarray({ x: f64([1, 3]), y: NDArray.fromNested([2, 4], 'int64') });
    expect(rec.shape).toEqual([2]);
    expect(rec.get(1)).toEqual({ x: 3, y: 4n });
    expect(rec.toNested()).toEqual([
      { x: 1, y: 2n },
      { x: 3, y: 4n },
    ]);
    expect(rec.field('y')).toStrictEqual(NDArray.fromNested([2, 4], 'int64'));
  });
});

describe('value classes', () => {
  it('BlobDecimal keeps the text Python prints', () => {
    const cases: Array<[string, string]> = [
      ['1e5', '1E+5'],
      ['.5', '0.5'],
      ['+1.0', '1.0'],
      ['-0', '-0'],
      ['007.50', '7.50'],
      ['0.00', '0.00'],
      ['1E-7', '1E-7'],
      ['0.000001', '0.000001'],
      ['0.0000001', '1E-7'],
      ['123.456e3', '123456'],
      ['-1.5e-10', '-1.5E-10'],
      ['inf', 'Infinity'],
      ['-Infinity', '-Infinity'],
      ['nan', 'NaN'],
      ['NaN012', 'NaN12'],
      ['sNaN', 'sNaN'],
      ['1_000.5', '1000.5'],
      ['  12  ', '12'],
      ['0e5', '0E+5'],
      ['0E-10', '0E-10'],
      ['12345678901234567890e-30', '1.2345678901234567890E-11'],
      ['5E+3', '5E+3'],
    ];
    for (const [input, canonical] of cases) expect(new BlobDecimal(input).value).toBe(canonical);
    expect(new BlobDecimal(12n).toString()).toBe('12');
    expect(new BlobDecimal('1.24').toNumber()).toBe(1.24);
    expectDjError(() => new BlobDecimal('1.2.3'), 'Invalid decimal literal: "1.2.3"');
    expectDjError(() => new BlobDecimal(''), 'Invalid decimal literal: ""');
  });

  it('BlobUuid accepts the forms Python accepts', () => {
    const canonical = '0f0e0d0c-0b0a-4908-8706-050403020100';
    for (const form of [canonical, canonical.toUpperCase(), canonical.replace(/-/g, ''), `{${canonical}}`, `urn:uuid:${canonical}`]) {
      expect(new BlobUuid(form).toString()).toBe(canonical);
    }
    expect(BlobUuid.fromBytes(new BlobUuid(canonical).toBytes())).toStrictEqual(new BlobUuid(canonical));
    expectDjError(() => new BlobUuid('xyz'), 'Badly formed UUID string: "xyz"');
  });

  it('dates and times validate and print like Python', () => {
    expect(new BlobDateTime(2025, 5, 1, 9, 30, 15, 250000).toString()).toBe('2025-05-01T09:30:15.250000');
    expect(new BlobDateTime(2025, 5, 1).toString()).toBe('2025-05-01T00:00:00');
    expect(new BlobDate(33, 2, 3).toDate().toISOString()).toBe('0033-02-03T00:00:00.000Z');
    expect(new BlobDateTime(2024, 2, 29, 1, 2, 3, 4567).toDate().toISOString()).toBe('2024-02-29T01:02:03.004Z');
    expectDjError(() => new BlobDate(2023, 2, 29), 'day must be an integer in 1..28, got 29');
    expectDjError(() => new BlobTime(24), 'hour must be an integer in 0..23, got 24');
    expectDjError(() => BlobDateTime.fromDate(new Date('0000-01-01T00:00:00Z')), 'year must be an integer in 1..9999, got 0');
  });

  it('Complex prints like Python and BlobTuple derives plain arrays', () => {
    expect(String(new Complex(0, 7))).toBe('7j');
    expect(String(new Complex(1, -2))).toBe('(1-2j)');
    const tuple = new BlobTuple(3);
    expect(tuple).toHaveLength(1);
    expect(tuple.map((x) => x)).not.toBeInstanceOf(BlobTuple);
    expect(BlobTuple.from([1, 2])).toBeInstanceOf(BlobTuple);
  });
});

describe('BlobCodec', () => {
  const context = { config: new Config() };

  it('is the <blob> codec stored as bytes, or through <hash> in a store', () => {
    expect(blobCodec).toBeInstanceOf(BlobCodec);
    expect(blobCodec.name).toBe('blob');
    expect(blobCodec.dtype(false)).toBe('bytes');
    expect(blobCodec.dtype(true)).toBe('<hash>');
  });

  it('encodes with compression and decodes without squeeze', async () => {
    const stored = await blobCodec.encode(new Float64Array(200), context);
    expect(stored.subarray(0, 6).toString('latin1')).toBe('ZL123\0');
    expect(await blobCodec.decode(stored, context)).toStrictEqual(NDArray.fromTypedArray(new Float64Array(200)));
    const scalar = await blobCodec.decode(bytes(MATLAB.vector), context);
    expect((scalar as NDArray).shape).toEqual([1, 12]);
    expect(await blobCodec.decode(new Uint8Array(bytes('646a30000a010020')), context)).toBe(32);
    expect(await blobCodec.decode(await blobCodec.encode({ id: 1, data: [1, 2, 3] }, context), context)).toEqual({ id: 1, data: [1, 2, 3] });
  });

  it('compresses and decompresses large blobs on the thread pool to the bytes and values of pack and unpack', async () => {
    // 1 MB each: compressible (repeating) and incompressible (random) halves; several at once.
    const values = Array.from({ length: 3 }, (_, i) => {
      const data = new Float64Array(131072);
      for (let k = 0; k < data.length; k++) data[k] = k < data.length / 2 ? (k % 97) + i : Math.random();
      return NDArray.fromTypedArray(data);
    });
    const stored = await Promise.all(values.map((value) => blobCodec.encode(value, context)));
    stored.forEach((bytes, i) => expect(bytes.equals(pack(values[i]))).toBe(true));
    expect(stored[0]!.subarray(0, 6).toString('latin1')).toBe('ZL123\0');
    const decoded = await Promise.all(stored.map((bytes) => blobCodec.decode(bytes, context)));
    decoded.forEach((value, i) => expect(value).toStrictEqual(unpack(stored[i]!)));
    expect(decoded[2]).toStrictEqual(values[2]);
    // A compressed blob whose header states another length is refused, as by unpack.
    const lying = Buffer.from(stored[0]!);
    lying.writeBigUInt64LE(BigInt(lying.readBigUInt64LE(6)) + 1n, 6);
    await expect(blobCodec.decode(lying, context)).rejects.toThrow('Blob size mismatch');
    await expect(blobCodec.decode(Buffer.concat([stored[0]!.subarray(0, 14), Buffer.alloc(70000, 9)]), context)).rejects.toThrow('cannot decompress');
  });

  it('validates values before encoding', () => {
    expect(() => blobCodec.validate({ data: [1, 2, 3] })).not.toThrow();
    expectDjError(() => blobCodec.validate(Symbol('x')), 'Packing object of type symbol currently not supported!');
    expectDjError(() => blobCodec.validate([2n ** (8n * 65535n)]), 'Integers are limited to 65535 bytes');
  });
});
