import keyvTestSuite, { keyvIteratorTests } from '@keyv/test-suite';
import Keyv from 'keyv';
import * as vitest from 'vitest';
import { connectRedis } from '../../src/store/redis-connection.js';
import { RedisStorage } from '../../src/store/redis-storage.js';
import { openSqliteDatabase } from '../../src/store/sqlite-database.js';
import { SqliteStorage } from '../../src/store/sqlite-storage.js';
import { testRedisUrl } from '../helpers/test-redis.js';

/**
 * keyv's own compliance suite (`@keyv/test-suite`: the API, values, namespaces and iteration) run
 * through keyv 6 against both of our storage adapters. The suite clears the store before each test, so
 * each adapter gets a store of its own: an in-memory SQLite database, a Redis database no other test
 * file uses.
 *
 * The published suite (2.1.2) was written for keyv 5. The one test whose expectation keyv 6 changed
 * runs as an expected failure, beside keyv 6's version of it (from the suite's next release,
 * 6.0.0-rc.1, not yet published), so neither is dropped.
 */
const KEYV5_ONLY = new Set(['.deleteMany([keys]) with nonexistent keys resolves to false']);

const it = Object.assign(
  (name: string, fn: vitest.TestFunction) =>
    KEYV5_ONLY.has(name) ? vitest.it.fails(`${name} (keyv 5 only)`, fn) : vitest.it(name, fn),
  vitest.it,
);
const suite = { ...vitest, it } as typeof vitest;

const sqlite = openSqliteDatabase(':memory:');
const redis = connectRedis(testRedisUrl(12));
vitest.afterAll(async () => {
  sqlite.close();
  await redis.client.flushDb();
  await redis.close();
});

const adapters = [
  { name: 'SQLite', store: () => new SqliteStorage(sqlite) },
  { name: 'Redis', store: () => new RedisStorage(redis.client) },
];

vitest.describe.each(adapters)('keyv compliance of the $name adapter', ({ store }) => {
  keyvTestSuite(suite, Keyv, store);
  keyvIteratorTests(suite, Keyv, store);

  vitest.it('.deleteMany([keys]) with nonexistent keys resolves to one false per key (keyv 6)', async () => {
    const keyv = new Keyv({ store: store() });
    vitest.expect(await keyv.delete(['missing-1', 'missing-2', 'missing-3'])).toEqual([false, false, false]);
  });
});
