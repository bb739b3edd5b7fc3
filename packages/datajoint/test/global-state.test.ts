import * as dj from 'datajoint';

describe('global state without thread-safe mode', () => {
  const saved = dj.config.clone();

  afterEach(() => {
    for (const key of ['database.host', 'database.user', 'database.password', 'database.backend', 'database.port'] as const) {
      dj.config.set(key, saved.get(key) as never);
    }
  });

  it('exposes the global Config as dj.config', () => {
    expect(dj.config).toBeInstanceOf(dj.Config);
    expect(dj.isThreadSafeMode()).toBe(false);
  });

  it('builds dj.conn() lazily from dj.config, once, until reset', async () => {
    dj.config.database.user = null;
    expect(() => dj.conn({ reset: true })).toThrow(/Database user not configured/);
    dj.config.database.backend = 'pglite';
    const first = dj.conn({ reset: true });
    expect(first.config).toBe(dj.config);
    expect(dj.conn()).toBe(first);
    expect((await first.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const second = dj.conn({ reset: true });
    expect(second).not.toBe(first);
    expect(dj.conn()).toBe(second);
    await second.close();
  });

  it('passes credentials given to dj.conn() without writing them to dj.config', () => {
    dj.config.database.backend = 'mysql';
    const connection = dj.conn({ reset: true, host: 'elsewhere', user: 'someone', password: 'pw' });
    expect(String(connection)).toBe('DataJoint connection (disconnected) someone@elsewhere:3306');
    expect(dj.config.database.user).toBe(saved.database.user);
    void connection.close();
  });
});
