import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdk = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teams-ai'];
const sdkRule = { group: sdk, message: 'Only src/teams/ may import the Bot Framework / Teams AI SDK.' };

/** DESIGN.md's layers, imports pointing down only: teams -> features -> jobs -> store. */
const below = (layer, forbidden) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [sdkRule, ...forbidden.map((up) => ({ group: [`**/${up}/*`, `**/${up}/**`], message: `src/${layer}/ is below src/${up}/ (DESIGN.md's layers): it may not import from it.` }))] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playground/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // DESIGN.md: the SDK lives in src/teams/ only, so a later migration touches one folder.
      'no-restricted-imports': ['error', { patterns: [sdkRule] }],
    },
  },
  below('features', ['teams']),
  below('jobs', ['teams', 'features']),
  below('store', ['teams', 'features', 'jobs']),
  {
    files: ['src/teams/**/*.ts', 'test/**/*.ts', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
