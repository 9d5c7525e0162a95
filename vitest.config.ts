import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration suites share PostgreSQL and the embedded model, so keep parallelism modest.
    maxWorkers: 2,
    snapshotFormat: { printBasicPrototype: false },
  },
});
