/**
 * Jest global setup (`globalSetup: '@dj/testing/global-setup'`): prepares the PGlite
 * snapshot and, for MySQL and PostgreSQL without a URL in the environment, starts
 * containers when a Docker engine answers. URLs and reasons reach the test workers
 * through environment variables.
 */
import { BACKEND_URL_ENV, UNAVAILABLE_ENV, type BackendName } from './backends';
import { dockerUnavailableReason, startServer, type ProvidedServer } from './containers';
import { ensurePgliteTemplate } from './pglite-template';

/** Servers started here, stopped by the global teardown (same process). */
export const STARTED_SERVERS_KEY = Symbol.for('@dj/testing/started-servers');

export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
  const missing = (['mysql', 'postgresql'] as const).filter((name) => !process.env[BACKEND_URL_ENV[name]]);
  if (missing.length === 0) return;
  const dockerProblem = await dockerUnavailableReason();
  const started: ProvidedServer[] = [];
  for (const name of missing as Array<Exclude<BackendName, 'pglite'>>) {
    if (dockerProblem) {
      process.env[UNAVAILABLE_ENV[name]] = `${BACKEND_URL_ENV[name]} is not set and ${dockerProblem}`;
      continue;
    }
    try {
      const server = await startServer(name);
      started.push(server);
      process.env[BACKEND_URL_ENV[name]] = server.url;
    } catch (err) {
      process.env[UNAVAILABLE_ENV[name]] = `the ${name} container failed to start: ${(err as Error).message}`;
    }
  }
  (globalThis as Record<symbol, unknown>)[STARTED_SERVERS_KEY] = started;
  const reasons = missing.map((name) => process.env[UNAVAILABLE_ENV[name]]).filter(Boolean);
  if (reasons.length > 0) process.stderr.write(`\n[@dj/testing] ${reasons.join('\n[@dj/testing] ')}\n`);
}
