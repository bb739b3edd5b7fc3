/**
 * DataJointModule on each backend: forRoot with Instance options or an Instance,
 * forRootAsync (factory, class, existing provider), forFeature binding template classes
 * to the module's Instance, named connections, token overrides, and shutdown.
 */
import './thread-safe';
import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import * as dj from 'datajoint';
import { createTestInstance, describeBackends, uniqueSchemaName, type TestBackend } from '@dj/testing';
import { DataJointModule, getInstanceToken, getTableToken, InjectInstance, InjectSchema, InjectTable, type DataJointModuleOptions } from '@dj/nestjs';
import { lab, Session, SessionCount, Subject } from './lab-pipeline';

@Controller('subjects')
class SubjectsController {
  constructor(
    @InjectTable(Subject) private readonly subjects: typeof Subject,
    @InjectTable(SessionCount) private readonly counts: typeof SessionCount,
  ) {}

  @Get()
  list(): Promise<dj.Row[]> {
    return this.subjects.toDicts({ orderBy: 'KEY' });
  }

  @Get('populate')
  populate(): Promise<dj.PopulateResult> {
    return this.counts.populate();
  }

  @Get(':id')
  one(@Param('id') id: string): Promise<dj.Row> {
    return this.subjects.restrict({ subject_id: Number(id) }).fetch1();
  }
}

@Injectable()
class Probe {
  constructor(
    readonly instance: dj.Instance,
    @InjectInstance('archive') readonly archive: dj.Instance,
    @InjectSchema(lab) readonly schema: dj.Schema,
    @InjectTable(Subject, 'archive') readonly archivedSubjects: typeof Subject,
  ) {}
}

async function dropSchema(instance: dj.Instance, name: string): Promise<void> {
  await instance.connection.query(instance.connection.adapter.dropSchemaSql(name));
}

