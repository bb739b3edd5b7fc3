/**
 * A populate worker. Start as many as you like, on as many machines as you like, against
 * one MySQL or PostgreSQL server: they share the table's jobs queue, so every key is
 * computed exactly once, and a worker that dies leaves its key to be reclaimed.
 *
 *   export DJ_HOST=127.0.0.1 DJ_USER=root DJ_PASS= DJ_BACKEND=mysql   # or postgresql
 *   node examples/dist/worker.js setup 400      # declare the demo pipeline, add 400 recordings
 *   node examples/dist/worker.js &              # start a worker; repeat N times, anywhere
 *   node examples/dist/worker.js status         # jobs per status and keys left
 *   node examples/dist/worker.js teardown
 *
 * The server comes from `DJ_HOST`, `DJ_USER`, `DJ_PASS` (and `DJ_BACKEND`, `DJ_PORT`); other
 * settings from the environment or `datajoint.json`, as for `dj.config`.
 */
import { hostname } from 'node:os';
import * as dj from 'datajoint';

const inst = new dj.Instance({
  host: process.env.DJ_HOST ?? '127.0.0.1',
  user: process.env.DJ_USER ?? 'root',
  password: process.env.DJ_PASS ?? '',
  loglevel: 'WARNING',
  safemode: false,
});
const schema = inst.Schema(process.env.DJ_WORKER_SCHEMA ?? 'worker_demo');

@schema.table
class Recording extends dj.Manual {
  static definition = `
  recording_id : int32
  ---
  samples : int32       # length of the (simulated) recording
  `;
}

@schema.table
class Analysis extends dj.Computed {
  static definition = `
  -> Recording
  ---
  mean : float64        # the result
  worker : varchar(255) # which process computed it
  `;

  async make(key: dj.Row): Promise<void> {
    const samples = (await Recording.restrict(key).fetch1('samples')) as number;
    await new Promise((resolve) => setTimeout(resolve, 20)); // stands for real work
    let sum = 0;
    for (let i = 0; i < samples; i += 1) sum += Math.sin(i);
    await this.insert1({ ...key, mean: sum / samples, worker: `${hostname()}:${process.pid}` });
  }
}

async function main(): Promise<void> {
  const [command, argument] = process.argv.slice(2);
  if (command === 'setup') {
    const n = Number(argument ?? 100);
    await Recording.insert(
      Array.from({ length: n }, (_, i) => ({ recording_id: i, samples: 1000 + i })),
      { skipDuplicates: true },
    );
    console.log(`${await Recording.count()} recordings; ${JSON.stringify(await Analysis.progress())}`);
  } else if (command === 'status') {
    console.log('jobs:', await Analysis.jobs.progress());
    console.log('keys:', await Analysis.progress());
    console.log(await dj.U('worker').aggr(Analysis, { computed: 'count(*)' }).preview());
  } else if (command === 'teardown') {
    await schema.drop({ prompt: false });
  } else {
    const { successCount, errorList } = await Analysis.populate({ reserveJobs: true, suppressErrors: true, displayProgress: process.stderr.isTTY });
    console.log(`worker ${process.pid}: computed ${successCount} keys, ${errorList.length} errors`);
  }
  await inst.close();
}

main().catch(async (err) => {
  console.error(err);
  await inst.close();
  process.exit(1);
});
