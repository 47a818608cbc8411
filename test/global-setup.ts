import type { TestProject } from 'vitest/node';
import { startRedisServer } from './helpers/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test run's own Redis (`redis://127.0.0.1:<port>`); see `helpers/redis-server.ts`. */
    redisUrl: string;
  }
}

/** Starts the run's private Redis before any test file, and stops it after the last. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
