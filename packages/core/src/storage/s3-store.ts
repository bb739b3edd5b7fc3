/**
 * A store in an S3-compatible bucket: `protocol: 's3'` (AWS S3, MinIO, Ceph, …). Objects are
 * keys `{location}/{path}` in `bucket`. Large and streamed writes are multipart uploads.
 * The AWS SDK is loaded by a store's first request: importing DataJoint without S3 stores
 * does not pay for it (it is the largest library DataJoint loads).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createReadStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { BucketInaccessible, DataJointError, MissingExternalFile } from '../errors';
import { streamToFile } from './local-file';
import type { ByteRange, StoreBackend, StoredObjectInfo, StoreWritable } from './store-backend';
import { checkStorePath, checkStorePrefix, joinStorePath } from './store-path';
import type { S3StoreSpec } from './store-spec';

/** Buffers up to this size go up in one PUT; larger ones and streams go in parts. */
const SINGLE_PUT_LIMIT = 16 * 1024 * 1024;
/** Part size of multipart uploads (S3's minimum is 5 MiB). */
const PART_SIZE = 8 * 1024 * 1024;
/** Parts uploaded at once per object. */
const UPLOAD_CONCURRENCY = 4;
/** Most keys one DeleteObjects request takes. */
const DELETE_BATCH = 1000;

const BUCKET_ERRORS = new Set(['NoSuchBucket', 'AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AllAccessDisabled']);

/** The SDK's error name (an `S3ServiceException`'s is the S3 error code). */
function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** The system error code of a failed connection, which the SDK may wrap. */
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const message = (error as Error | null)?.message ?? '';
  return /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b/.exec(message)?.[1];
}

/** The endpoint URL of a spec: `endpoint` as given when it has a scheme, else by `secure`. */
export function s3EndpointUrl(spec: S3StoreSpec): string {
  return /^https?:\/\//i.test(spec.endpoint) ? spec.endpoint : `${spec.secure ? 'https' : 'http'}://${spec.endpoint}`;
}

type S3Sdk = typeof import('@aws-sdk/client-s3');
type UploadLibrary = typeof import('@aws-sdk/lib-storage');

let sdkLoading: Promise<S3Sdk> | undefined;
let uploadLoading: Promise<UploadLibrary> | undefined;

/** The AWS S3 SDK, loaded once per process. */
function s3Sdk(): Promise<S3Sdk> {
  return (sdkLoading ??= import('@aws-sdk/client-s3'));
}

/** The SDK's multipart upload helper, loaded with the first upload that needs parts. */
function uploadLibrary(): Promise<UploadLibrary> {
  return (uploadLoading ??= import('@aws-sdk/lib-storage'));
}

/** The SDK and the store's client, made on the store's first request. */
interface Connected {
  readonly sdk: S3Sdk;
  readonly client: S3Client;
}

/** A bucket store. */
export class S3Store implements StoreBackend {
  readonly spec: S3StoreSpec;
  private connected: Promise<Connected> | null = null;
  private readonly keyPrefix: string;
  private readonly listPageSize: number | undefined;

  /**
   * @param options.listPageSize keys per listing request (default: the server's, 1,000 on S3);
   *   listings past a page continue with the server's continuation token.
   */
  constructor(spec: S3StoreSpec, options: { listPageSize?: number } = {}) {
    this.spec = spec;
    this.listPageSize = options.listPageSize;
    this.keyPrefix = joinStorePath(spec.location);
  }

  /** The SDK client (path-style addressing, as S3-compatible servers expect), made once. */
  private connect(): Promise<Connected> {
    this.connected ??= s3Sdk().then((sdk) => {
      const spec = this.spec;
      const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
      const client = new sdk.S3Client({
        endpoint: s3EndpointUrl(spec),
        region,
        forcePathStyle: true,
        // Without keys the SDK's default chain applies (environment, profile, instance role).
        ...(spec.accessKey !== null && spec.secretKey !== null
          ? { credentials: { accessKeyId: spec.accessKey, secretAccessKey: spec.secretKey } }
          : {}),
      });
      return { sdk, client };
    });
    return this.connected;
  }

  /** Bucket key of a store path. */
  key(path: string): string {
    return joinStorePath(this.keyPrefix, checkStorePath(path));
  }

  url(path: string): string {
    return `s3://${this.spec.bucket}/${this.key(path)}`;
  }

  async put(path: string, data: StoreWritable): Promise<void> {
    const Key = this.key(path);
    const Bucket = this.spec.bucket;
    try {
      const { sdk, client } = await this.connect();
      if (data instanceof Uint8Array && data.byteLength <= SINGLE_PUT_LIMIT) {
        await client.send(new sdk.PutObjectCommand({ Bucket, Key, Body: data }));
        return;
      }
      const Body = data instanceof Uint8Array || data instanceof Readable ? data : Readable.from(data);
      const { Upload } = await uploadLibrary();
      await new Upload({
        client,
        params: { Bucket, Key, Body },
        partSize: PART_SIZE,
        queueSize: UPLOAD_CONCURRENCY,
        leavePartsOnError: false,
      }).done();
    } catch (error) {
      throw this.translate(error, path);
    }
  }

