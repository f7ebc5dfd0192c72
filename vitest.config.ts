import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['eslint.layers.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Each file gets its own databases, so files may run in parallel; two cores here.
    pool: 'forks',
    reporters: ['default', './vitest.summary-reporter.ts'],
    globalSetup: ['./e2e/setup-web.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits on the server's jobs and the browser: a second (the default) is too short on a loaded machine.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    hookTimeout: 60_000,
  },
});
