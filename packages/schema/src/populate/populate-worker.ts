/**
 * A worker thread of `populate({ processes })`. It loads the module that declared the
 * table class (the class's `make()` is code of that module), opens its own Instance with
 * the caller's settings, binds the class to the caller's database schema through
 * `schema.on(instance, name)` (so tenants and thread-safe mode need nothing global), then
 * computes the keys the parent hands it, one at a time, until told to stop. A failure to
 * start is thrown, which the parent receives as the worker's `error` event.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DataJointError, Instance, setLogSink, type InstanceOptions } from '@dj/core';
import { Schema } from '../schema/schema';
import { bindingOf } from '../tables/table-binding';
import type { AutoPopulated } from '../tables/tiers';
import { inTenantScopeOf } from '../tenants/tenant-scope';
import { classesNamed } from './declaring-module';
import { populateOne, type Outcome } from './populate';
import { receiveKey, sendError, type FromWorker, type ToWorker, type WorkerSetup } from './worker-protocol';

/** The class the setup names, among those its module declared. */
function declaredClass(setup: WorkerSetup): object {
  const candidates = classesNamed(setup.className, setup.module).filter((cls) => {
    const schema = bindingOf(cls)?.schema;
    return setup.declaredSchema === null || (schema?.isActivated === true && schema.name === setup.declaredSchema);
  });
  if (candidates.length !== 1) {
    throw new DataJointError(
      candidates.length === 0
        ? `Loading ${setup.module} declared no table class ${setup.className}: a worker finds only classes a module declares as it loads (not inside a function called later); pass the workerModule that does.`
        : `Loading ${setup.module} declared ${candidates.length} table classes ${setup.className}: give them distinct names.`,
    );
  }
  return candidates[0]!;
}

async function main(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  // messages go where the caller's go (a CLI keeps stdout for its output)
  setLogSink((level, message) => port.postMessage({ type: 'log', level, message } satisfies FromWorker));
  // the user's module, as Python's workers import it again to unpickle the table
  require(setup.module);
  const declared = declaredClass(setup);
  const schema = bindingOf(declared)?.schema;
  if (!(schema instanceof Schema)) throw new DataJointError(`${setup.className} of ${setup.module} is not bound to a schema.`);
  const instance = new Instance(setup.instance as InstanceOptions);
  const tableClass = schema.on(instance, setup.databaseName).get(declared as abstract new () => object);
  const table = (tableClass as unknown as { instance(): AutoPopulated }).instance();
  const target = await table.preparedTarget();
  const jobs = setup.reserveJobs ? target.jobs() : null;
  const options = { suppressErrors: setup.suppressErrors, makeKwargs: setup.makeKwargs };
  const send = (message: FromWorker) => port.postMessage(message);

  port.on('message', (message: ToWorker) => {
    if (message.type === 'stop') {
      port.removeAllListeners('message');
      void instance.close().finally(() => port.close());
      return;
    }
    const key = receiveKey(message.key);
    // with jobs, the caller reserved the key: the worker completes it or records its error
    inTenantScopeOf(tableClass, () => populateOne(target, key, options, jobs))
      // without suppressErrors the failure is thrown (after its job is recorded): the parent decides
      .catch((thrown: unknown): Outcome => ({ kind: 'error', error: thrown instanceof Error ? thrown : new Error(String(thrown)) }))
      .then((outcome) => send(outcome.kind === 'error' ? { type: 'outcome', outcome: 'error', error: sendError(outcome.error) } : { type: 'outcome', outcome: outcome.kind }));
  });
  send({ type: 'ready' });
}

void main(workerData as WorkerSetup);
