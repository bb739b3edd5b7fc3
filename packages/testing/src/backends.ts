/**
 * Which database backends a test run can reach. PGlite is always there; MySQL and
 * PostgreSQL come from `DJ_TEST_MYSQL` / `DJ_TEST_POSTGRES` (connection URLs), which the
 * global setup fills in when it finds a server (see server-discovery.ts), or else records
 * why there is none. `DJ_TEST_BACKENDS` (a comma list) narrows the run. With `CI=true` an
 * unreachable server is an error, not a skip.
 */
import type { MysqlInstanceOptions, PgliteInstanceOptions, PostgresInstanceOptions } from 'datajoint';

/** The embedded backend of a run; a PGlite database is made per Instance. */
export interface PgliteTestBackend {
  readonly name: 'pglite';
  /** Instance options: the backend only. */
  readonly options: Readonly<PgliteInstanceOptions>;
}

/** A reachable server of a run and the Instance options that connect to it. */
export type ServerTestBackend =
  | {
      readonly name: 'mysql';
      /** Instance options: backend and credentials. */
      readonly options: Readonly<MysqlInstanceOptions>;
    }
  | {
      readonly name: 'postgresql';
      /** Instance options: backend, credentials and database. */
      readonly options: Readonly<PostgresInstanceOptions>;
    };

/** A reachable backend and the Instance options that connect to it (their type follows `name`). */
export type TestBackend = PgliteTestBackend | ServerTestBackend;

/** The backends a suite can run on. */
export type BackendName = TestBackend['name'];

/** The test backend named `N`. */
export type TestBackendNamed<N extends BackendName> = Extract<TestBackend, { readonly name: N }>;

/** A backend that cannot be used in this run, and why. */
export interface UnavailableBackend {
  readonly name: BackendName;
  readonly reason: string;
}

/** Environment variables holding the server URLs. */
export const BACKEND_URL_ENV = { mysql: 'DJ_TEST_MYSQL', postgresql: 'DJ_TEST_POSTGRES' } as const;

/** Set by the global setup when a server could not be provided, with the reason. */
export const UNAVAILABLE_ENV = { mysql: 'DJ_TEST_MYSQL_UNAVAILABLE', postgresql: 'DJ_TEST_POSTGRES_UNAVAILABLE' } as const;

const ALL: readonly BackendName[] = ['pglite', 'mysql', 'postgresql'];

/**
 * Instance options from a URL such as `mysql://root@127.0.0.1:3306` or
 * `postgresql://postgres:secret@127.0.0.1:5432/postgres?ssl=true`. TLS is off unless the
 * URL asks for it with `ssl=true`.
 */
export function optionsFromUrl<N extends ServerTestBackend['name']>(name: N, url: string): TestBackendNamed<N>['options'];
export function optionsFromUrl(name: ServerTestBackend['name'], url: string): ServerTestBackend['options'] {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const ssl = parsed.searchParams.get('ssl');
  const server = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : name === 'mysql' ? 3306 : 5432,
    user: decodeURIComponent(parsed.username) || (name === 'mysql' ? 'root' : 'postgres'),
    password: decodeURIComponent(parsed.password),
    useTls: ssl === 'true' || ssl === '1',
  };
  return name === 'mysql' ? { backend: name, ...server } : { backend: name, ...server, ...(database ? { database__name: database } : {}) };
}

/** The backends this run is asked to test (`DJ_TEST_BACKENDS`, default all). */
export function requestedBackends(env: NodeJS.ProcessEnv = process.env): readonly BackendName[] {
  const list = env.DJ_TEST_BACKENDS;
  if (!list) return ALL;
  return list.split(',').map((s) => s.trim()).filter((s): s is BackendName => (ALL as string[]).includes(s));
}

/** Sorts the backends of this run into reachable and unavailable ones. */
export function resolveTestBackends(env: NodeJS.ProcessEnv = process.env): {
  available: TestBackend[];
  unavailable: UnavailableBackend[];
} {
  const available: TestBackend[] = [];
  const unavailable: UnavailableBackend[] = [];
  for (const name of requestedBackends(env)) {
    if (name === 'pglite') {
      available.push({ name, options: { backend: 'pglite' } });
      continue;
    }
    const url = env[BACKEND_URL_ENV[name]];
    if (url) {
      available.push(name === 'mysql' ? { name, options: optionsFromUrl(name, url) } : { name, options: optionsFromUrl(name, url) });
    } else {
      const reason = env[UNAVAILABLE_ENV[name]] ?? `${BACKEND_URL_ENV[name]} is not set and the global setup found no ${name} server`;
      unavailable.push({ name, reason });
    }
  }
  return { available, unavailable };
}

/** The error a run with `CI=true` raises when servers are missing. */
export function missingServersError(unavailable: readonly UnavailableBackend[]): Error {
  const lines = unavailable.map((u) => `${u.name}: ${u.reason}`);
  return new Error(`CI=true but database servers are missing:\n  ${lines.join('\n  ')}`);
}

/**
 * The reachable backends, for suites that iterate them themselves. Unreachable servers are
 * left out (the global setup has said why, once), except with `CI=true`, where they fail
 * the run. Prefer {@link describeBackends}, which reports them as skipped.
 */
export function testBackends(env: NodeJS.ProcessEnv = process.env): TestBackend[] {
  const { available, unavailable } = resolveTestBackends(env);
  if (unavailable.length > 0 && env.CI === 'true') throw missingServersError(unavailable);
  return available;
}
