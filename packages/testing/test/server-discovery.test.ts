/**
 * Finding servers without configuration (issue 10): the conventional local servers are
 * probed with a short timeout, a rejected login is told apart from an absent server, and
 * the environment's URL, when given, wins.
 */
import * as net from 'node:net';
import { describeBackends, discoverServer, localServerUrl, probeServer } from '@dj/testing';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('server discovery', () => {
  it('probes the conventional local servers, on the ports the environment names', () => {
    expect(localServerUrl('mysql', {})).toBe('mysql://root@127.0.0.1:3306');
    expect(localServerUrl('postgresql', {})).toBe('postgresql://postgres@127.0.0.1:5432/postgres');
    expect(localServerUrl('mysql', { DJ_TEST_MYSQL_PORT: '3399' })).toBe('mysql://root@127.0.0.1:3399');
    expect(localServerUrl('postgresql', { DJ_TEST_POSTGRES_PORT: '1' })).toBe('postgresql://postgres@127.0.0.1:1/postgres');
  });

  it('reports a port where nothing listens as refused, at once', async () => {
    const port = await closedPort();
    const started = Date.now();
    expect(await probeServer('mysql', `mysql://root@127.0.0.1:${port}`)).toBe(`no mysql server at 127.0.0.1:${port} (connection refused)`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up on a server that accepts connections and never answers', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      expect(await probeServer('postgresql', `postgresql://postgres@127.0.0.1:${port}/postgres`, 300)).toMatch(
        new RegExp(`^the postgresql server at 127\\.0\\.0\\.1:${port} did not answer \\(the login: no answer within 300 ms\\)$`),
      );
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });

  it('uses the URL of the environment without probing', async () => {
    expect(await discoverServer('mysql', { DJ_TEST_MYSQL: 'mysql://someone@elsewhere:1' })).toEqual({
      name: 'mysql',
      url: 'mysql://someone@elsewhere:1',
      source: 'environment',
    });
  });

  it('says why there is no server when probing and Docker are off', async () => {
    expect(await discoverServer('postgresql', { DJ_TEST_PROBE: 'off', DJ_TEST_DOCKER: 'off' })).toEqual({
      name: 'postgresql',
      reason: 'DJ_TEST_POSTGRES is not set and probing is off',
    });
    const port = await closedPort();
    expect(await discoverServer('mysql', { DJ_TEST_MYSQL_PORT: String(port), DJ_TEST_DOCKER: 'off' })).toEqual({
      name: 'mysql',
      reason: `no mysql server at 127.0.0.1:${port} (connection refused)`,
    });
  });
});

describeBackends(
  'probing the test server of $name',
  (backend) => {
    const url = backend.name === 'mysql' ? process.env.DJ_TEST_MYSQL! : process.env.DJ_TEST_POSTGRES!;

    it('accepts the server this run uses', async () => {
      expect(await probeServer(backend.name as 'mysql' | 'postgresql', url)).toBeNull();
    });

    it('tells a rejected login from an absent server', async () => {
      const stranger = new URL(url);
      stranger.username = 'dj_no_such_user';
      const problem = await probeServer(backend.name as 'mysql' | 'postgresql', stranger.toString());
      expect(problem).toMatch(new RegExp(`^the ${backend.name} server at .* rejected the login as dj_no_such_user \\(`));
    });
  },
  { only: ['mysql', 'postgresql'] },
);
