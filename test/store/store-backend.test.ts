import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { redisKeyPrefix } from '../../src/store/redis-storage.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const dir = mkdtempSync(join(tmpdir(), 'postie-store-'));
const file = join(dir, 'nested', 'postie.sqlite');
/** Redis database of this file's own (so a client count sees only this file's connections). */
const REDIS_DB = 11;
const admin = connectRedis(testRedisUrl());
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await admin.close();
});

/** The contract both store backends keep: the embedded SQLite file and the shared Redis server. */
const backends = [
  { name: 'SQLite (embedded)', url: `sqlite://${file}` },
  { name: 'Redis (shared)', url: testRedisUrl(REDIS_DB) },
];

describe.each(backends)('the store backend on $name', ({ url }) => {
  const opened: StoreBackend[] = [];
  const open = async () => {
    const backend = await openStoreBackend(url);
    opened.push(backend);
    return backend;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(opened.splice(0).map((b) => b.close()));
  });
  const namespace = `test-${process.pid}-${Date.now()}`;

  it('keeps values across a reopen, as after a restart', async () => {
    const first = await open();
    await first.namespace(namespace).set('quota:hongkong-post:day:2026-01-01', 41, 60_000);
    await first.namespace(namespace).set('answer:x', { kind: 'found', nested: [1, 2] }, 60_000);
    await first.close();

    const second = (await open()).namespace(namespace);
    expect(await second.get<number>('quota:hongkong-post:day:2026-01-01')).toBe(41);
    expect(await second.get('answer:x')).toEqual({ kind: 'found', nested: [1, 2] });
    await second.delete('answer:x');
    expect(await second.get('answer:x')).toBeUndefined();
  });

  it('lists every entry of a namespace, across pages, and nothing of another', async () => {
    const backend = await open();
    const mine = backend.namespace(`${namespace}-list`);
    const count = 2_500;
    await backend.write(
      Array.from({ length: count }, (_, i) => ({ namespace: mine.namespace, key: `k${i}`, value: { n: i } })),
    );
    await backend.namespace(`${namespace}-list-other`).set('k0', { n: -1 });
    const seen = new Map<string, unknown>();
    for await (const [key, value] of mine.entries<{ n: number }>()) seen.set(key, value);
    expect(seen.size).toBe(count);
    expect(seen.get('k0')).toEqual({ n: 0 });
    expect(seen.get(`k${count - 1}`)).toEqual({ n: count - 1 });
  });

  it('keeps namespaces apart', async () => {
    const backend = await open();
    await backend.namespace(`${namespace}-a`).set('k', 'a', 60_000);
    expect(await backend.namespace(`${namespace}-b`).get('k')).toBeUndefined();
  });

  it('writes and deletes records of several namespaces in one batch', async () => {
    const backend = await open();
    const [index, records] = [backend.namespace(`${namespace}-index`), backend.namespace(`${namespace}-rec`)];
    await records.set('old', { gone: false });
    await backend.write([
      { namespace: index.namespace, key: 'chat', value: { numbers: ['A'] } },
      { namespace: records.namespace, key: 'A', value: { n: 'A' } },
      { namespace: records.namespace, key: 'old', value: undefined },
    ]);
    expect(await index.get('chat')).toEqual({ numbers: ['A'] });
    expect(await records.get('A')).toEqual({ n: 'A' });
    expect(await records.get('old')).toBeUndefined();
  });

  it('never returns a record past its expiry', async () => {
    // keyv measures expiry on the system clock: set it back an hour, so a minute's lifetime is already over.
    const backend = await open();
    const cache = backend.namespace(`${namespace}-ttl`);
    await cache.set('kept', 1, 3_600_000);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 3_600_000 });
    await cache.set('spent', 1, 60_000);
    vi.useRealTimers();
    expect(await cache.get('spent')).toBeUndefined();
    expect(await cache.get('kept')).toBe(1);
    const listed: string[] = [];
    for await (const [key] of cache.entries()) listed.push(key);
    expect(listed).toEqual(['kept']);
  });

  it('uses one connection for every namespace, the counters, the lock and the poll schedule', async () => {
    const backend = await open();
    for (const name of ['quota', 'carrier-cache', 'chats', 'subs-subscription', 'subs-watch', 'subs-chat']) {
      await backend.namespace(`${namespace}-${name}`).set('k', 1);
    }
    await backend.counters.increment(`${namespace}:counter`, 1, 60_000);
    await backend.lock.withLock(`${namespace}:lock`, async () => undefined);
    await backend.dueSchedule.plan(`${namespace}-N1`, 1);
    await backend.dueSchedule.drop(`${namespace}-N1`);
    expect(await connectionsOf(backend)).toBe(1);
  });
});

/** Open handles on the SQLite file, or clients connected to this file's Redis database. */
async function connectionsOf(backend: StoreBackend): Promise<number> {
  if (backend.kind === 'embedded') {
    return readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length;
  }
  const clients = z.array(z.object({ db: z.coerce.number() })).parse(await admin.client.clientList());
  return clients.filter((client) => client.db === REDIS_DB).length;
}

describe('the Redis store backend', () => {
  it('keeps records under the keys the previous release used', async () => {
    const backend = await openStoreBackend(testRedisUrl(REDIS_DB));
    try {
      await backend.namespace('subs-watch').set('RB000000014HK', { v: 1 });
      const raw = connectRedis(testRedisUrl(REDIS_DB));
      expect(await raw.client.get(`${redisKeyPrefix('subs-watch')}RB000000014HK`)).toBe('{"value":{"v":1}}');
      expect(redisKeyPrefix('subs-watch')).toBe('subs-watch::subs-watch:');
      await raw.client.del(`${redisKeyPrefix('subs-watch')}RB000000014HK`);
      await raw.close();
    } finally {
      await backend.close();
    }
  });
});
