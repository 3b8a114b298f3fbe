// Typed lint for every TypeScript file in the workspace; one config, no per-package drift.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const WEB = './apps/web/src';
// Every folder under features/ is a feature, so a new one is fenced in without editing this file.
const WEB_FEATURES = readdirSync(new URL('apps/web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.data/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // The web app's hooks: a hook called conditionally or an effect missing a dependency is a bug, not a style.
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // Import direction. Two mechanisms, because each catches what the other cannot:
  // - import-x/no-restricted-paths judges the file an import resolves to, so `../../versions/x`, `../versions`
  //   and any depth of `../` are caught alike (a specifier pattern would have to guess every relative spelling).
  // - no-restricted-imports judges the specifier, so a package the importer does not even depend on (and that
  //   therefore does not resolve, which no-restricted-paths silently skips) is still refused by name.
  {
    files: ['apps/**/*.{ts,tsx}', 'packages/**/*.ts', 'e2e/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.json'],
          conditionNames: ['import', 'default'],
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            // Features do not import each other; app/ composes them.
            ...WEB_FEATURES.map((feature) => ({
              target: `${WEB}/features/${feature}`,
              from: `${WEB}/features`,
              except: [`./${feature}`],
              message: 'Features do not import each other: compose them in app/ (routes).',
            })),
            // One direction: app -> features -> shared (components/ui, lib); nothing imports app/.
            {
              target: [`${WEB}/features`, `${WEB}/components`, `${WEB}/lib`],
              from: `${WEB}/app`,
              message: 'Only app/ composes; nothing imports from it.',
            },
            {
              target: [`${WEB}/components`, `${WEB}/lib`],
              from: `${WEB}/features`,
              message: 'Shared code (components/ui, lib) does not depend on a feature.',
            },
            // Nothing reaches into an app from outside it.
            { target: ['./packages', './e2e'], from: './apps', message: 'Nothing imports from apps/*.' },
            { target: './apps/web', from: './apps/bff', message: 'Nothing imports from apps/*.' },
            { target: './apps/bff', from: './apps/web', message: 'Nothing imports from apps/*.' },
            // Credentials stay on the server: the SPA never links the CSMS client, by any path.
            {
              target: './apps/web',
              from: './packages/csms-client',
              message: 'The web app never imports csms-client: CSMS credentials stay on the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@csms-console/csms-client', '@csms-console/csms-client/*'],
              message: 'The web app never imports csms-client: CSMS credentials stay on the server.',
            },
            {
              group: [
                '@csms-console/bff',
                '@csms-console/bff/*',
                '@csms-console/csms-emulator',
                '@csms-console/csms-emulator/*',
              ],
              message: 'The web app talks to the BFF over HTTP only (lib/api-client.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/**/*.ts', 'e2e/**/*.ts', 'apps/bff/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@csms-console/web', '@csms-console/web/*', '@csms-console/bff', '@csms-console/bff/*'],
              message: 'Nothing imports from apps/*: run the app (a process, HTTP) instead.',
            },
          ],
        },
      ],
    },
  },
);