  async putFile(path: string, localFile: string): Promise<void> {
    const { size } = await fsp.stat(localFile);
    if (size <= SINGLE_PUT_LIMIT) await this.put(path, await fsp.readFile(localFile));
    else await this.put(path, createReadStream(localFile));
  }

  async get(path: string, range?: ByteRange): Promise<Buffer> {
    if (range && range.end !== undefined && range.end <= range.start) return Buffer.alloc(0);
    const body = await this.stream(path, range);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async stream(path: string, range?: ByteRange): Promise<Readable> {
    const Range = range ? `bytes=${range.start}-${range.end === undefined ? '' : range.end - 1}` : undefined;
    try {
      const { sdk, client } = await this.connect();
      const response = await client.send(new sdk.GetObjectCommand({ Bucket: this.spec.bucket, Key: this.key(path), Range }));
      const body = response.Body;
      if (!(body instanceof Readable)) throw new DataJointError(`Unexpected S3 response body for ${this.url(path)}`);
      return body;
    } catch (error) {
      // A range starting at or past the end of the object reads nothing.
      if (range && errorName(error) === 'InvalidRange') return Readable.from([]);
      throw this.translate(error, path);
    }
  }

  async getFile(path: string, localFile: string): Promise<void> {
    await streamToFile(await this.stream(path), localFile);
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    try {
      const { sdk, client } = await this.connect();
      const response = await client.send(new sdk.HeadObjectCommand({ Bucket: this.spec.bucket, Key: this.key(path) }));
      return { path, size: response.ContentLength ?? 0, lastModified: response.LastModified };
    } catch (error) {
      if (statusOf(error) === 404 && errorName(error) !== 'NoSuchBucket') return null;
      throw this.translate(error, path);
    }
  }

  async exists(path: string): Promise<boolean> {
    if (await this.head(path)) return true;
    const response = await this.listPage(`${this.key(path)}/`, undefined, 1);
    return (response.KeyCount ?? 0) > 0;
  }

  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    const checked = checkStorePrefix(prefix);
    const folder = joinStorePath(this.keyPrefix, checked);
    const keyPrefix = folder === '' ? '' : `${folder}/`;
    const strip = this.keyPrefix === '' ? 0 : this.keyPrefix.length + 1;
    let token: string | undefined;
    do {
      const page = await this.listPage(keyPrefix, token, this.listPageSize);
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { path: object.Key.slice(strip), size: object.Size ?? 0, lastModified: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(path: string): Promise<boolean> {
    // S3 deletes are idempotent and do not say whether the key existed.
    if (!(await this.head(path))) return false;
    try {
      const { sdk, client } = await this.connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.spec.bucket, Key: this.key(path) }));
      return true;
    } catch (error) {
      throw this.translate(error, path);
    }
  }

  async deleteFolder(prefix: string): Promise<number> {
    const checked = checkStorePrefix(prefix);
    if (checked === '') throw new DataJointError('Refusing to delete the whole store');
    let batch: string[] = [];
    let count = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      try {
        const { sdk, client } = await this.connect();
        await client.send(new sdk.DeleteObjectsCommand({
          Bucket: this.spec.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }));
      } catch (error) {
        throw this.translate(error, checked);
      }
      count += batch.length;
      batch = [];
    };
    for await (const object of this.list(checked)) {
      batch.push(this.key(object.path));
      if (batch.length >= DELETE_BATCH) await flush();
    }
    await flush();
    return count;
  }

  async close(): Promise<void> {
    const connected = this.connected;
    this.connected = null;
    if (connected) (await connected.catch(() => null))?.client.destroy();
  }

  private async listPage(Prefix: string, ContinuationToken?: string, MaxKeys?: number) {
    try {
      const { sdk, client } = await this.connect();
      return await client.send(new sdk.ListObjectsV2Command({ Bucket: this.spec.bucket, Prefix, ContinuationToken, MaxKeys }));
    } catch (error) {
      throw this.translate(error, Prefix);
    }
  }

  private translate(error: unknown, path: string): unknown {
    if (error instanceof DataJointError) return error;
    const name = errorName(error);
    if (name === 'NoSuchKey' || name === 'NotFound') {
      return new MissingExternalFile(`Missing external file ${this.spec.bucket}/${joinStorePath(this.keyPrefix, path)}`, { cause: error });
    }
    if ((name !== undefined && BUCKET_ERRORS.has(name)) || statusOf(error) === 403) {
      return new BucketInaccessible(
        `Inaccessible s3 bucket ${this.spec.bucket} at ${s3EndpointUrl(this.spec)} (config.stores["${this.spec.name}"]): ${name ?? 'error'}`,
        { cause: error },
      );
    }
    const code = networkErrorCode(error);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new BucketInaccessible(`Cannot reach s3 endpoint ${s3EndpointUrl(this.spec)} (config.stores["${this.spec.name}"]): ${code}`, { cause: error });
    }
    return error;
  }
}
