import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A redis-server of the run's own on a free port: tests never touch a Redis they did not start.
    globalSetup: ['test/global-setup.ts'],
    // Tests never talk to the outside world; a test that hangs is a bug, not a slow network.
    testTimeout: 20_000,
  },
});
