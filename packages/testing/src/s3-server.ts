/**
 * A real S3-compatible HTTP server for tests: s3rver on the loopback interface, storing
 * its buckets in a temporary folder. The jest global setup starts one per run and passes
 * its endpoint to the test files through `DJ_TEST_S3_ENDPOINT`; a test file run without
 * that setup starts its own. Set `DJ_TEST_S3_ENDPOINT` (and `DJ_TEST_S3_ACCESS_KEY`,
 * `DJ_TEST_S3_SECRET_KEY`) yourself to test against another server (MinIO, AWS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import S3rver from 's3rver';

/** Environment variable carrying the test S3 server's endpoint to the test files. */
export const S3_ENDPOINT_ENV = 'DJ_TEST_S3_ENDPOINT';
/** Environment variable carrying the test S3 server's access key. */
export const S3_ACCESS_KEY_ENV = 'DJ_TEST_S3_ACCESS_KEY';
/** Environment variable carrying the test S3 server's secret key. */
export const S3_SECRET_KEY_ENV = 'DJ_TEST_S3_SECRET_KEY';

/** s3rver's fixed credentials. */
const S3RVER_KEY = 'S3RVER';

/** Where a test S3 server listens and how to sign requests for it. */
export interface S3ServerInfo {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** A running s3rver. */
export interface RunningS3Server extends S3ServerInfo {
  stop(): Promise<void>;
}

/** Starts s3rver on a free loopback port with its data in a new temporary folder. */
export async function startS3Server(): Promise<RunningS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), 'dj-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: true });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: S3RVER_KEY,
    secretKey: S3RVER_KEY,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The server named by the environment (set by the global setup), or `null`. */
export function s3ServerFromEnvironment(): S3ServerInfo | null {
  const endpoint = process.env[S3_ENDPOINT_ENV];
  if (!endpoint) return null;
  return {
    endpoint,
    accessKey: process.env[S3_ACCESS_KEY_ENV] ?? S3RVER_KEY,
    secretKey: process.env[S3_SECRET_KEY_ENV] ?? S3RVER_KEY,
  };
}

/** Publishes a server to the test files of this run. */
export function exportS3Server(server: S3ServerInfo): void {
  process.env[S3_ENDPOINT_ENV] = server.endpoint;
  process.env[S3_ACCESS_KEY_ENV] = server.accessKey;
  process.env[S3_SECRET_KEY_ENV] = server.secretKey;
}
