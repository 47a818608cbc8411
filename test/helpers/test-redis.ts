import { inject } from 'vitest';

/**
 * The URL of the test run's own Redis (started by `test/global-setup.ts`), on database `db` when given.
 * Test files that empty a database use a number no other file uses; the rest keep apart by key prefix.
 */
export function testRedisUrl(db?: number): string {
  const url = inject('redisUrl');
  return db === undefined ? url : `${url}/${db}`;
}
