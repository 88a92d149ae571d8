// The browser tests (npm run test:browser): the built app in Debian's Chromium through playwright-core.
// Each spec starts its own app on a fresh embedded database (test/browser/support/harness.ts), so there
// is no global setup, and one spec runs at a time: a browser and a server each are heavy enough.
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
  roots: ['<rootDir>/test/browser'],
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), module: { type: 'es6' }, swcrc: false }] },
  moduleNameMapper: { ...moduleNameMapper, '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 180_000,
  maxWorkers: 1,
};
