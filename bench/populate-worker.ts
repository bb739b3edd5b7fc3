/**
 * One worker process of the populate benchmark (started with `fork`): connects and loads
 * the pipeline, reports `ready`, and on `go` runs `populate({ reserveJobs: true })` on the
 * schema named by `BENCH_SCHEMA` against the backend of `BENCH_BACKEND`, reporting its counts.
 */
import * as dj from 'datajoint';
import { resolveTestBackends } from '@dj/testing';
import { declarePopulatePipeline } from './populate-pipeline';

async function main(): Promise<void> {
  const backend = resolveTestBackends().available.find((b) => b.name === process.env.BENCH_BACKEND);
  if (!backend) throw new Error(`backend ${process.env.BENCH_BACKEND} is not reachable`);
  const inst = new dj.Instance({ ...backend.options, loglevel: 'WARNING', safemode: false });
  const { Result } = declarePopulatePipeline(inst.Schema(process.env.BENCH_SCHEMA!));
  await Result.ready();
  await Result.jobs.progress();
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send!('ready');
  await go;
  const { successCount, errorList } = await Result.populate({ reserveJobs: true, refresh: false });
  process.send!({ successCount, errors: errorList.length });
  await inst.close();
  process.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
