import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file gets its own SQLite file; a couple of workers fit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
