/** Jest global teardown (`globalTeardown: '@dj/testing/global-teardown'`): stops started containers. */
import type { ProvidedServer } from './containers';
import { STARTED_SERVERS_KEY } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const started = ((globalThis as Record<symbol, unknown>)[STARTED_SERVERS_KEY] ?? []) as ProvidedServer[];
  await Promise.all(started.map((server) => server.stop()));
}
