/** Unit specs sit beside the code; end-to-end specs in test/ run over the real broker and PostgreSQL. */
const moduleNameMapper = {
  '^@app/contracts(|/.*)$': '<rootDir>/libs/contracts/src$1',
  '^@app/platform(|/.*)$': '<rootDir>/libs/platform/src$1',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
// Jest's runtime with per-worker caches of package files and compiled code (test/support/jest-runtime.js).
const runtime = '<rootDir>/test/support/jest-runtime.js';

module.exports = {
  testTimeout: 60000,
  // Three test files at a time, each in a worker process of its own. Jest's default on 2 cores is
  // one worker, which runs every file in band in the runner's own process: files wait on the
  // broker (group joins, outages) far more than they compute, and one file's leftovers share the
  // process with the next. Three since the suite's CPU fell from about 417 to 299 s
  // (docs/testing.md): a fresh clone's suite took 279 s in jest with two workers and 211 s with
  // three on the quiet 2-core machine, each file's waits filled by another's work.
  maxWorkers: 3,
  // Longest files first, also in a fresh clone that has no timings cached (test/support/sequencer.js).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testMatch: ['**/*.spec.ts'],
      moduleNameMapper,
      transform,
      runtime,
      // Decorators read metadata at class definition; the apps load it first thing, so do tests.
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      runtime,
      // Decorators read metadata at class definition; the apps load it first thing, so do tests.
      setupFiles: ['reflect-metadata'],
      slowTestThreshold: 30,
    },
  ],
};
