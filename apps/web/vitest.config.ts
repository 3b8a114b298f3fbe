import { lingui } from '@lingui/vite-plugin';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Unit tests of pure modules run in Node; component tests (`*.test.tsx`) declare their DOM themselves
// (`@vitest-environment happy-dom` at the top), so only they pay for one. The browser as a whole is e2e/'s.
// The Lingui plugin compiles the catalogues as the build does; every test starts in English.
export default defineProject({
  plugins: [lingui({ configPath: fileURLToPath(new URL('lingui.config.ts', import.meta.url)) })],
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['src/testing/setup-i18n.ts'],
  },
});
