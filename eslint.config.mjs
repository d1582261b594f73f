// ESLint (flat config) with typescript-eslint: the recommended rules, and the import layering that
// test/unit/workflow-imports.spec.ts also proves (workflows and the domain import no I/O, and no
// folder imports one a floor above it). `npm run lint` runs it; `npm test` runs it first.
import tseslint from 'typescript-eslint';

/** Modules that do I/O or need Node: never in workflows/, libs/domain or libs/contracts. */
const IO_MODULES = [
  'typeorm',
  'pg',
  '@nestjs/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  'fs',
  'fs/*',
  'path',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'os',
  'node:*',
];
const APP_ALIASES = [
  '@app/persistence',
  '@app/persistence/*',
  '@app/config',
  '@app/config/*',
  '@app/stack',
  '@app/stack/*',
  '@app/activities',
  '@app/activities/*',
  '@app/workflows',
  '@app/workflows/*',
];

// Type-only imports erase at compile time (a workflow types its activity proxy by the activities' class).
const restrict = (patterns, message) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, message, allowTypeImports: true }] },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'apps/desks/src/api/schema.d.ts',
      'test/browser/results/**',
      'test/contract/results/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
      'data/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    // Directives that name a rule switched off here stay: they say why the line is as it is.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // Payloads from the wire and from Temporal are typed at the edges; `any` stays rare but allowed.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: restrict(
      [...IO_MODULES, ...APP_ALIASES.filter((a) => !a.startsWith('@app/workflows'))],
      'workflow code is deterministic: it imports only @temporalio/workflow, libs/domain and libs/contracts',
    ),
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [...IO_MODULES, '@temporalio/*', '@app/contracts', '@app/contracts/*', ...APP_ALIASES],
      'libs/domain is pure rules and data: no I/O, no Temporal, no imports from a floor above',
    ),
  },
  {
    // The workflow's messages are defined with @temporalio/workflow's pure helpers (defineUpdate, ...).
    files: ['libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [...IO_MODULES, ...APP_ALIASES],
      'libs/contracts is shared by workflows and the gateway: no I/O, no imports from a floor above',
    ),
  },
  {
    // Nest's and swagger's reflection hands out constructors and handlers typed as Function.
    files: ['apps/gateway/src/openapi/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    files: ['libs/persistence/**/*.ts', 'libs/config/**/*.ts', 'libs/stack/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      ['@app/activities', '@app/activities/*', '@app/workflows', '@app/workflows/*', '**/apps/**'],
      'libs do not import activities, workflows or apps',
    ),
  },
  {
    files: ['activities/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      ['@app/workflows', '@app/workflows/*', '**/apps/**', '@temporalio/workflow'],
      'activities do not import workflows or apps',
    ),
  },
);
