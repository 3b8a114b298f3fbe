import { defineProject } from 'vitest/config';

// Unit tests of pure modules (time helpers, form rules): no DOM needed; the browser is covered by e2e/.
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
