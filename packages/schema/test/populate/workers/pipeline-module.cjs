/**
 * A user's pipeline module for the `populate({ processes })` tests: a deferred schema
 * (bound per test with `lab.on(instance, name)`), whose make() logs every call in a side
 * table with the thread that made it. Worker threads load this file again, as plain
 * JavaScript on the built packages.
 */
'use strict';
const { randomUUID } = require('node:crypto');
const { isMainThread, threadId } = require('node:worker_threads');
const dj = require('datajoint');

const lab = dj.Schema();

class Source extends dj.Manual {
  static definition = `
  source_id : int32
  `;
}
lab.table(Source);

class MakeLog extends dj.Manual {
  static definition = `
  call_id : uuid
  ---
  source_id : int32
  thread_id : int32
  `;
}
lab.table(MakeLog);

class Product extends dj.Computed {
  static definition = `
  -> Source
  ---
  doubled : int32
  `;

  /**
   * makeKwargs: `delayMs` waits that long; `failOn` lists the source_ids that fail;
   * `exitOn` those whose make ends the worker thread it runs in (never the caller's).
   */
  async make(key, kwargs = {}) {
    if (!isMainThread && (kwargs.exitOn ?? []).includes(key.source_id)) process.exit(3);
    if (kwargs.delayMs) await new Promise((resolve) => setTimeout(resolve, kwargs.delayMs));
    if ((kwargs.failOn ?? []).includes(key.source_id)) throw new Error(`make refused ${key.source_id}`);
    // named directly: inside populate it is the tenant's copy, in the caller and in workers
    await MakeLog.insert1({ call_id: randomUUID(), source_id: key.source_id, thread_id: threadId });
    await this.insert1({ ...key, doubled: 2 * key.source_id });
  }
}
lab.table(Product);

module.exports = { lab, Source, MakeLog, Product };
