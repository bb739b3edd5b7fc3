/**
 * Constants of the `<blob>` binary format (datajoint-python `blob.py`), shared by the
 * reader and the writer.
 */

/** Prefix of a zlib-compressed blob, followed by the u64 uncompressed length and a zlib stream. */
export const COMPRESSION_PREFIX = Buffer.from('ZL123\0', 'latin1');

/** Protocol of blobs MATLAB's mYm can read. */
export const PROTOCOL_MYM = 'mYm';
/** Protocol of blobs using datajoint-python's extensions. */
export const PROTOCOL_DJ0 = 'dj0';

/** Payloads up to this size are never compressed. */
export const COMPRESSION_THRESHOLD = 1000;

/** The type code byte that starts each item. */
export const Code = {
  ARRAY: 0x41, // 'A'
  STRUCT: 0x53, // 'S'
  CELL: 0x43, // 'C'
  SPARSE: 0x50, // 'P'
  RECARRAY: 0x46, // 'F'
  NONE: 0xff,
  TUPLE: 0x01,
  LIST: 0x02,
  SET: 0x03,
  DICT: 0x04,
  STR: 0x05,
  BYTES: 0x06,
  INT: 0x0a,
  BOOL: 0x0b,
  COMPLEX: 0x0c,
  FLOAT: 0x0d,
  DECIMAL: 0x64, // 'd'
  DATETIME: 0x74, // 't'
  UUID: 0x75, // 'u'
} as const;

/** Largest byte length of an int item (its length field is a u16). */
export const MAX_INT_BYTES = 0xffff;
