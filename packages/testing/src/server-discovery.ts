/**
 * Finding a MySQL and a PostgreSQL server for a test run, once, in jest's global setup:
 *
 * 1. the URL in `DJ_TEST_MYSQL` / `DJ_TEST_POSTGRES`, when set;
 * 2. the conventional local server — MySQL/MariaDB on 127.0.0.1:3306 as `root` without a
 *    password, PostgreSQL on 127.0.0.1:5432 as `postgres` with trust authentication (what
 *    `docker-compose.yml` sets up) — unless `DJ_TEST_PROBE=off`; `DJ_TEST_MYSQL_PORT` and
 *    `DJ_TEST_POSTGRES_PORT` move the probe to other ports;
 * 3. a container started by testcontainers when a Docker engine answers (`DJ_TEST_DOCKER=off`
 *    skips it);
 * 4. none, with the reason: nothing listening, a rejected login, no Docker engine.
 *
 * Each probe gives up after about two seconds.
 */
import * as net from 'node:net';
import { AccessError, Instance } from 'datajoint';
import { BACKEND_URL_ENV, optionsFromUrl, type BackendName } from './backends';
import { dockerUnavailableReason, startServer, type ProvidedServer } from './containers';
import { withinTime } from './time-limit';

/** A server backend of the test run. */
export type ServerName = Exclude<BackendName, 'pglite'>;

/** Where a server was found, or why none was. */
export type Discovery =
  | { readonly name: ServerName; readonly url: string; readonly source: 'environment' | 'local server' | 'container'; readonly container?: ProvidedServer }
  | { readonly name: ServerName; readonly reason: string };

/** How long a probe of a local server may take. */
export const PROBE_TIMEOUT_MS = 2_000;

/** Environment variables that move the local probe to another port. */
export const PROBE_PORT_ENV = { mysql: 'DJ_TEST_MYSQL_PORT', postgresql: 'DJ_TEST_POSTGRES_PORT' } as const;

/** The conventional local server's URL for `name`, on the port `env` asks for. */
export function localServerUrl(name: ServerName, env: NodeJS.ProcessEnv = process.env): string {
  const port = Number(env[PROBE_PORT_ENV[name]]) || (name === 'mysql' ? 3306 : 5432);
  return name === 'mysql' ? `mysql://root@127.0.0.1:${port}` : `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

/** Resolves once something accepts TCP connections at host:port, or rejects with why not. */
function tcpReachable(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code === 'ECONNREFUSED' ? 'connection refused' : err.message));
    });
  });
}

/**
 * Why the server at `url` cannot be used for tests (`null` when it can): nothing listens,
 * the login is rejected, or it does not answer a query.
 */
export async function probeServer(name: ServerName, url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | null> {
  const options = optionsFromUrl(name, url);
  const where = `${options.host}:${options.port}`;
  try {
    await tcpReachable(String(options.host), Number(options.port), timeoutMs);
  } catch (err) {
    return `no ${name} server at ${where} (${(err as Error).message})`;
  }
  const instance = new Instance({ ...options, loglevel: 'CRITICAL', database__reconnect: false });
  const closing = () => instance.close().catch(() => undefined);
  try {
    await withinTime(instance.connection.connect(), timeoutMs, 'the login');
    await closing();
    return null;
  } catch (err) {
    // Not awaited: a connection attempt still under way ends by its own timeout.
    void closing();
    if (err instanceof AccessError) return `the ${name} server at ${where} rejected the login as ${options.user} (${err.message})`;
    return `the ${name} server at ${where} did not answer (${(err as Error).message})`;
  }
}

/** Finds a server for `name` (see the module comment). */
export async function discoverServer(name: ServerName, env: NodeJS.ProcessEnv = process.env): Promise<Discovery> {
  const given = env[BACKEND_URL_ENV[name]];
  if (given) return { name, url: given, source: 'environment' };
  const reasons: string[] = [];
  if (env.DJ_TEST_PROBE !== 'off') {
    const url = localServerUrl(name, env);
    const problem = await probeServer(name, url);
    if (problem === null) return { name, url, source: 'local server' };
    reasons.push(problem);
  }
  if (env.DJ_TEST_DOCKER !== 'off') {
    const dockerProblem = await dockerUnavailableReason();
    if (dockerProblem === null) {
      try {
        const container = await startServer(name);
        return { name, url: container.url, source: 'container', container };
      } catch (err) {
        reasons.push(`the ${name} container failed to start (${(err as Error).message})`);
      }
    } else {
      reasons.push(dockerProblem);
    }
  }
  if (reasons.length === 0) reasons.push(`${BACKEND_URL_ENV[name]} is not set and probing is off`);
  return { name, reason: reasons.join('; ') };
}
