// ESLint flat config: type-aware rules (no floating or misused promises) and the module
// boundaries of ../shared/DESIGN.md (src/bot and src/admin never import each other; src/shared
// imports neither; only src/shared/db touches the generated Prisma client).
import tseslint from 'typescript-eslint';

const boundary = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'src/generated/**', 'data/**', 'scratch/**', 'test-artifacts/**', 'src/admin/public/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/bot/**/*.ts'],
    rules: { 'no-restricted-imports': boundary([{ group: ['**/admin/**'], message: 'src/bot must not import src/admin' }, { group: ['**/generated/**', '@prisma/client'], message: 'only src/shared/db uses the Prisma client' }]) },
  },
  {
    files: ['src/admin/**/*.ts'],
    rules: { 'no-restricted-imports': boundary([{ group: ['**/bot/**'], message: 'src/admin must not import src/bot' }, { group: ['**/generated/**', '@prisma/client'], message: 'only src/shared/db uses the Prisma client' }]) },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/db/**'],
    rules: { 'no-restricted-imports': boundary([{ group: ['**/bot/**', '**/admin/**'], message: 'src/shared never imports src/bot or src/admin' }, { group: ['**/generated/**', '@prisma/client'], message: 'only src/shared/db uses the Prisma client' }]) },
  },
  {
    files: ['src/shared/db/**/*.ts'],
    rules: { 'no-restricted-imports': boundary([{ group: ['**/bot/**', '**/admin/**'], message: 'src/shared never imports src/bot or src/admin' }]) },
  },
);
