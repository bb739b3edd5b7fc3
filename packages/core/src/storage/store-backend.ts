/**
 * The storage-backend interface: what codecs and the garbage collector ask of a store.
 * Paths are relative to the store's root (its `location`, inside its bucket for S3), use
 * `/` separators and are checked by {@link checkStorePath} before any I/O.
 */
import type { Readable } from 'node:stream';
import type { StoreSpec } from './store-spec';

/** Size and modification time of a stored object. */
export interface StoredObjectInfo {
  /** Path relative to the store's root. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** Last modification, when the store reports it. */
  readonly lastModified?: Date;
}

/** A byte range: `start` inclusive, `end` exclusive (omitted: to the end). */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

/** Data a backend can write: bytes, or a stream of bytes (uploaded in parts when large). */
export type StoreWritable = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * A store: a local folder or an S3 bucket. Every method is safe to call concurrently.
 * Reads of a missing object throw `MissingExternalFile`; an unreachable bucket throws
 * `BucketInaccessible`.
 */
export interface StoreBackend {
  /** The store's validated settings. */
  readonly spec: StoreSpec;

  /** URL of a path: `file:///abs/path` or `s3://bucket/location/path`. */
  url(path: string): string;

  /**
   * Writes an object, replacing any previous one. Readers never see a partial object: files
   * are written beside their destination and renamed; S3 objects appear when their
   * (multipart, for large or streamed data) upload completes.
   */
  put(path: string, data: StoreWritable): Promise<void>;

  /** Uploads a local file. */
  putFile(path: string, localFile: string): Promise<void>;

  /** Reads an object (or a byte range of it). */
  get(path: string, range?: ByteRange): Promise<Buffer>;

  /** Streams an object (or a byte range of it). */
  stream(path: string, range?: ByteRange): Promise<Readable>;

  /** Downloads an object to a local file (parent folders are created). */
  getFile(path: string, localFile: string): Promise<void>;

  /** Size and time of an object, or `null` when there is none. */
  head(path: string): Promise<StoredObjectInfo | null>;

  /** Whether an object, or a folder holding objects, exists at the path. */
  exists(path: string): Promise<boolean>;

  /** Every object under a folder prefix (`''`: the whole store), recursively, in no set order. */
  list(prefix: string): AsyncIterable<StoredObjectInfo>;

  /** Deletes an object; `false` when there was none. */
  delete(path: string): Promise<boolean>;

  /** Deletes every object under a folder prefix; returns how many were deleted. */
  deleteFolder(prefix: string): Promise<number>;

  /** Releases connections held by the backend. */
  close(): Promise<void>;
}
