/**
 * Jest's order, with the suites that stream a million rows first: every file a jest process
 * runs adds an AsyncLocalStorage of jest's own that taxes each promise afterwards, so run
 * late these suites take several times longer. Then the longest suites (the CLI's, a minute
 * or more each), so that the processes finish together.
 */
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = [/streaming\.test\.ts$/, /cli\/test\/browse\.test\.ts$/, /cli\/test\/populate\.test\.ts$/];

class HeavySuitesFirst extends Sequencer {
  sort(tests) {
    const arrange = (list) => {
      const first = list.filter((test) => FIRST.some((pattern) => pattern.test(test.path)));
      return [...first, ...list.filter((test) => !first.includes(test))];
    };
    const order = super.sort(tests);
    return Array.isArray(order) ? arrange(order) : order.then(arrange);
  }
}

module.exports = HeavySuitesFirst;
