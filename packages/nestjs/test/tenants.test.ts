/**
 * DataJointModule with `tenants` on each backend: every request runs in its tenant's scope
 * (classes named directly act on it), tenants get their own Instances on first use, the
 * least recently used is closed past `maxTenants`, and shutdown closes them all.
 */
import './thread-safe';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { DataJointModule, DataJointTenants, getTenantsToken, type TenantOptions } from '@dj/nestjs';
import { LabController } from './lab-controller';
import { lab, Session, SessionCount, Subject } from './lab-pipeline';

describeBackends('DataJointModule tenants on $name', (backend: TestBackend) => {
  const prefix = uniqueSchemaName('nt');
  let admin: dj.Instance;
  let app: INestApplication;
  let tenants: DataJointTenants;
  const made: string[] = [];

  const options: TenantOptions = {
    resolve: (req: IncomingMessage) => req.headers['x-tenant'] as string | undefined,
    instance: async (key) => {
      made.push(key);
      return createTestInstance(backend);
    },
    schema: (key) => `${prefix}_${key}`,
    maxTenants: 2,
  };

  beforeAll(async () => {
    admin = await createTestInstance(backend);
    const moduleRef = await Test.createTestingModule({
      imports: [DataJointModule.forRoot({ tenants: options }), DataJointModule.forFeature([Subject, Session, SessionCount])],
      controllers: [LabController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    tenants = app.get(getTenantsToken());
  });

  afterAll(async () => {
    await app?.close();
    if (backend.name !== 'pglite') {
      for (const key of ['a', 'b', 'c']) await admin.connection.query(admin.connection.adapter.dropSchemaSql(`${prefix}_${key}`));
    }
    await admin.close();
  });

  it('runs each request on its own tenant, concurrently, with classes named directly', async () => {
    const server = app.getHttpServer();
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((id) =>
        request(server)
          .post('/subjects')
          .set('x-tenant', id % 2 ? 'a' : 'b')
          .send({ subject_id: id, sessions: id })
          .expect(201, { tenant: id % 2 ? 'a' : 'b' }),
      ),
    );
    expect(made.sort()).toEqual(['a', 'b']);
    await Promise.all(['a', 'b'].map((key) => request(server).post('/populate').set('x-tenant', key).expect(201)));
    const a = (await request(server).get('/counts').set('x-tenant', 'a').expect(200)).body as dj.Row[];
    const b = (await request(server).get('/counts').set('x-tenant', 'b').expect(200)).body as dj.Row[];
    expect(a).toEqual([1, 3, 5].map((id) => ({ subject_id: id, n_sessions: id, tenant: 'a' })));
    expect(b).toEqual([2, 4, 6].map((id) => ({ subject_id: id, n_sessions: id, tenant: 'b' })));
    // each tenant is its own schema, through its own Instance
    const [ta, tb] = await Promise.all([tenants.get('a'), tenants.get('b')]);
    expect(ta.instance).not.toBe(tb.instance);
    expect(ta.get(Subject).fullTableName).toContain(`${prefix}_a`);
    expect(ta.schema(lab).name).toBe(`${prefix}_a`);
    expect(await tenants.run('b', () => Subject.count())).toBe(3);
  });

  it('leaves a request without a tenant outside every scope', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/health').expect(200)).body).toEqual({ ok: true });
    await request(server).get('/subjects').expect(500);
    expect(() => tenants.current()).toThrow(dj.DataJointError);
  });

  it('refuses a tenant whose schema name is not a plain identifier, and keeps no Instance for it', async () => {
    const before = tenants.keys();
    await request(app.getHttpServer()).get('/subjects').set('x-tenant', 'x`; DROP DATABASE mysql; --').expect(500);
    await expect(tenants.get('x"y')).rejects.toThrow(/tenants\.schema\("x\\"y"\) returned .*letters, digits and underscores/);
    expect(tenants.keys().sort()).toEqual(before.sort());
  });

  it('closes the least recently used tenant past maxTenants, after its requests, and opens it again on demand', async () => {
    const server = app.getHttpServer();
    const held = await tenants.lease('a');
    const a = held.tenant;
    await request(server).get('/subjects').set('x-tenant', 'b').expect(200);
    const b = await tenants.get('b');
    // 'a' is now the least recently used: a third tenant evicts it
    await request(server).get('/subjects').set('x-tenant', 'c').expect(200, []);
    expect(tenants.keys().sort()).toEqual(['b', 'c']);
    // still serving a request: not closed yet
    expect(a.instance.connection.isConnected).toBe(true);
    held.release();
    await new Promise(setImmediate);
    expect(a.instance.connection.isConnected).toBe(false);
    expect(b.instance.connection.isConnected).toBe(true);
    // evict() resolves once closed
    await tenants.evict('b');
    expect(b.instance.connection.isConnected).toBe(false);
    const again = await tenants.get('a');
    expect(again.instance).not.toBe(a.instance);
    if (backend.name !== 'pglite') expect(await again.get(Subject).count()).toBe(3);
  });

  it('gives each tenant key its own Instance', async () => {
    const shared = await createTestInstance(backend);
    const registry = new DataJointTenants({ resolve: () => undefined, instance: () => shared, schema: (key) => `${prefix}_${key}` });
    registry.addTemplate(lab);
    try {
      await registry.get('a');
      await expect(registry.get('b')).rejects.toThrow(/serves another tenant/);
    } finally {
      await registry.close();
    }
    expect(shared.connection.isConnected).toBe(false);
  });

  /** Another app on the same options but `resolve`. */
  async function appResolvingWith(resolve: TenantOptions['resolve']): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [DataJointModule.forRoot({ tenants: { ...options, resolve } }), DataJointModule.forFeature([Subject, Session, SessionCount])],
      controllers: [LabController],
    }).compile();
    const other = moduleRef.createNestApplication({ logger: false });
    await other.init();
    return other;
  }

  it('takes a key that resolve() gives later, and answers a resolve() that throws with an error', async () => {
    const later = await appResolvingWith(async (req: IncomingMessage) => {
      await new Promise(setImmediate);
      return req.headers['x-tenant'] as string | undefined;
    });
    try {
      const server = later.getHttpServer();
      const rows = (await request(server).get('/subjects').set('x-tenant', 'b').expect(200)).body as dj.Row[];
      expect(rows.every((row) => row.tenant === 'b')).toBe(true);
      if (backend.name !== 'pglite') expect(rows).toHaveLength(3); // PGlite: each Instance its own database
      expect((await request(server).get('/health').expect(200)).body).toEqual({ ok: true });
    } finally {
      await later.close();
    }
    const failing = await appResolvingWith(() => {
      throw new Error('no tenant header');
    });
    try {
      await request(failing.getHttpServer()).get('/health').expect(500);
    } finally {
      await failing.close();
    }
  });

  it('closes every tenant at shutdown', async () => {
    const open = await Promise.all(tenants.keys().map((key) => tenants.get(key)));
    expect(open.length).toBeGreaterThan(0);
    await app.close();
    for (const tenant of open) expect(tenant.instance.connection.isConnected).toBe(false);
    expect(tenants.size).toBe(0);
  });
});
