/** A module that declares its table and then fails when a populate worker thread loads it. */
'use strict';
const { isMainThread } = require('node:worker_threads');
const dj = require('datajoint');

const lab = dj.Schema();

class Origin extends dj.Manual {
  static definition = `
  origin_id : int32
  `;
}
lab.table(Origin);

class Fragile extends dj.Computed {
  static definition = `
  -> Origin
  `;

  async make(key) {
    await this.insert1(key);
  }
}
lab.table(Fragile);

if (!isMainThread) throw new Error('this module refuses to load in a worker thread');

module.exports = { lab, Origin, Fragile };
