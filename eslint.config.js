// Lint rules for the whole repository. The type check (`npm run typecheck`) catches type errors;
// this catches patterns the project has agreed not to use, and keeps the layers apart
// (docs/architecture.md): a planted violation fails `npx eslint .` (eslint.layers.test.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noHttpNoSql = [
  { name: 'fastify', message: 'Services and policies know nothing of HTTP: take plain values, return plain values, throw AppError.' },
  { name: 'kysely', message: 'Only repositories (and db/) write SQL.' },
  { name: 'pg', message: 'Only db/ talks to the database driver.' },
  { name: 'better-sqlite3', message: 'Only db/ talks to the database driver.' },
];
const httpPattern = { group: ['**/http/*', '!**/http/*.test.ts'], message: 'Services, policies, repositories and db/ never import http/: the HTTP layer depends on them, not the reverse.' };

/** Web feature folders that may not import each other's pages. */
const webFeatures = ['portal', 'console', 'case', 'public', 'profile', 'advisor'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['bench/**', 'apps/*/scripts/**', 'apps/server/src/main.ts', '**/*.test.ts', '**/test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Services, policies, job types and everything else in a module but its routes and repositories.
    files: ['apps/server/src/modules/**/*.ts', 'apps/server/src/jobs/**/*.ts', 'apps/server/src/services.ts', 'apps/server/src/errors.ts'],
    ignores: ['**/*.routes.ts', '**/*.repository.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noHttpNoSql, patterns: [httpPattern] }] },
  },
  {
    // Repositories write SQL, but know nothing of HTTP.
    files: ['apps/server/src/**/*.repository.ts', 'apps/server/src/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noHttpNoSql[0]], patterns: [httpPattern] }] },
  },
  {
    // The collector runs on customers' machines and shares only packages/contracts with the server.
    files: ['apps/collector/**/*.{ts,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@casebook/server', message: 'The collector never imports the server: share through @casebook/contracts.' }, ...noHttpNoSql],
          patterns: [{ group: ['**/apps/server/**', '**/server/src/**', '@casebook/server/*', '@casebook/web', '@casebook/web/*', '**/apps/web/**'], message: 'The collector never imports the server or the web app: share through @casebook/contracts.' }],
        },
      ],
    },
  },
  ...webFeatures.map((feature) => ({
    files: [`apps/web/src/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: webFeatures.filter((f) => f !== feature).map((f) => `**/${f}/*`),
              message: 'Web feature folders do not import each other: share it through ui/ or api/.',
            },
          ],
        },
      ],
    },
  })),
);
