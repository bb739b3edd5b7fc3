/**
 * What a project adds to test its pipeline with @dj/testing: the preset (it finds the
 * database servers once per run and prepares PGlite) and a TypeScript transform.
 * Run jest with `--experimental-vm-modules` (see the `test` script): PGlite loads parts of
 * itself with `import()`.
 */
module.exports = {
  preset: '@dj/testing',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
