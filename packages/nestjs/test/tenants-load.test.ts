/**
 * Proof under load (issue 11 §3), on each server: three tenants, each its own schema and
 * its own database user with privileges on that schema only; 300 concurrent HTTP requests
 * mixing reads, inserts and populate across them, in thread-safe mode. Afterwards every
 * tenant holds exactly its own rows, no request failed (a request on another tenant's
 * connection would have been refused by the server), the server sessions never exceeded
 * tenants × pool size, and evicting a tenant closed its sessions.
 */
import './thread-safe';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { IncomingMessage } from 'node:http';
import * as dj from 'datajoint';
import { createTenantDatabase, createTestInstance, describeBackends, dropTenantDatabase, serverSessions, type TenantDatabase, type TestBackend } from '@dj/testing';
import { DataJointModule, DataJointTenants, getTenantsToken } from '@dj/nestjs';
import { LabController } from './lab-controller';
import { Session, SessionCount, Subject } from './lab-pipeline';

const TENANTS = 3;
const POOL_SIZE = 4;
const REQUESTS = 300;

/** What request `i` of the load does. */
function requestOf(i: number, base: string): { tenant: string; kind: string; url: string; init: RequestInit } {
  const tenant = `t${i % TENANTS}`;
  const headers = { 'x-tenant': tenant, 'content-type': 'application/json' };
  const slot = i % 10;
  if (slot < 5) return { tenant, kind: 'read', url: `${base}/subjects`, init: { headers } };
  if (slot < 9) return { tenant, kind: 'insert', url: `${base}/subjects`, init: { method: 'POST', headers, body: JSON.stringify({ subject_id: i, sessions: 1 + (i % 3) }) } };
  return { tenant, kind: 'populate', url: `${base}/populate`, init: { method: 'POST', headers } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describeBackends(
  'tenants under load on $name',
  (backend: TestBackend) => {
    let admin: dj.Instance;
    const databases: TenantDatabase[] = [];
    let app: INestApplication | null = null;
    let tenants: DataJointTenants;
    let base: string;

    const databaseOf = (key: string): TenantDatabase => {
      const index = Number(/^t(\d)$/.exec(key)?.[1] ?? NaN);
      const database = databases[index];
      if (!database) throw new dj.DataJointError(`Unknown tenant ${key}`);
      return database;
    };

    beforeAll(async () => {
      admin = await createTestInstance(backend);
      for (let i = 0; i < TENANTS; i += 1) databases.push(await createTenantDatabase(admin, backend, `load_t${i}`));
      const moduleRef = await Test.createTestingModule({
        imports: [
          DataJointModule.forRoot({
            tenants: {
              resolve: (req: IncomingMessage) => req.headers['x-tenant'] as string | undefined,
              instance: (key) => ({ ...databaseOf(key).options, connection__pool_size: POOL_SIZE }),
              schema: (key) => databaseOf(key).schema,
              maxTenants: TENANTS,
            },
          }),
          DataJointModule.forFeature([Subject, Session, SessionCount]),
        ],
        controllers: [LabController],
      }).compile();
      app = moduleRef.createNestApplication({ logger: ['error'] });
      await app.listen(0, '127.0.0.1');
      base = await app.getUrl();
      tenants = app.get(getTenantsToken());
    });

    afterAll(async () => {
      try {
        await app?.close();
      } finally {
        for (const database of databases) await dropTenantDatabase(admin, backend, database).catch((err: unknown) => console.error(err));
        await admin.close();
      }
    });

    it('keeps every tenant on its own connection and rows through 300 concurrent requests', async () => {
      expect(dj.isThreadSafeMode()).toBe(true);
      const users = databases.map((d) => d.user);
      let sampling = true;
      let maxTotal = 0;
      let samples = 0;
      const maxPerUser = Object.fromEntries(users.map((u) => [u, 0]));
      const sampler = (async () => {
        while (sampling) {
          const counts = await serverSessions(admin, backend, users);
          samples += 1;
          maxTotal = Math.max(maxTotal, Object.values(counts).reduce((a, b) => a + b, 0));
          for (const user of users) maxPerUser[user] = Math.max(maxPerUser[user]!, counts[user]!);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();

      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, i) => {
          const { tenant, kind, url, init } = requestOf(i, base);
          const t0 = performance.now();
          const response = await fetch(url, init);
          const body = await response.text();
          return { i, tenant, kind, status: response.status, body, ms: performance.now() - t0 };
        }),
      );
      const wall = performance.now() - started;
      sampling = false;
      await sampler;

      const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
      console.log(
        `[tenants load on ${backend.name}] ${REQUESTS} requests in ${wall.toFixed(0)} ms: ${(REQUESTS / (wall / 1000)).toFixed(0)} requests/s, ` +
          `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; ` +
          `max server sessions ${maxTotal} (per tenant ${Object.values(maxPerUser).join('/')}) over ${samples} samples, limit ${TENANTS} × ${POOL_SIZE} = ${TENANTS * POOL_SIZE}`,
      );

      // no request failed, none with an access error
      const failed = results.filter((r) => r.status >= 300);
      expect(failed.map((r) => `${r.kind} ${r.tenant}: ${r.status} ${r.body}`)).toEqual([]);
      for (const r of results.filter((x) => x.kind === 'insert')) expect(JSON.parse(r.body)).toEqual({ tenant: r.tenant });

      // each tenant holds exactly its own rows
      for (let t = 0; t < TENANTS; t += 1) {
        const key = `t${t}`;
        const tenant = await tenants.get(key);
        const inserted = results.filter((r) => r.kind === 'insert' && r.tenant === key).map((r) => r.i);
        expect(await tenant.get(Subject).toDicts({ orderBy: 'KEY' })).toEqual(inserted.sort((a, b) => a - b).map((id) => ({ subject_id: id, tenant: key })));
        await tenants.run(key, () => SessionCount.populate());
        const counts = await tenant.get(SessionCount).toDicts({ orderBy: 'KEY' });
        expect(counts).toEqual(inserted.map((id) => ({ subject_id: id, n_sessions: 1 + (id % 3), tenant: key })));
      }

      // sessions stayed within the pools: each tenant's own, and all together
      expect(samples).toBeGreaterThan(0);
      expect(Math.max(...Object.values(maxPerUser))).toBeGreaterThan(0);
      for (const user of users) expect(maxPerUser[user]).toBeLessThanOrEqual(POOL_SIZE);
      expect(maxTotal).toBeLessThanOrEqual(TENANTS * POOL_SIZE);
    });

    it("refuses a tenant's user every other tenant's schema", async () => {
      const own = await createTestInstance(backend, databases[0]!.options);
      try {
        const { adapter } = own.connection;
        expect((await own.connection.query(`SELECT COUNT(*) AS n FROM ${adapter.fullTableName(databases[0]!.schema, 'subject')}`)).rows).toHaveLength(1);
        for (const other of databases.slice(1)) {
          await expect(own.connection.query(`SELECT COUNT(*) AS n FROM ${adapter.fullTableName(other.schema, 'subject')}`)).rejects.toThrow(dj.AccessError);
        }
      } finally {
        await own.close();
      }
    });

    it("closes a tenant's server sessions when it is evicted", async () => {
      const user = databases[0]!.user;
      await tenants.get('t0');
      expect((await serverSessions(admin, backend, [user]))[user]).toBeGreaterThan(0);
      await tenants.evict('t0');
      // the server may list a session for a moment after the client has quit it
      let open = -1;
      for (let attempt = 0; attempt < 50 && open !== 0; attempt += 1) {
        open = (await serverSessions(admin, backend, [user]))[user]!;
        if (open !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(open).toBe(0);
      expect(tenants.keys()).not.toContain('t0');
    });
  },
  { only: ['mysql', 'postgresql'] },
);