describeBackends('DataJointModule on $name', (backend: TestBackend) => {
  let admin: dj.Instance;
  const mainName = uniqueSchemaName('nest_main');
  const archiveName = uniqueSchemaName('nest_archive');

  beforeAll(async () => {
    admin = await createTestInstance(backend);
  });

  afterAll(async () => {
    if (backend.name !== 'pglite') for (const name of [mainName, archiveName]) await dropSchema(admin, name);
    await admin.close();
  });

  it('binds template classes to the Instance of forRoot, serves them over HTTP and closes the Instance at shutdown', async () => {
    // PGlite: the module is given the Instance (its database lives in this process)
    const instance = backend.name === 'pglite' ? admin : undefined;
    const moduleRef = await Test.createTestingModule({
      imports: [
        DataJointModule.forRoot({ instance: instance ?? { ...backend.options, safemode: false, loglevel: 'WARNING' }, schema: mainName, closeOnShutdown: instance === undefined }),
        DataJointModule.forFeature([Subject, SessionCount]),
      ],
      controllers: [SubjectsController],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const inst = app.get<dj.Instance>(getInstanceToken());
    expect(inst).toBeInstanceOf(dj.Instance);
    const subjects = app.get<typeof Subject>(getTableToken(Subject));
    expect(subjects).not.toBe(Subject);
    expect(subjects.prototype).toBeInstanceOf(Subject);
    expect(subjects.fullTableName).toContain(mainName);
    expect(subjects.instance().connection).toBe(inst.connection);

    await subjects.insert([
      { subject_id: 1, tenant: 'main' },
      { subject_id: 2, tenant: 'main' },
    ]);
    await lab.on(inst, mainName).get(Session).insert1({ subject_id: 1, session_idx: 1 });
    const server = app.getHttpServer();
    expect((await request(server).get('/subjects').expect(200)).body).toEqual([
      { subject_id: 1, tenant: 'main' },
      { subject_id: 2, tenant: 'main' },
    ]);
    expect((await request(server).get('/subjects/populate').expect(200)).body).toEqual({ successCount: 2, errorList: [] });
    expect(await app.get<typeof SessionCount>(getTableToken(SessionCount)).toArrays('n_sessions', { orderBy: 'KEY' })).toEqual([[1, 0]]);
    // an unknown subject: fetch1 refuses, Nest answers 500
    await request(server).get('/subjects/99').expect(500);

    await app.close();
    expect(inst.connection.isConnected).toBe(instance !== undefined);
  });

  it('serves named connections side by side, each binding the classes to its own schema', async () => {
    const mainInst = await createTestInstance(backend);
    const archiveInst = await createTestInstance(backend);
    const moduleRef = await Test.createTestingModule({
      imports: [
        DataJointModule.forRoot({ instance: mainInst, schema: mainName }),
        DataJointModule.forRoot({ name: 'archive', instance: archiveInst, schema: () => archiveName }),
        DataJointModule.forFeature([lab]),
        DataJointModule.forFeature([Subject], 'archive'),
      ],
      providers: [Probe],
    }).compile();
    const app = await moduleRef.init();
    const probe = app.get(Probe);
    expect(probe.instance).toBe(mainInst);
    expect(probe.archive).toBe(archiveInst);
    expect(probe.schema).toBe(lab.on(mainInst, mainName));
    expect(probe.archivedSubjects.fullTableName).toContain(archiveName);
    await probe.archivedSubjects.insert1({ subject_id: 7, tenant: 'archive' });
    expect(await probe.archivedSubjects.toArrays('subject_id')).toEqual([[7]]);
    expect(await probe.schema.get(Subject).restrict({ subject_id: 7 }).count()).toBe(0);
    await app.close();
    expect(mainInst.connection.isConnected).toBe(false);
    expect(archiveInst.connection.isConnected).toBe(false);
  });

  it('takes its options from a factory, a class or an existing provider, and lets tests override tokens', async () => {
    const optionsOf = (instance: dj.Instance): DataJointModuleOptions => ({ instance, schema: mainName });

    @Injectable()
    class OptionsFactory {
      instance: dj.Instance | null = null;
      async createDataJointOptions(): Promise<DataJointModuleOptions> {
        this.instance = await createTestInstance(backend);
        return optionsOf(this.instance);
      }
    }
    @Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
    class OptionsModule {}

    const byFactory = await createTestInstance(backend);
    const variants = [
      DataJointModule.forRootAsync({ useFactory: () => optionsOf(byFactory) }),
      DataJointModule.forRootAsync({ useClass: OptionsFactory }),
      DataJointModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
    ];
    for (const root of variants) {
      const app = await (await Test.createTestingModule({ imports: [root, DataJointModule.forFeature([Subject])] }).compile()).init();
      const inst = app.get<dj.Instance>(getInstanceToken());
      expect(app.get<typeof Subject>(getTableToken(Subject)).instance().connection).toBe(inst.connection);
      expect(await app.get<typeof Subject>(getTableToken(Subject)).count()).toBeGreaterThanOrEqual(0);
      await app.close();
      expect(inst.connection.isConnected).toBe(false);
    }

    // a test replaces a table with a stand-in
    const standIn = { toDicts: async () => [{ subject_id: 42, tenant: 'fake' }] };
    const moduleRef = await Test.createTestingModule({
      imports: [DataJointModule.forRoot({ instance: await createTestInstance(backend), schema: mainName }), DataJointModule.forFeature([Subject, SessionCount])],
      controllers: [SubjectsController],
    })
      .overrideProvider(getTableToken(Subject))
      .useValue(standIn)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect((await request(app.getHttpServer()).get('/subjects').expect(200)).body).toEqual([{ subject_id: 42, tenant: 'fake' }]);
    await app.close();
  });

  it('refuses a template without a schema name, and options with neither instance nor tenants', async () => {
    const inst = await createTestInstance(backend);
    try {
      const compiled = Test.createTestingModule({ imports: [DataJointModule.forRoot({ instance: inst, closeOnShutdown: false }), DataJointModule.forFeature([Subject])] }).compile();
      await expect(compiled).rejects.toThrow(dj.DataJointError);
      await expect(
        Test.createTestingModule({ imports: [DataJointModule.forRoot({ instance: inst, closeOnShutdown: false }), DataJointModule.forFeature([Subject])] }).compile(),
      ).rejects.toThrow(/pass `schema`/);
      await expect(Test.createTestingModule({ imports: [DataJointModule.forRootAsync({ useFactory: () => ({}) as DataJointModuleOptions })] }).compile()).rejects.toThrow(
        /needs `instance` \(an Instance or its options\) or `tenants`/,
      );
    } finally {
      await inst.close();
    }
  });
});
