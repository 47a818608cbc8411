import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Tests never talk to the outside world; a test that hangs is a bug, not a slow network.
    testTimeout: 20_000,
  },
});
