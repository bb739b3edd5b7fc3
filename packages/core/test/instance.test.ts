import { config as globalConfig, Config, DataJointError, Instance } from '@dj/core';
import { createTestInstance, describeBackends, testBackends } from '@dj/testing';

describe('Instance settings', () => {
  it('owns a fresh Config shared with its connection', () => {
    const inst = new Instance({ backend: 'pglite' });
    expect(inst.config).toBeInstanceOf(Config);
    expect(inst.connection.config).toBe(inst.config);
    expect(inst.config).not.toBe(globalConfig);
  });

  it('keeps each Instance and the global config independent', () => {
    const first = new Instance({ backend: 'pglite' });
    const second = new Instance({ backend: 'pglite' });
    const globalLimit = globalConfig.display.limit;
    first.config.display.limit = 25;
    first.config.safemode = false;
    expect(second.config.display.limit).toBe(12);
    expect(second.config.safemode).toBe(true);
    expect(globalConfig.display.limit).toBe(globalLimit);
    globalConfig.display.limit = 3;
    try {
      expect(first.config.display.limit).toBe(25);
      expect(new Instance({ backend: 'pglite' }).config.display.limit).toBe(12);
    } finally {
      globalConfig.display.limit = globalLimit;
    }
  });

  it('applies a__b, nested and top-level overrides', () => {
    const inst = new Instance({
      host: 'h',
      user: 'u',
      password: 'p',
      safemode: false,
      database__reconnect: false,
      display: { limit: 25, width: 30 },
      jobs__keep_completed: true,
    });
    expect(inst.config.safemode).toBe(false);
    expect(inst.config.database.reconnect).toBe(false);
    expect(inst.config.display.limit).toBe(25);
    expect(inst.config.display.width).toBe(30);
    expect(inst.config.jobs.keep_completed).toBe(true);
    expect(inst.config.database.host).toBe('h');
    expect(inst.config.database.user).toBe('u');
  });

  it('rejects unknown overrides and bad values with a DataJointError naming the key', () => {
    expect(() => new Instance({ backend: 'pglite', savemode: false } as never)).toThrow(/Unknown setting 'savemode'/);
    expect(() => new Instance({ backend: 'pglite', database__recconect: false } as never)).toThrow(/database\.recconect/);
    expect(() => new Instance({ backend: 'pglite', display: { limt: 3 } } as never)).toThrow(/display\.limt/);
    expect(() => new Instance({ backend: 'pglite', display__limit: 'many' } as never)).toThrow(DataJointError);
  });

  it('derives the port from the backend, and an explicit port always wins', () => {
    const credentials = { host: 'h', user: 'u', password: '' };
    expect(new Instance({ ...credentials }).config.database.port).toBe(3306);
    expect(new Instance({ ...credentials, backend: 'postgresql' }).config.database.port).toBe(5432);
    expect(new Instance({ ...credentials, backend: 'mysql' }).config.database.port).toBe(3306);
    expect(new Instance({ ...credentials, backend: 'postgresql', port: 6543 }).config.database.port).toBe(6543);
    expect(new Instance({ ...credentials, backend: 'postgresql', database__port: 7000 }).config.database.port).toBe(7000);
  });

  it('requires host, user and password for server backends', () => {
    expect(() => new Instance({ backend: 'mysql', host: 'h' } as never)).toThrow(/requires user, password/);
    expect(() => new Instance({ backend: 'pglite' })).not.toThrow();
  });

  it('gives replica options from which another Instance gets the same settings, password included', () => {
    const inst = new Instance({ host: 'db.example:3307', user: 'alice', password: 's3cret', backend: 'mysql', safemode: false, display: { limit: 7 }, jobs__stale_timeout: 5 });
    const options = inst.connection.replicaOptions();
    expect(() => structuredClone(options)).not.toThrow();
    const replica = new Instance(options);
    expect(replica.config.entries()).toEqual(inst.config.entries());
    expect(replica.config.database.password).toBe('s3cret');
    expect(replica.config.get('jobs.stale_timeout')).toBe(5);
    expect(replica.connection.backend).toBe('mysql');
  });

  it('prints without the password', () => {
    const inst = new Instance({ host: 'db', user: 'alice', password: 'hunter2', backend: 'postgresql' });
    expect(String(inst)).toBe('Instance(DataJoint connection (disconnected) alice@db:5432/postgres)');
    expect(String(inst.config)).not.toContain('hunter2');
  });
});

describe('Instances on several backends in one process', () => {
  const backends = testBackends();

  it('run side by side, each on its own backend and settings', async () => {
    const instances = await Promise.all(
      backends.map((backend, i) => createTestInstance(backend, { display: { limit: 10 + i } })),
    );
    try {
      const answers = await Promise.all(
        instances.map(async (inst) => (await inst.connection.query('SELECT 40 + 2 AS answer')).rows[0]!.answer),
      );
      expect(answers.map(Number)).toEqual(backends.map(() => 42));
      expect(instances.map((inst) => inst.connection.backend)).toEqual(backends.map((b) => b.name));
      expect(instances.map((inst) => inst.config.display.limit)).toEqual(backends.map((_, i) => 10 + i));
    } finally {
      await Promise.all(instances.map((inst) => inst.close()));
    }
  });
});

describeBackends(
  'sessions on $name',
  (backend) => {
    it('run with DataJoint sql_mode', async () => {
      const inst = await createTestInstance(backend);
      try {
        const { rows } = await inst.connection.query<{ mode: string }>('SELECT @@SESSION.sql_mode AS mode');
        const modes = rows[0]!.mode.split(',');
        expect(modes).toEqual(expect.arrayContaining(['STRICT_ALL_TABLES', 'ONLY_FULL_GROUP_BY', 'NO_ZERO_DATE', 'NO_ENGINE_SUBSTITUTION']));
      } finally {
        await inst.close();
      }
    });
  },
  { only: ['mysql'] },
);
