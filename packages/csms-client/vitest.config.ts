import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'csms-client',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
