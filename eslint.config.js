import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdk = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teams-ai'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playground/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // DESIGN.md: the SDK lives in src/teams/ only, so a later migration touches one folder.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: sdk, message: 'Only src/teams/ may import the Bot Framework / Teams AI SDK.' }] },
      ],
    },
  },
  {
    files: ['src/teams/**/*.ts', 'test/**/*.ts', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
