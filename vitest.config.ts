import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One migrated, seeded database per run; each test file clones it.
    globalSetup: ['test/support/global-setup.ts'],
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        extends: true,
        // Browser journeys run one at a time: each starts a server and a Chromium.
        test: { name: 'e2e', include: ['e2e/**/*.e2e.test.ts'], fileParallelism: false, testTimeout: 90_000 },
      },
    ],
  },
});
