import { defineConfig } from 'vitest/config';

// One run over every package; each package keeps its own vitest.config.ts for `pnpm --filter X test`.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: ['default', './tools/summary-reporter.ts'],
  },
});
