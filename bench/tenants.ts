/**
 * Tenants under HTTP load: the same NestJS application twice, measured with autocannon in
 * the same run. One serves three tenants through `@dj/nestjs` (each request in its
 * tenant's `run()` scope, the classes named directly); the other is a hand-written
 * controller that picks the tenant's raw driver pool (mysql2, pg) and runs the same SQL.
 * Each tenant has its own schema and database user; both apps use pools of the same size.
 * Servers only (PGlite has no users and one connection).
 */
import { Body, Controller, Get, Headers, Inject, Module, NotFoundException, Param, ParseIntPipe, Post, type INestApplication, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import autocannon from 'autocannon';
import * as mysql from 'mysql2/promise';
import { Pool as PgPool } from 'pg';
import * as dj from 'datajoint';
import { createTenantDatabase, createTestInstance, dropTenantDatabase, type TenantDatabase, type TestBackend } from '@dj/testing';
import { DataJointModule } from '@dj/nestjs';
import { benchBackends } from './harness';

const TENANT_COUNT = 3;
const POOL_SIZE = 4;
const SEEDED = 1000;
const CONNECTIONS = 48;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Rounds, the two apps taking turns; the best of each counts (the least disturbed by other work on the machine). */
const ROUNDS = 5;

const lab = dj.Schema();

@lab.table
class Subject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  tenant : varchar(32)
  `;
}

/** The tenants of the run, by key (`t0`, `t1`, ...). */
type Tenants = ReadonlyMap<string, TenantDatabase>;
const TENANTS = Symbol('tenants');

function tenantOf(tenants: Tenants, key: string | undefined): TenantDatabase {
  const tenant = key === undefined ? undefined : tenants.get(key);
  if (!tenant) throw new NotFoundException(`no tenant ${String(key)}`);
  return tenant;
}

@Controller('subjects')
class DataJointSubjects {
  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number): Promise<dj.Row> {
    return Subject.restrict({ subject_id: id }).fetch1();
  }

  @Post()
  async add(@Body() body: { subject_id: number; tenant: string }): Promise<{ ok: true }> {
    await Subject.insert1(body);
    return { ok: true };
  }
}

/** The raw side: a pool per tenant, connected as its user, and the statements DataJoint runs. */
interface RawPool {
  select(id: number): Promise<unknown[]>;
  insert(id: number, tag: string): Promise<void>;
  close(): Promise<void>;
}

function rawPool(backend: TestBackend, tenant: TenantDatabase): RawPool {
  const o = tenant.options as { host: string; port: number; user: string; password: string };
  if (backend.name === 'mysql') {
    const pool = mysql.createPool({ host: o.host, port: o.port, user: o.user, password: o.password, connectionLimit: POOL_SIZE });
    const table = `\`${tenant.schema}\`.\`subject\``;
    return {
      select: async (id) => (await pool.query(`SELECT \`subject_id\`, \`tenant\` FROM ${table} WHERE \`subject_id\` = ?`, [id]))[0] as unknown[],
      insert: async (id, tag) => void (await pool.query(`INSERT INTO ${table} (\`subject_id\`, \`tenant\`) VALUES (?, ?)`, [id, tag])),
      close: () => pool.end(),
    };
  }
  const pool = new PgPool({ host: o.host, port: o.port, user: o.user, password: o.password, database: 'postgres', max: POOL_SIZE });
  const table = `"${tenant.schema}"."subject"`;
  return {
    select: async (id) => (await pool.query(`SELECT "subject_id", "tenant" FROM ${table} WHERE "subject_id" = $1`, [id])).rows,
    insert: async (id, tag) => void (await pool.query(`INSERT INTO ${table} ("subject_id", "tenant") VALUES ($1, $2)`, [id, tag])),
    close: () => pool.end(),
  };
}

class RawPools implements OnApplicationShutdown {
  private readonly pools = new Map<string, RawPool>();
  constructor(
    private readonly backend: TestBackend,
    private readonly tenants: Tenants,
  ) {}

