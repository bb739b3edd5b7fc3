/**
 * Jest global setup (`globalSetup: '@dj/testing/global-setup'`): prepares the PGlite
 * snapshot and finds a MySQL and a PostgreSQL server once for the whole run (see
 * server-discovery.ts). Their URLs, or the reasons there are none, reach the test files
 * through environment variables; the outcome is printed once.
 */
import { BACKEND_URL_ENV, UNAVAILABLE_ENV, missingServersError, requestedBackends } from './backends';
import type { ProvidedServer } from './containers';
import { ensurePgliteTemplate } from './pglite-template';
import { exportS3Server, s3ServerFromEnvironment, startS3Server } from './s3-server';
import { discoverServer, type ServerName } from './server-discovery';

/** Servers started here, stopped by the global teardown (same process). */
export const STARTED_SERVERS_KEY = Symbol.for('@dj/testing/started-servers');

export default async function globalSetup(): Promise<void> {
  const servers = requestedBackends().filter((name): name is ServerName => name !== 'pglite');
  // Probes first: they are bounded by timers, which PGlite's start-up would hold up.
  const found = await Promise.all(servers.map((name) => discoverServer(name)));
  await ensurePgliteTemplate();
  const started: ProvidedServer[] = [];
  const lines: string[] = [];
  for (const discovery of found) {
    if ('url' in discovery) {
      process.env[BACKEND_URL_ENV[discovery.name]] = discovery.url;
      if (discovery.container) started.push(discovery.container);
      if (discovery.source !== 'environment') lines.push(`${discovery.name}: ${discovery.source} ${discovery.url}`);
    } else {
      process.env[UNAVAILABLE_ENV[discovery.name]] = discovery.reason;
      lines.push(`${discovery.name}: ${process.env.CI === 'true' ? 'missing' : 'suites skipped'}, ${discovery.reason}`);
    }
  }
  // The S3 server of the store tests: one per run, on loopback, unless one is configured.
  // The AWS SDK's notice that its 2027 releases need Node 22 would fill every test log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (!s3ServerFromEnvironment()) {
    const s3 = await startS3Server();
    exportS3Server(s3);
    started.push({ url: s3.endpoint, stop: () => s3.stop() });
  }
  (globalThis as Record<symbol, unknown>)[STARTED_SERVERS_KEY] = started;
  if (lines.length > 0) process.stderr.write(`\n[@dj/testing] ${lines.join('\n[@dj/testing] ')}\n`);
  const missing = found.flatMap((d) => ('reason' in d ? [{ name: d.name, reason: d.reason }] : []));
  if (missing.length > 0 && process.env.CI === 'true') throw missingServersError(missing);
}
