import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbiddenInWorkflows = [
  {
    group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'child_process'],
    message: 'Workflows must be deterministic: no Node APIs.',
  },
  {
    group: ['pg', 'slonik', '@slack/*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
    message: 'Workflows may not import I/O libraries.',
  },
  {
    group: ['**/db/**', '**/bot/**', '**/activities/**', '**/meta/**'],
    message: 'Workflows import activities as types only (src/workflows/activities.ts).',
    allowTypeImports: true,
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.adpilot/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // async functions that satisfy an async interface without awaiting are fine.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: forbiddenInWorkflows }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
