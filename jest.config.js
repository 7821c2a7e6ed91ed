/** Jest tiers (docs/architecture.md): unit next to the code, integration and contract on real PostgreSQL. */
const { availableParallelism } = require('node:os');

/** .swcrc plus the `src/…` path alias, shared with the integration tier's hooks. */
const { swcOptions: swc } = require('./test/support/swc-options');

/**
 * Packages that ship ES modules only (@fastify/static's content-disposition too, nested in its
 * own node_modules); swc turns them into CommonJS for Jest.
 */
const ESM_PACKAGES = ['@nestjs/terminus', 'content-disposition'];
/** Every package under node_modules is left as it is, but these (wherever they are nested). */
function esmTransformed(packages) {
  return [`/node_modules/(?!.*/node_modules/(${packages.join('|')})/)(?!(${packages.join('|')})/)`];
}

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  moduleNameMapper: { '^src/(.*)$': '<rootDir>/server/src/$1' },
  clearMocks: true,
  restoreMocks: true,
  transformIgnorePatterns: esmTransformed(ESM_PACKAGES),
};

const withDatabase = {
  ...shared,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 30000,
  // Jest's default (one worker fewer than cores), but at least two: a test file waits on
  // PostgreSQL for much of its time, so a second one runs meanwhile even on two cores (where the
  // default is one worker, i.e. every file in band, one after another).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/server/src/**/*.spec.ts'] },
    {
      ...withDatabase,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'],
      // Bare Node instead of a sandbox per file: a worker loads the server's modules once for all
      // its files (test/support/light-runner-setup.mjs compiles TypeScript, light-runner-tests.mjs
      // adds the test timeout and restores spies, as Jest's own runner does).
      runner: 'jest-light-runner',
      setupFiles: ['<rootDir>/test/support/light-runner-setup.mjs'],
      setupFilesAfterEnv: ['<rootDir>/test/support/light-runner-tests.mjs'],
    },
    {
      // Tests that need scale (the 100,000-row query plans): `npm test` and CI run them, the
      // integration tier stays fast.
      ...withDatabase,
      displayName: 'slow',
      testMatch: ['<rootDir>/test/slow/**/*.slow-spec.ts'],
    },
    {
      ...withDatabase,
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract/**/*.contract-spec.ts'],
      // ra-core and ra-data-simple-rest are ES modules; swc turns them into CommonJS for Jest.
      transformIgnorePatterns: esmTransformed([
        ...ESM_PACKAGES,
        'ra-core',
        'ra-data-simple-rest',
        'query-string',
        'decode-uri-component',
        'split-on-first',
        'filter-obj',
      ]),
    },
    {
      // The built admin UI in Chromium (npm's @sparticuz/chromium unless overridden) against the real app.
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
