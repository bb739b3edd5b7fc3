/**
 * The hashing threads and the life of the process: a program waiting on a threaded hash
 * must not end before the answer, and an idle pool must not keep a finished program alive.
 * Runs the compiled package (`tsc -b`, as `npm test` does) in a child process.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { base32 } from '@dj/core/internal';

const run = promisify(execFile);
const INTERNAL = path.resolve(__dirname, '../../dist/internal.js');

describe('hashing threads', () => {
  beforeAll(() => {
    if (!fs.existsSync(INTERNAL)) throw new Error(`${INTERNAL} is missing: build with \`npx tsc -b\` first (npm test does).`);
  });

  it('keep a program alive while it waits on them, and let it end once answered', async () => {
    // Nothing but the pending hash keeps this program's event loop busy.
    const script = `
      const { computeHash } = require(${JSON.stringify(INTERNAL)});
      computeHash(Buffer.alloc(4 * 1024 * 1024, 7)).then((hash) => console.log(hash));`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe(base32(createHash('md5').update(Buffer.alloc(4 * 1024 * 1024, 7)).digest()));
  });
});
