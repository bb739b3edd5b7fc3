/**
 * Jest's order, with the suites that stream a million rows first. Jest runs the test files
 * of a 2-core machine in one process, and every file adds an AsyncLocalStorage of jest's
 * own that taxes each promise afterwards; run late, these suites take several times longer.
 */
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = [/streaming\.test\.ts$/];

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
