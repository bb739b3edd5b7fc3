/**
 * Isolated Instances, side by side, on embedded PostgreSQL (PGlite): no server needed.
 *
 *   npm run example
 *
 * Then the same script runs itself again with DJ_THREAD_SAFE=true to show what
 * thread-safe mode forbids and what still works.
 */
import { execFileSync } from 'node:child_process';
import * as dj from 'datajoint';

async function isolatedInstances(): Promise<void> {
  // Two tenants of one server process: each Instance has its own settings and database.
  const lab = new dj.Instance({ backend: 'pglite', safemode: false, display: { limit: 5 } });
  const clinic = new dj.Instance({ backend: 'pglite', database__reconnect: false, display__limit: 20 });
  clinic.config.jobs.keep_completed = true;

  console.log('\nSettings, per Instance and global:');
  const keys = ['safemode', 'display.limit', 'database.reconnect', 'jobs.keep_completed', 'database.backend'] as const;
  console.table(
    Object.fromEntries(
      keys.map((key) => [key, { lab: lab.config.get(key), clinic: clinic.config.get(key), 'dj.config': dj.config.get(key) }]),
    ),
  );

  // Each Instance talks to its own embedded database.
  for (const [name, inst] of [['lab', lab], ['clinic', clinic]] as const) {
    const conn = inst.connection;
    await conn.query(`CREATE TABLE tenant_note (id int PRIMARY KEY, note varchar(80) NOT NULL)`);
    await conn.transaction(async () => {
      await conn.query('INSERT INTO tenant_note (id, note) VALUES (?, ?), (?, ?)', [1, `${name} opened`, 2, `${name} is busy`]);
    });
  }
  const [labNotes, clinicNotes] = await Promise.all(
    [lab, clinic].map(async (inst) => (await inst.connection.query('SELECT note FROM tenant_note ORDER BY id')).rows),
  );
  console.log('\nRows each Instance sees:');
  console.table({ lab: labNotes.map((r) => r.note), clinic: clinicNotes.map((r) => r.note) });
  console.log(`lab:    ${lab}`);
  console.log(`clinic: ${clinic}`);

  await Promise.all([lab.close(), clinic.close()]);
}

async function threadSafeDemo(): Promise<void> {
  const attempt = (what: string, fn: () => unknown) => {
    try {
      fn();
      console.log(`  allowed   ${what}`);
    } catch (err) {
      console.log(`  forbidden ${what}  → ${(err as Error).name}`);
    }
  };
  console.log(`\nWith DJ_THREAD_SAFE=${process.env.DJ_THREAD_SAFE} (thread-safe mode: ${dj.isThreadSafeMode()}):`);
  attempt('dj.config.database.host', () => dj.config.database.host);
  attempt('dj.config.safemode = false', () => {
    dj.config.safemode = false;
  });
  attempt('dj.conn()', () => dj.conn());
  attempt('String(dj.config)', () => String(dj.config));
  const inst = new dj.Instance({ backend: 'pglite', loglevel: 'WARNING' });
  inst.config.display.limit = 3;
  const { rows } = await inst.connection.query('SELECT 6 * 7 AS answer');
  console.log(`  allowed   new dj.Instance(...) → answer ${rows[0]!.answer}, its display.limit ${inst.config.display.limit}`);
  await inst.close();
}

async function main(): Promise<void> {
  if (process.argv[2] === 'thread-safe') {
    await threadSafeDemo();
    return;
  }
  await isolatedInstances();
  execFileSync(process.execPath, [__filename, 'thread-safe'], {
    env: { ...process.env, DJ_THREAD_SAFE: 'true' },
    stdio: 'inherit',
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
