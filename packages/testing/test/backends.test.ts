import { createTestInstance, describeBackends, optionsFromUrl, resolveTestBackends, testBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';

describe('backend discovery', () => {
  it('reads server URLs', () => {
    expect(optionsFromUrl('mysql', 'mysql://root@127.0.0.1:3306')).toEqual({
      backend: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      useTls: false,
    });
    expect(optionsFromUrl('postgresql', 'postgresql://dj:p%40ss@db.local:5433/lab?ssl=true')).toEqual({
      backend: 'postgresql',
      host: 'db.local',
      port: 5433,
      user: 'dj',
      password: 'p@ss',
      useTls: true,
      database__name: 'lab',
    });
  });

  it('always offers PGlite and servers only when their URL is known', () => {
    const { available, unavailable } = resolveTestBackends({ DJ_TEST_MYSQL: 'mysql://root@h:1' });
    expect(available.map((b) => b.name)).toEqual(['pglite', 'mysql']);
    expect(unavailable).toEqual([{ name: 'postgresql', reason: expect.stringContaining('DJ_TEST_POSTGRES is not set') }]);
  });

  it('reports the reason the global setup recorded', () => {
    const { unavailable } = resolveTestBackends({ DJ_TEST_MYSQL_UNAVAILABLE: 'no Docker engine answered' });
    expect(unavailable.find((u) => u.name === 'mysql')?.reason).toBe('no Docker engine answered');
  });

  it('narrows the run with DJ_TEST_BACKENDS', () => {
    const { available, unavailable } = resolveTestBackends({ DJ_TEST_BACKENDS: 'pglite' });
    expect(available.map((b) => b.name)).toEqual(['pglite']);
    expect(unavailable).toEqual([]);
  });

  it('fails instead of skipping when CI=true', () => {
    expect(() => testBackends({ CI: 'true' })).toThrow(/CI=true but database servers are missing/);
    expect(testBackends({ CI: 'true', DJ_TEST_BACKENDS: 'pglite' }).map((b) => b.name)).toEqual(['pglite']);
  });

  it('makes schema names that never repeat', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueSchemaName('Suite Name')));
    expect(names.size).toBe(100);
    for (const name of names) {
      expect(name).toMatch(/^djtest_suite_name_\d+_\d+_\d+_[0-9a-f]{6}$/);
      expect(name.length).toBeLessThanOrEqual(64);
    }
  });
});

const created: Array<{ backend: string; schema: string }> = [];

describeBackends('useTestInstance on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'fixture' });

  it('provides an Instance and an empty schema of its own', async () => {
    const conn = db.instance.connection;
    expect(conn.backend).toBe(backend.name);
    expect(db.instance.config.safemode).toBe(false);
    expect(await conn.introspector.schemaExists(conn, db.schemaName)).toBe(true);
    expect(await conn.introspector.listTables(conn, db.schemaName)).toEqual([]);
    created.push({ backend: backend.name, schema: db.schemaName });
  });
});

describeBackends('after useTestInstance on $name', (backend) => {
  it('has dropped the schema', async () => {
    const inst = await createTestInstance(backend);
    try {
      const schema = created.find((c) => c.backend === backend.name)!.schema;
      expect(await inst.connection.introspector.schemaExists(inst.connection, schema)).toBe(false);
    } finally {
      await inst.close();
    }
  });
}, { only: ['mysql', 'postgresql'] });
