// ESLint flat config. House rules (docs/DEVELOPING.md, "Lint and format"):
// - typescript-eslint recommended rules for every .ts file; Vue SFCs through eslint-plugin-vue.
// - Boundaries, by file glob (no-restricted-imports) plus import-x/no-relative-packages:
//     services/<name>/src  imports only @flywheel/contracts, @flywheel/kit, @flywheel/dcg, npm packages and its own files;
//     web/src              imports only @flywheel/contracts, npm packages and its own files;
//     services/*/src/domain imports no NATS, Express, drizzle, pino, SQLite or the kit, and nothing upward (../runtime, ../db ...);
//     no file imports another workspace's files by relative path (it imports the package name instead).
//     inside a service imports point one way: db/ imports no runtime/ or handlers/, runtime/ no handlers/;
//     services/<name>/test starts only its own service (tests across services live in test/e2e/).
// - No import circles (import-x/no-cycle).
// - Formatting belongs to Prettier (.prettierrc.json); eslint-config-prettier switches off the rules that would fight it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';

const SERVICE_MSG = 'A service imports only @flywheel/contracts, @flywheel/kit, @flywheel/dcg, npm packages and its own files (docs/DEVELOPING.md).';
const WEB_MSG = 'The web app imports only @flywheel/contracts (through the typed client), npm packages and its own files.';
const DOMAIN_MSG = 'domain/ is pure: no NATS, Express, drizzle, pino, SQLite or kit imports; move I/O to runtime/ or db/.';
const UPWARD_MSG = 'domain/ imports nothing upward (handlers/, runtime/, db/, drivers/ ...): pass what it needs in as data or types from @flywheel/contracts.';
const DIRECTION_MSG = 'Imports point one way, handlers → runtime → db → domain: db/ imports no runtime/ or handlers/, runtime/ no handlers/.';
const LIBRARY_MSG = 'This library stays free of other workspaces: contracts imports no @flywheel package; dcg only @flywheel/contracts.';

/** `@flywheel/*` except the listed packages (and their subpaths). */
const flywheelExcept = (allowed, message) => ({
  group: ['@flywheel/*', ...allowed.flatMap((p) => [`!@flywheel/${p}`, `!@flywheel/${p}/**`])],
  message,
});
const IO_PACKAGES = [
  '@nats-io/*',
  'express',
  'express/**',
  'drizzle-orm',
  'drizzle-orm/**',
  'pino',
  'pino/**',
  'better-sqlite3',
  '@flywheel/kit',
  '@flywheel/kit/**',
];

// no-restricted-imports does not merge across config objects (a later match replaces an earlier one),
// so each glob below carries the complete list for its files.
const servicePatterns = [flywheelExcept(['contracts', 'kit', 'dcg'], SERVICE_MSG)];
const domainPatterns = [
  ...servicePatterns,
  { group: IO_PACKAGES, message: DOMAIN_MSG },
  // `../x` leaves domain/; the only upward file a domain module reads is shipped data (cost's rate-cards/*.json).
  { regex: '^\\.\\./(?!\\.\\./rate-cards/)', message: UPWARD_MSG },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/data/**', '**/drizzle/**', 'coverage/**', '.vitest-tmp/**', 'docs/**', 'deploy/**'],
  },
  {
    files: ['**/*.{ts,js,mjs,cjs,vue}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: { 'import-x/extensions': ['.ts', '.js', '.mjs'], 'import-x/ignore': ['\\.vue$', '\\.json$'] },
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-relative-packages': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['services/*/src/**/*.ts'],
    ignores: ['services/*/src/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: servicePatterns }] },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: domainPatterns }] },
  },
  {
    // Imports point one way, handlers → runtime → db → domain (docs/DEVELOPING.md, "Inside a service").
    files: ['services/*/src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...servicePatterns, { regex: '^(\\.\\./)+(runtime|handlers|http)/|^(\\.\\./)+(service|main)\\.ts$', message: DIRECTION_MSG }] },
      ],
    },
  },
  {
    files: ['services/*/src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...servicePatterns, { regex: '^(\\.\\./)+handlers/|^(\\.\\./)+(service|main)\\.ts$', message: DIRECTION_MSG }] },
      ],
    },
  },
  {
    files: ['contracts/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [flywheelExcept([], LIBRARY_MSG), { group: IO_PACKAGES, message: LIBRARY_MSG }] }] },
  },
  {
    files: ['services/dcg/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [flywheelExcept(['contracts'], LIBRARY_MSG), { group: IO_PACKAGES, message: LIBRARY_MSG }] }] },
  },
  {
    // A service's own tests start that service alone; a test of several services lives in test/e2e/.
    files: ['services/*/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            flywheelExcept(
              ['contracts', 'kit', 'dcg', 'scripted-model'],
              'A service test starts its own service only: a test across services goes in test/e2e/.',
            ),
          ],
        },
      ],
    },
  },
  {
    // A service's benchmarks share the root bench/lib.ts helpers (the root package holds no workspace src);
    // anything else outside the service's own folder is still refused.
    files: ['services/*/bench/**/*.ts'],
    rules: {
      'import-x/no-relative-packages': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./\\.\\./(?!\\.\\./bench/)', message: 'Import another workspace by its package name, not by a relative path.' }] },
      ],
    },
  },
  // web: Vue SFCs parsed by vue-eslint-parser with the TypeScript parser inside <script lang="ts">.
  ...pluginVue.configs['flat/essential'].map((c) => ({ ...c, files: ['web/**/*.vue'] })),
  {
    files: ['web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    files: ['web/src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [flywheelExcept(['contracts'], WEB_MSG)] }] },
  },
  // Type-aware promise checks: opt in with FLYWHEEL_LINT_TYPED=1 (npm run lint:typed). They find nothing today and
  // roughly double the run's CPU time (a full type check), so the default run and CI leave them out.
  ...(process.env.FLYWHEEL_LINT_TYPED === '1'
    ? [
        {
          files: ['services/*/src/**/*.ts', 'contracts/src/**/*.ts', 'tools/*/src/**/*.ts'],
          ignores: ['**/*.test.ts'],
          languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
          rules: {
            '@typescript-eslint/no-floating-promises': 'error',
            '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
          },
        },
      ]
    : []),
  prettier,
);
