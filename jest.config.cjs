// One Jest run for every test: lib integration specs beside their files, black-box tests in test/.
// The global setup starts one embedded PostgreSQL and migrates a template database; each test file
// clones its own database from it (see libs/platform/testing).
const path = require('node:path');
const { swcOptions } = require('./tools/swc-options.cjs');
const tsconfig = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  moduleNameMapper,
  globalSetup: '<rootDir>/libs/platform/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/platform/testing/src/jest-global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
