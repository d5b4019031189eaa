// Jest runs our TypeScript as native ES modules (see docs/decisions/0001-module-system-and-jest.md):
// @swc/jest strips types and keeps `import`, Node's VM modules load them.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  // Sources import siblings as `./x.js` (NodeNext); under Jest those are `.ts` files.
  // `#libs/<name>` (package.json "imports") is the lib's TypeScript entry under Jest.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^#libs/([a-z0-9-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

export default {
  // A global option in Jest 30 (ignored inside projects): integration specs wait on real servers.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,workflows,tools}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/workflows/test/'],
    },
    // Workflow logic against Temporal's time-skipping test server (Java, fetched once into the cache): stage
    // timers, late catch-ups and SLAs in seconds. See docs/decisions/0010-workflow-time-tests.md.
    {
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/workflows/test/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/workflow-env/global-setup.mjs',
      globalTeardown: '<rootDir>/test/workflow-env/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{test,services,workflows,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
};
