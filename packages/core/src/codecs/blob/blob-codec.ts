/**
 * The built-in `<blob>` codec: any value {@link pack} supports, stored as bytes
 * (LONGBLOB on MySQL, BYTEA on PostgreSQL), readable by datajoint-python and, for the
 * MATLAB-compatible subset, datajoint-matlab.
 */
import { Codec, type CodecContext } from '../codec';
import { unpackAsync } from './blob-reader';
import { assertPackable, packAsync } from './blob-writer';

/**
 * `<blob>`: encodes with {@link pack} (compression on) and decodes with {@link unpack}
 * (no squeeze: MATLAB scalars come back as 1×1 arrays).
 */
export class BlobCodec extends Codec<unknown, Buffer> {
  readonly name = 'blob';

  /** Blobs are bytes in the table, or (`<blob@store>`) content-addressed through `<hash>`. */
  dtype(inStore = false): string {
    return inStore ? '<hash>' : 'bytes';
  }

  /**
   * Serializes a value, compressing blobs over 1000 bytes when that makes them smaller
   * (on the thread pool, so that an insert's blobs are compressed in parallel).
   */
  encode(value: unknown, _context?: CodecContext): Promise<Buffer> {
    return packAsync(value, { compress: true });
  }

  /**
   * Deserializes stored bytes, decompressing on the thread pool (the blobs of a fetch are
   * decompressed in parallel). PostgreSQL drivers may hand back a Uint8Array view rather
   * than a Buffer; both are accepted.
   */
  decode(stored: Buffer | Uint8Array, _context?: CodecContext): Promise<unknown> {
    return unpackAsync(stored);
  }

  /**
   * Throws the error {@link pack} would raise for a value it cannot serialize, such as
   * `Packing object of type <T> currently not supported!`.
   */
  override validate(value: unknown): void {
    assertPackable(value);
  }
}

/** The `<blob>` codec instance (not registered here; registration is wired elsewhere). */
export const blobCodec = new BlobCodec();
