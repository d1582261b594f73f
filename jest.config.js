// Four projects: unit (pure, beside the code), integration, e2e and faults (test/, against the real
// Temporal server and the real PostgreSQL started once per run by test/support/global-setup).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// NestJS 12 ships its packages as ES modules only ("type": "module"). Node 20.19+ and 26 load them
// from CommonJS through require(esm), but jest's own module registry does not on Node 20, so swc
// compiles these packages to CommonJS too (import.meta.url and dynamic import() included).
const ESM_PACKAGES = ['@nestjs/(?!throttler/)[^/]+'];
const swcJs = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const { moduleNameMapper } = require('./test/support/aliases');

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  // test/browser is Playwright's (`npm run test:browser`), never jest's.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
};

module.exports = {
  // jest's progress and summary, then the plain closing line CI's recorder reads (see the reporter).
  reporters: ['<rootDir>/test/support/default-reporter.js', '<rootDir>/test/support/closing-line-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/workflows/**/*.spec.ts',
        '<rootDir>/activities/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeouts.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeouts.ts'],
    },
    {
      // Fault drills (processes killed, servers restarted, property tests, fuzz): part of `npm test`
      // (about 4 min on the 2-core CI machine), alone with `npm run test:faults`. See test/faults/README.md.
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeouts.ts'],
    },
  ],
};
