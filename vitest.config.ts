import { defineConfig } from 'vitest/config';

// Unit tests: engine and model code, each on a fresh store.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // Builds engine/dist/ when stale, so tests that run `desk` run what ships.
    globalSetup: ['tests/unit/global-setup.ts'],
  },
});
