import { defineConfig } from 'vitest/config';

// End-to-end tests: the real server and the built UI in Debian's Chromium, one file at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // A screen answers within a moment on a quiet machine; under a loaded CI runner a poll gets 10 s, not vitest's 1 s.
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
