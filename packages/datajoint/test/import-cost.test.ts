/**
 * What importing DataJoint loads: the driver libraries and the AWS SDK come with the first
 * connection or store request that needs them, so a program (or a `dj` command) pays only
 * for the backend and stores it uses. Runs the compiled package (`tsc -b`, as `npm test`
 * does) in a child process, whose module cache shows what was loaded.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENTRY = path.resolve(__dirname, '../dist/index.js');

/** The libraries loaded only on demand, by the folder that holds them under node_modules. */
const ON_DEMAND = ['mysql2', 'pg', '@electric-sql/pglite', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'apache-arrow'];

/** Runs `body` (after `const dj = require(<entry>)`) and returns which {@link ON_DEMAND} libraries it loaded. */
async function loadedBy(body: string): Promise<string[]> {
  const script = `
    const dj = require(${JSON.stringify(ENTRY)});
    (async () => {
      ${body}
      const files = Object.keys(require.cache).map((f) => f.split(require('path').sep).join('/'));
      const names = ${JSON.stringify(ON_DEMAND)};
      console.log(JSON.stringify(names.filter((n) => files.some((f) => f.includes('/node_modules/' + n + '/')))));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ['-e', script], { env: { ...process.env, DJ_LOGLEVEL: 'ERROR' } });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[];
}

describe('importing datajoint', () => {
  beforeAll(() => {
    if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build with \`npx tsc -b\` first (npm test does).`);
  });

  it('loads no database driver, no AWS SDK and no Arrow', async () => {
    expect(await loadedBy('')).toEqual([]);
  });

  it('loads the driver of the backend it connects to, and only that one', async () => {
    const loaded = await loadedBy(`
      const inst = new dj.Instance({ backend: 'pglite' });
      await inst.connection.query('SELECT 1');
      await inst.close();`);
    expect(loaded).toEqual(['@electric-sql/pglite']);
  });

  it('loads the AWS SDK when an S3 store is first used', async () => {
    // a store on a closed port: the request fails, after the SDK was loaded to make it
    const loaded = await loadedBy(`
      const config = new dj.Config({ stores: { s3: { protocol: 's3', endpoint: '127.0.0.1:9', bucket: 'b', location: 'x',
        access_key: 'k', secret_key: 's', secure: false } } });
      const { getStore } = require(${JSON.stringify(path.resolve(__dirname, '../../core/dist/internal.js'))});
      await getStore(config, 's3').head('a').catch(() => undefined);`);
    expect(loaded).toEqual(['@aws-sdk/client-s3']);
  });
});
