import { defineProject } from 'vitest/config';

// Unit tests of pure modules run in Node; component tests (`*.test.tsx`) declare their DOM themselves
// (`@vitest-environment happy-dom` at the top), so only they pay for one. The browser as a whole is e2e/'s.
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
