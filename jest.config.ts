import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

/** One jest project per package; tests import the packages' sources, not their builds. */
const PACKAGES = ['core', 'diagram', 'schema', 'datajoint', 'testing', 'cli', 'nestjs'];

const moduleNameMapper = {
  '^@dj/(core|diagram|schema)/internal$': '<rootDir>/../$1/src/internal',
  '^@dj/(core|diagram|schema|testing|cli|nestjs)$': '<rootDir>/../$1/src',
  '^datajoint$': '<rootDir>/../datajoint/src',
};

const config: Config = {
  globalSetup: '<rootDir>/packages/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/packages/testing/src/global-teardown.ts',
  testTimeout: 120_000,
  // Jest's default (cores − 1) runs a 2-core machine's files one after another in one process;
  // most suites wait on a server, so two processes overlap them (CI: 17.5 -> 11 min).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testSequencer: '<rootDir>/scripts/test-sequencer.cjs',
  projects: PACKAGES.map((name) => ({
    displayName: name,
    rootDir: `<rootDir>/packages/${name}`,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    moduleNameMapper,
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.test.json' }],
    },
  })),
};

export default config;
