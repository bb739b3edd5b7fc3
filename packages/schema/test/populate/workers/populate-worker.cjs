/**
 * A populate worker process for the distributed-populate tests, run on the built packages
 * (`npm test` builds them first). It binds the tables the test declared and then:
 *   work   - populate({ reserveJobs: true }), printing what it computed as JSON;
 *   crash  - reserves a key and dies (SIGKILL) inside make(), leaving the reservation;
 *   sigterm - receives SIGTERM inside make(), which populate records as the job's error.
 * Settings come in DJ_WORKER_OPTIONS (Instance options as JSON) and DJ_WORKER_SCHEMA.
 */
'use strict';
const dj = require('datajoint');

const mode = process.argv[2] ?? 'work';
const options = JSON.parse(process.env.DJ_WORKER_OPTIONS ?? '{}');
const inst = new dj.Instance({ ...options, safemode: false, loglevel: 'WARNING' });
const schema = inst.Schema(process.env.DJ_WORKER_SCHEMA, { createSchema: false });

class Source extends dj.Manual {
  static definition = `
  source_id : int32
  `;
}
schema.table(Source);

class Product extends dj.Computed {
  static definition = `
  -> Source
  ---
  worker_pid : int32
  `;

  async make(key) {
    if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
    if (mode === 'sigterm') {
      process.kill(process.pid, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
    await this.insert1({ ...key, worker_pid: process.pid });
  }
}
schema.table(Product);

async function main() {
  const result = await Product.populate({ reserveJobs: true, suppressErrors: true, maxCalls: mode === 'crash' ? 1 : undefined });
  process.stdout.write('\n' + JSON.stringify({ pid: process.pid, successCount: result.successCount, errors: result.errorList.map((e) => String(e.error)) }));
  await inst.close();
}

main().catch(async (err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  await inst.close();
  process.exit(1);
});
