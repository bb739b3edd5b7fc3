/**
 * A real S3-compatible HTTP server for tests: s3rver on the loopback interface, storing
 * its buckets in a temporary folder. The jest global setup starts one per run and passes
 * its endpoint to the test files through `DJ_TEST_S3_ENDPOINT`; a test file run without
 * that setup starts its own. Set `DJ_TEST_S3_ENDPOINT` (and `DJ_TEST_S3_ACCESS_KEY`,
 * `DJ_TEST_S3_SECRET_KEY`) yourself to test against another server (MinIO, AWS).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

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

/**
 * The server process: s3rver on a free loopback port, reporting the port to its parent and
 * exiting when the parent goes away.
 */
const SERVER_SCRIPT = `
const S3rver = require(process.env.DJ_S3RVER_MODULE);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.env.DJ_S3RVER_DIRECTORY, resetOnClose: true });
server.run().then(({ port }) => process.send({ port }), (error) => { console.error(error); process.exit(1); });
process.on('disconnect', () => server.close().finally(() => process.exit(0)));
`;

/**
 * Starts s3rver on a free loopback port with its data in a new temporary folder, in a
 * process of its own: s3rver's continuation tokens (listings past 1,000 keys) use DES,
 * which Node's OpenSSL 3 offers only with `--openssl-legacy-provider`, a flag the test
 * process should not need.
 */
export async function startS3Server(): Promise<RunningS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), 'dj-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', SERVER_SCRIPT], {
    env: { ...process.env, DJ_S3RVER_MODULE: require.resolve('s3rver'), DJ_S3RVER_DIRECTORY: directory },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited (code ${String(code)}) before it listened`);
  });
  const [message] = (await Promise.race([once(child, 'message'), exited])) as [{ port: number }];
  exited.catch(() => undefined);
  return {
    endpoint: `http://127.0.0.1:${message.port}`,
    accessKey: S3RVER_KEY,
    secretKey: S3RVER_KEY,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exit = once(child, 'exit');
        child.disconnect();
        await exit;
      }
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
