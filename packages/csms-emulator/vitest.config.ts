import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'csms-emulator',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
