/**
 * The `.npy` format against files numpy 2.4 wrote (`np.save(buf, a, allow_pickle=False)`,
 * `np.lib.format.write_array(buf, a, version=(2, 0))`): writing gives the same bytes and
 * numpy's dtype name; reading gives the same values, whatever the byte or element order.
 */
import { Complex, NDArray } from '@dj/core';
import { decodeNpy, encodeNpy, parseNpyHeader } from '../src/codecs/npy/npy-format';

const header = (dict: string): string => {
  const text = Buffer.from(dict.padEnd(117, ' ') + '\n', 'latin1').toString('hex');
  return `934e554d50590100760${'0'}${text}`;
};
/** numpy's 128-byte version 1.0 header for a dict (118 bytes after the prefix). */
const v1 = (descr: string, fortran: string, shape: string): string =>
  header(`{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`);

const VECTORS: Array<{ name: string; array: NDArray; dtype: string; hex: string }> = [
  {
    name: 'float64 2×3',
    array: NDArray.fromTypedArray(new Float64Array([0, 0.25, 0.5, 0.75, 1, 1.25]), [2, 3]),
    dtype: 'float64',
    hex: v1('<f8', 'False', '(2, 3)') + '0000000000000000000000000000d03f000000000000e03f000000000000e83f000000000000f03f000000000000f43f',
  },
  { name: 'int32 vector', array: NDArray.fromTypedArray(new Int32Array([1, -2, 3])), dtype: 'int32', hex: v1('<i4', 'False', '(3,)') + '01000000feffffff03000000' },
  { name: 'uint8 0-d', array: new NDArray({ dtype: 'uint8', shape: [], data: new Uint8Array([7]) }), dtype: 'uint8', hex: v1('|u1', 'False', '()') + '07' },
  { name: 'bool 2×2', array: NDArray.fromNested([[true, false], [true, true]]), dtype: 'bool', hex: v1('|b1', 'False', '(2, 2)') + '01000101' },
  {
    name: 'complex128',
    array: NDArray.fromNested([new Complex(1, 2), new Complex(3, -4)]),
    dtype: 'complex128',
    hex: v1('<c16', 'False', '(2,)') + '000000000000f03f0000000000000040000000000000084000000000000010c0',
  },
  { name: 'unicode', array: NDArray.fromNested(['a', 'hé', '']), dtype: '<U2', hex: v1('<U2', 'False', '(3,)') + '610000000000000068000000e90000000000000000000000' },
  {
    name: 'datetime64[ns]',
    array: new NDArray({ dtype: 'datetime64[ns]', shape: [2], data: new BigInt64Array([1n, -5n]) }),
    dtype: 'datetime64[ns]',
    hex: v1('<M8[ns]', 'False', '(2,)') + '0100000000000000fbffffffffffffff',
  },
  {
    name: 'int16 2×3×4',
    array: NDArray.fromTypedArray(Int16Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]),
    dtype: 'int16',
    hex: v1('<i2', 'False', '(2, 3, 4)') + Buffer.from(Int16Array.from({ length: 24 }, (_, i) => i).buffer).toString('hex'),
  },
  { name: 'empty 0×3', array: NDArray.fromTypedArray(new Float64Array(0), [0, 3]), dtype: 'float64', hex: v1('<f8', 'False', '(0, 3)') },
  { name: 'bytes S1', array: new NDArray({ dtype: 'char', shape: [2], data: new Uint16Array([0x61, 0x62]) }), dtype: '|S1', hex: v1('|S1', 'False', '(2,)') + '6162' },
];

describe('.npy format', () => {
  it.each(VECTORS)('writes $name exactly as numpy.save', ({ array, dtype, hex }) => {
    const encoded = encodeNpy(array);
    expect(encoded.bytes.toString('hex')).toBe(hex);
    expect(encoded.dtype).toBe(dtype);
  });

  it.each(VECTORS)('reads $name as numpy wrote it', ({ array, hex }) => {
    const decoded = decodeNpy(Buffer.from(hex, 'hex'));
    expect(decoded.dtype).toBe(array.dtype === 'char' ? 'char' : array.dtype);
    expect(decoded.shape).toEqual(array.shape);
    expect(decoded.toNested()).toEqual(array.toNested());
  });

  it('reads big-endian and Fortran-ordered files', () => {
    const bigEndian = decodeNpy(Buffer.from(v1('>f4', 'False', '(2,)') + '3fc0000040200000', 'hex'));
    expect(bigEndian.dtype).toBe('float32');
    expect(bigEndian.toNested()).toEqual([1.5, 2.5]);
    const fortran = decodeNpy(
      Buffer.from(v1('<i8', 'True', '(2, 3)') + '000000000000000003000000000000000100000000000000040000000000000002000000000000000500000000000000', 'hex'),
    );
    expect(fortran.toNested()).toEqual([
      [0n, 1n, 2n],
      [3n, 4n, 5n],
    ]);
  });

  it('reads format versions 2.0 and 3.0', () => {
    for (const version of ['02', '03']) {
      const hex = `934e554d5059${version}00740000007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d${'20'.repeat(58)}0a000000000000f03f0000000000000040`;
      const bytes = Buffer.from(hex, 'hex');
      expect(parseNpyHeader(bytes).dataOffset).toBe(128);
      expect(decodeNpy(bytes).toNested()).toEqual([1, 2]);
    }
  });

  it('keeps the data 64-byte aligned for any header length', () => {
    for (let ndim = 0; ndim < 30; ndim++) {
      const bytes = encodeNpy(NDArray.fromTypedArray(new Uint8Array(1), new Array(ndim).fill(1))).bytes;
      expect(parseNpyHeader(bytes).dataOffset % 64).toBe(0);
    }
  });

  it('refuses object arrays, other files and truncated data', () => {
    expect(() => encodeNpy(NDArray.fromNested([{ a: 1 }, 2]))).toThrow('<npy> does not support object dtype arrays');
    expect(() => decodeNpy(Buffer.from('not a numpy file'))).toThrow('Not a .npy file');
    expect(() => decodeNpy(Buffer.from(v1('<f8', 'False', '(3,)') + '00', 'hex'))).toThrow('Truncated .npy data');
    expect(() => decodeNpy(Buffer.from(v1('<f2', 'False', '(1,)') + '0000', 'hex'))).toThrow("Unsupported .npy dtype '<f2'");
  });
});
