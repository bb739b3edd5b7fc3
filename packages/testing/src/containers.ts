/**
 * Database servers from testcontainers, for machines with a Docker engine and no
 * `DJ_TEST_MYSQL` / `DJ_TEST_POSTGRES`: MySQL 8.0 and PostgreSQL 16.
 */
import type { StartedTestContainer } from 'testcontainers';
import type { BackendName } from './backends';
import { withinTime } from './time-limit';

/** A started server: its URL and a way to stop it. */
export interface ProvidedServer {
  url: string;
  stop(): Promise<void>;
}

/** How long looking for a Docker engine may take. */
const DOCKER_TIMEOUT_MS = 5_000;

/** Resolves to the reason Docker cannot be used, or `null` when it answers. */
export async function dockerUnavailableReason(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withinTime(getContainerRuntimeClient(), DOCKER_TIMEOUT_MS, 'Docker');
    return null;
  } catch (err) {
    return `no Docker engine answered (${(err as Error).message.split('\n')[0]})`;
  }
}

/** Starts a server for `name` in a container. */
export async function startServer(name: Exclude<BackendName, 'pglite'>): Promise<ProvidedServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  let container: StartedTestContainer;
  if (name === 'mysql') {
    container = await new GenericContainer('mysql:8.0')
      .withEnvironment({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' })
      .withExposedPorts(3306)
      .withWaitStrategy(Wait.forLogMessage(/ready for connections.*port: 3306/))
      .start();
    return {
      url: `mysql://root@${container.getHost()}:${container.getMappedPort(3306)}`,
      stop: async () => void (await container.stop()),
    };
  }
  container = await new GenericContainer('postgres:16')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return {
    url: `postgresql://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`,
    stop: async () => void (await container.stop()),
  };
}