  of(key: string | undefined): RawPool {
    const tenant = tenantOf(this.tenants, key);
    let pool = this.pools.get(tenant.schema);
    if (!pool) {
      pool = rawPool(this.backend, tenant);
      this.pools.set(tenant.schema, pool);
    }
    return pool;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

@Controller('subjects')
class RawSubjects {
  constructor(@Inject(TENANTS) private readonly pools: RawPools) {}

  @Get(':id')
  async one(@Param('id', ParseIntPipe) id: number, @Headers('x-tenant') tenant: string | undefined): Promise<unknown> {
    const rows = await this.pools.of(tenant).select(id);
    if (rows.length !== 1) throw new NotFoundException();
    return rows[0];
  }

  @Post()
  async add(@Body() body: { subject_id: number; tenant: string }, @Headers('x-tenant') tenant: string | undefined): Promise<{ ok: true }> {
    await this.pools.of(tenant).insert(body.subject_id, body.tenant);
    return { ok: true };
  }
}

async function startDataJointApp(tenants: Tenants): Promise<INestApplication> {
  @Module({
    imports: [
      DataJointModule.forRoot({
        tenants: {
          resolve: (req: IncomingMessage) => req.headers['x-tenant'] as string | undefined,
          instance: (key) => ({ ...tenantOf(tenants, key).options, connection__pool_size: POOL_SIZE }),
          schema: (key) => tenantOf(tenants, key).schema,
          maxTenants: TENANT_COUNT,
        },
      }),
      DataJointModule.forFeature([Subject]),
    ],
    controllers: [DataJointSubjects],
  })
  class DataJointApp {}
  const app = await NestFactory.create(DataJointApp, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  return app;
}

async function startRawApp(backend: TestBackend, tenants: Tenants): Promise<INestApplication> {
  @Module({ providers: [{ provide: TENANTS, useValue: new RawPools(backend, tenants) }], controllers: [RawSubjects] })
  class RawApp {}
  const app = await NestFactory.create(RawApp, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  return app;
}

interface Load {
  rate: number;
  p50: number;
  p99: number;
  failed: number;
}

/** autocannon against `url`: requests spread over the tenants, reads of seeded rows or inserts of new ones. */
async function load(url: string, kind: 'read' | 'insert', seconds: number, idBase: number): Promise<Load> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          n += 1;
          const tenant = `t${n % TENANT_COUNT}`;
          const headers = { ...request.headers, 'x-tenant': tenant, 'content-type': 'application/json' };
          if (kind === 'read') return { ...request, method: 'GET', path: `/subjects/${n % SEEDED}`, headers };
          return { ...request, method: 'POST', path: '/subjects', headers, body: JSON.stringify({ subject_id: idBase + n, tenant }) };
        },
      },
    ],
  });
  return { rate: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors };
}

/** Lets the requests autocannon left in flight finish before the next measurement. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}

export async function tenantsBenchmark(): Promise<void> {
  const table: Record<string, string | number>[] = [];
  for (const backend of benchBackends().filter((b) => b.name !== 'pglite')) {
    const admin = await createTestInstance(backend);
    const tenants = new Map<string, TenantDatabase>();
    try {
      for (let i = 0; i < TENANT_COUNT; i += 1) {
        const tenant = await createTenantDatabase(admin, backend, `bench_t${i}`);
        tenants.set(`t${i}`, tenant);
        const inst = await createTestInstance(backend, tenant.options);
        const schema = lab.on(inst, tenant.schema);
        await schema.ready();
        await schema.get(Subject).insert(Array.from({ length: SEEDED }, (_, id) => ({ subject_id: id, tenant: `t${i}` })));
        await inst.close();
      }
      const apps = { datajoint: await startDataJointApp(tenants), raw: await startRawApp(backend, tenants) };
      try {
        let idBase = 1_000_000;
        for (const kind of ['read', 'insert'] as const) {
          const measured: Partial<Record<keyof typeof apps, Load>> = {};
          for (const [, app] of Object.entries(apps)) await load(await app.getUrl(), kind, 1, (idBase += 1_000_000)); // warm-up: pools open, headings loaded
          for (let round = 0; round < ROUNDS; round += 1) {
            for (const [name, app] of Object.entries(apps) as [keyof typeof apps, INestApplication][]) {
              const result = await load(await app.getUrl(), kind, SECONDS, (idBase += 1_000_000));
              const best = measured[name];
              measured[name] = best && best.rate >= result.rate ? { ...best, failed: best.failed + result.failed } : { ...result, failed: result.failed + (best?.failed ?? 0) };
              await settle();
            }
          }
          const { datajoint, raw } = measured as Record<keyof typeof apps, Load>;
          table.push({
            backend: backend.name,
            requests: kind === 'read' ? 'GET one subject' : 'POST a subject',
            'datajoint req/s': Math.round(datajoint.rate),
            'raw req/s': Math.round(raw.rate),
            ratio: Number((datajoint.rate / raw.rate).toFixed(2)),
            'datajoint p50/p99 ms': `${datajoint.p50}/${datajoint.p99}`,
            'raw p50/p99 ms': `${raw.p50}/${raw.p99}`,
            failed: datajoint.failed + raw.failed,
          });
        }
      } finally {
        await apps.datajoint.close();
        await apps.raw.close();
      }
    } finally {
      for (const tenant of tenants.values()) await dropTenantDatabase(admin, backend, tenant);
      await admin.close();
    }
  }
  console.log(`\nNestJS serving ${TENANT_COUNT} tenants (pool ${POOL_SIZE} each, ${CONNECTIONS} connections, best of ${ROUNDS} × ${SECONDS} s): @dj/nestjs vs a raw-driver controller`);
  console.table(table);
}
