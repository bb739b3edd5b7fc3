/**
 * The example's tests: the @dj/testing preset (it finds the database servers once per run
 * and prepares PGlite), a TypeScript transform, and thread-safe mode switched on before
 * DataJoint loads, as the application runs in production.
 */
module.exports = {
  preset: '@dj/testing',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/thread-safe.cjs'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
