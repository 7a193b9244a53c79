/** Runs the benchmark commands (`scripts/*.bench.ts`) with the same TypeScript setup as the tests. */
const base = require('../jest.config.js').projects[1];

module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/scripts'],
  testMatch: ['**/*.bench.ts'],
  moduleNameMapper: base.moduleNameMapper,
  transform: base.transform,
};
