/**
 * The lab's API end to end, on every backend the run can reach (PGlite always, MySQL and
 * PostgreSQL when a server answers), in thread-safe mode: HTTP requests through the
 * NestJS application, with DataJoint bound to a fresh schema per suite.
 */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, uniqueSchemaName } from '@dj/testing';
import { AppModule } from '../src/app.module';

describeBackends('the lab API on $name', (backend) => {
  const schema = uniqueSchemaName('nest_example');
  let instance: dj.Instance;
  let app: INestApplication;

  beforeAll(async () => {
    instance = await createTestInstance(backend);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ instance, schema, closeOnShutdown: false })] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await instance.connection.query(instance.connection.adapter.dropSchemaSql(schema));
    await instance.close();
  });

  it('runs in thread-safe mode', () => {
    expect(dj.isThreadSafeMode()).toBe(true);
    expect(() => dj.config.safemode).toThrow(dj.ThreadSafetyError);
  });

  it('lists and inserts subjects, refusing rows the definition does not allow', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/subjects').expect(200)).body).toEqual([]);
    expect((await request(server).post('/subjects').send({ subject_id: 1, species: 'mouse' }).expect(201)).body).toEqual({ subject_id: 1, species: 'mouse' });
    await request(server).post('/subjects').send({ subject_id: 2, species: 'rat' }).expect(201);
    const refused = await request(server).post('/subjects').send({ subject_id: 3, species: 'cat' }).expect(400);
    expect(refused.body.message).toMatch(/species/);
    await request(server).post('/subjects').send({ subject_id: 1, species: 'rat' }).expect(400);
    await request(server).post('/subjects').send({ subject_id: 4, species: 'rat', color: 'grey' }).expect(400);
    expect((await request(server).get('/subjects').expect(200)).body).toEqual([
      { subject_id: 1, species: 'mouse' },
      { subject_id: 2, species: 'rat' },
    ]);
  });

  it('adds sessions and populates the hit rates', async () => {
    const server = app.getHttpServer();
    await request(server).post('/subjects/1/sessions').send({ session_idx: 1, trials: 10, hits: 7 }).expect(201, { sessions: 1 });
    await request(server).post('/subjects/1/sessions').send({ session_idx: 2, trials: 10, hits: 9 }).expect(201, { sessions: 2 });
    await request(server).post('/subjects/2/sessions').send({ session_idx: 1, trials: 4, hits: 1 }).expect(201, { sessions: 1 });
    // no such subject: the foreign key refuses it
    await request(server).post('/subjects/9/sessions').send({ session_idx: 1, trials: 1, hits: 1 }).expect(400);
    expect((await request(server).post('/hit-rates/populate').expect(201)).body).toEqual({ computed: 2, failed: 0 });
    expect((await request(server).post('/hit-rates/populate').expect(201)).body).toEqual({ computed: 0, failed: 0 });
    expect((await request(server).get('/hit-rates').expect(200)).body).toEqual([
      { subject_id: 1, sessions: 2, rate: 0.8 },
      { subject_id: 2, sessions: 1, rate: 0.25 },
    ]);
  });

  it('previews the cascade of deleting a subject without deleting it', async () => {
    const preview = (await request(app.getHttpServer()).get('/subjects/1/delete-preview').expect(200)).body as Record<string, number>;
    const { adapter } = instance.connection;
    expect(preview).toEqual({
      [adapter.fullTableName(schema, 'subject')]: 1,
      [adapter.fullTableName(schema, 'session')]: 2,
      [adapter.fullTableName(schema, '__hit_rate')]: 1,
    });
    expect((await request(app.getHttpServer()).get('/subjects').expect(200)).body).toHaveLength(2);
  });

  it('serves the diagram of the pipeline as SVG', async () => {
    const response = await request(app.getHttpServer()).get('/diagram.svg').expect(200).expect('content-type', /image\/svg\+xml/);
    const svg = String(response.text ?? response.body);
    expect(svg).toMatch(/^<svg|<\?xml/);
    for (const name of ['Subject', 'Session', 'HitRate']) expect(svg).toContain(name);
  });
});
