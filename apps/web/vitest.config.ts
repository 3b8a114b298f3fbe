import { defineProject } from 'vitest/config';
import { catalogParts } from './build/catalog-parts.ts';

// Unit tests of pure modules run in Node; component tests (`*.test.tsx`) declare their DOM themselves
// (`@vitest-environment happy-dom` at the top), so only they pay for one. The browser as a whole is e2e/'s.
// The catalogues are compiled as the build does (build/catalog-parts.ts); every test starts in English.
export default defineProject({
  plugins: [catalogParts()],
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['src/testing/setup-i18n.ts'],
  },
});
