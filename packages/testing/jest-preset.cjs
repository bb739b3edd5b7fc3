/**
 * The jest preset of @dj/testing: `preset: '@dj/testing'` in a project's jest config. Its
 * global setup finds the MySQL and PostgreSQL servers once per run (see the package
 * README) and prepares PGlite; add a TypeScript transform such as ts-jest yourself, and run
 * jest with `node --experimental-vm-modules`, which PGlite needs.
 */
'use strict';
module.exports = {
  testEnvironment: 'node',
  globalSetup: require.resolve('./dist/global-setup.js'),
  globalTeardown: require.resolve('./dist/global-teardown.js'),
  testTimeout: 120000,
};
