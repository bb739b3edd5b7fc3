/**
 * Each backend takes its own options and settings: those of another backend are refused
 * when an Instance (or Connection) is built, naming the option as it was written, and its
 * own reach its driver.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Config, Connection, DataJointError, Instance, setLogSink, type InstanceOptions } from '@dj/core';
import { createTestInstance, describeBackends, type BackendName } from '@dj/testing';

/** Options foreign to each backend, each as written, and the backends that read it. */
const FOREIGN: Record<BackendName, Array<[written: string, options: Record<string, unknown>, readers: string]>> = {
  pglite: [
    ['host', { host: 'db.example' }, 'mysql and postgresql'],
    ['user', { user: 'alice' }, 'mysql and postgresql'],
    ['password', { password: '' }, 'mysql and postgresql'],
    ['port', { port: 5432 }, 'mysql and postgresql'],
    ['useTls', { useTls: false }, 'mysql and postgresql'],
    ['database__host', { database__host: 'db.example' }, 'mysql and postgresql'],
    ['database.use_tls', { database: { use_tls: true } }, 'mysql and postgresql'],
    ['database__name', { database__name: 'lab' }, 'postgresql'],
    ['connection.charset', { connection: { charset: 'utf8mb4' } }, 'mysql'],
  ],
  mysql: [
    ['pglite', { pglite: {} }, 'pglite'],
    ['database__pglite_dir', { database__pglite_dir: '/tmp/lab' }, 'pglite'],
    ['database__name', { database__name: 'lab' }, 'postgresql'],
    ['database.name', { database: { name: 'lab' } }, 'postgresql'],
  ],
  postgresql: [
    ['pglite', { pglite: {} }, 'pglite'],
    ['database.pglite_dir', { database: { pglite_dir: null } }, 'pglite'],
    ['connection__charset', { connection__charset: 'utf8mb4' }, 'mysql'],
  ],
};

describeBackends('options of another backend on $name', (backend) => {
  it.each(FOREIGN[backend.name])('refuses %s, naming it as written', (written, foreign, readers) => {
    // the compiler refuses these too (instance-options.types.ts): past it, the constructor must
    const options = { ...backend.options, ...foreign } as never;
    const message = `Option '${written}' does not apply to the ${backend.name} backend: only ${readers} read${readers.includes(' and ') ? '' : 's'} it.`;
    expect(() => new Instance(options)).toThrow(DataJointError);
    expect(() => new Instance(options)).toThrow(message);
  });

  it('refuses them when the backend comes from the settings too, and on a Connection', () => {
    const [written, foreign] = FOREIGN[backend.name][0]!;
    const { backend: name, ...rest } = backend.options;
    const options = { ...rest, database__backend: name, ...foreign } as never;
    expect(() => new Instance(options)).toThrow(`Option '${written}' does not apply to the ${backend.name} backend`);
    const config = new Config({ database__backend: name });
    const connectionOption = FOREIGN[backend.name].find(([, option]) => 'pglite' in option || 'host' in option)!;
    expect(() => new Connection(config, connectionOption[1] as never)).toThrow(`Option '${connectionOption[0]}' does not apply`);
  });

  it('only warns about them when the environment chose the backend', async () => {
    // a program may pass server credentials whichever backend DJ_BACKEND picks
    const [written, foreign, readers] = FOREIGN[backend.name][0]!;
    const { backend: name, ...rest } = backend.options;
    const warnings: string[] = [];
    const saved = process.env.DJ_BACKEND;
    process.env.DJ_BACKEND = name;
    setLogSink((level, message) => void (level === 'WARNING' && warnings.push(message)));
    try {
      const inst = new Instance({ ...rest, ...foreign } as never);
      expect(inst.connection.backend).toBe(backend.name);
      const verb = readers.includes(' and ') ? 'read' : 'reads';
      expect(warnings).toContain(`Option '${written}' does not apply to the ${backend.name} backend: only ${readers} ${verb} it. It is ignored.`);
      await inst.close();
    } finally {
      setLogSink(null);
      if (saved === undefined) delete process.env.DJ_BACKEND;
      else process.env.DJ_BACKEND = saved;
    }
  });

  it('takes an option given as undefined as not given', () => {
    const [written] = FOREIGN[backend.name][0]!;
    expect(() => new Instance({ ...backend.options, [written]: undefined } as InstanceOptions)).not.toThrow();
  });

  it('builds a replica from the options of its own backend only', async () => {
    const inst = await createTestInstance(backend, { display: { limit: 7 } });
    try {
      const replica = new Instance(inst.connection.replicaOptions());
      expect(replica.connection.backend).toBe(backend.name);
      expect(replica.config.entries()).toEqual(inst.config.entries());
    } finally {
      await inst.close();
    }
  });
});

describeBackends(
  'settings of its own on $name',
  (backend) => {
    it('opens its sessions with connection.charset', async () => {
      const inst = await createTestInstance(backend, { connection__charset: 'latin1' });
      try {
        const { rows } = await inst.connection.query<{ charset: string }>('SELECT @@character_set_client AS charset');
        expect(rows[0]!.charset).toBe('latin1');
      } finally {
        await inst.close();
      }
    });
  },
  { only: ['mysql'] },
);

describeBackends(
  'settings of its own on $name',
  (backend) => {
    it('opens its sessions in database.name', async () => {
      const inst = await createTestInstance(backend);
      try {
        const { rows } = await inst.connection.query<{ name: string }>('SELECT current_database() AS name');
        expect(rows[0]!.name).toBe(backend.options.database__name ?? 'postgres');
      } finally {
        await inst.close();
      }
      const missing = new Instance({ ...backend.options, database__name: 'dj_no_such_database', loglevel: 'CRITICAL' });
      try {
        await expect(missing.connection.connect()).rejects.toThrow(/dj_no_such_database/);
      } finally {
        await missing.close();
      }
    });
  },
  { only: ['postgresql'] },
);

describeBackends(
  'settings of its own on $name',
  () => {
    it('keeps its database in database.pglite_dir', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-pglite-dir-'));
      try {
        const first = new Instance({ backend: 'pglite', database__pglite_dir: dir, loglevel: 'WARNING' });
        try {
          await first.connection.query('CREATE TABLE kept (id int PRIMARY KEY)');
          await first.connection.query('INSERT INTO kept VALUES (?)', [7]);
        } finally {
          await first.close();
        }
        const second = new Instance({ backend: 'pglite', database: { pglite_dir: dir }, loglevel: 'WARNING' });
        try {
          expect(String(second.connection)).toContain(`pglite:${dir}`);
          const { rows } = await second.connection.query<{ id: number }>('SELECT id FROM kept');
          expect(rows).toEqual([{ id: 7 }]);
        } finally {
          await second.close();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
  { only: ['pglite'] },
);
