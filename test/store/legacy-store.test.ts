import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-migration.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { openSubscriptionStore } from '../../src/subscriptions/store/open-subscription-store.js';
import { testRedisUrl } from '../helpers/test-redis.js';

/**
 * Stores written by the previous release (keyv 5 with `@keyv/sqlite` 4 and `@keyv/redis` 5; how they
 * were made: `fixtures/README.md`) open with this one and keep every subscription, watch, chat index,
 * outbox mark, chat setting and counter.
 */
const fixtures = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'postie-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alice = { platform: 'telegram', id: '1001', kind: 'private' } as const;
const family = { platform: 'telegram', id: '-1002003', kind: 'group' } as const;
const bob = { platform: 'discord', id: '42', kind: 'private' } as const;

/** Everything the previous release wrote, read back through today's store code. */
async function expectEverythingKept(backend: StoreBackend) {
  const bad: Error[] = [];
  const store = openSubscriptionStore(backend, { onBadRecord: (e) => bad.push(e) });

  const aliceParcels = await store.list(alice);
  expect(aliceParcels.map((p) => p.subscription.number)).toEqual(['RB000000014HK', 'EE123456785HK']);
  expect(aliceParcels[0]?.subscription).toMatchObject({
    label: "Mum's gift 🎁",
    locale: 'zh-HK',
    user: '1001',
    state: 'active',
    told: ['ev-posted', 'ev-arrived-hk'],
    toldStatus: 'in_transit',
  });
  expect(aliceParcels[0]?.watch).toMatchObject({
    carrier: 'hongkong-post',
    chats: ['telegram:1001', 'telegram:-1002003'],
    lastEvent: { key: 'ev-arrived-hk', location: { text: 'HONG KONG', byLocale: { 'zh-HK': '香港' } } },
  });
  expect(aliceParcels[1]?.subscription.pending).toMatchObject({ id: 'n-EE123456785HK-1', kind: 'events' });

  const familyParcels = await store.list(family);
  expect(familyParcels.map((p) => [p.subscription.number, p.subscription.state])).toEqual([
    ['RB000000014HK', 'active'],
    ['CP123456782HK', 'expired'],
  ]);
  expect((await store.list(bob)).map((p) => p.subscription.state)).toEqual(['inactive']);

  const watched: string[] = [];
  for await (const watch of store.watches()) watched.push(watch.number);
  expect(watched.sort()).toEqual(['EE123456785HK', 'RB000000014HK']);
  const outbox: (readonly [string, string])[] = [];
  for await (const entry of store.outbox()) outbox.push(entry);
  expect(outbox).toEqual([['telegram:1001', 'EE123456785HK']]);
  expect(bad).toEqual([]);

  const settings = chatSettingsOn(backend.namespace('chats'));
  expect(await settings.get('telegram:1001')).toEqual({ locale: 'zh-HK', timeZone: 'Asia/Hong_Kong' });
  expect(await settings.get('telegram:-1002003')).toEqual({ updates: 'milestones' });

  expect(await backend.counters.get('quota:hongkong-post:day:2026-12-06')).toBe(41);
  const cache = backend.namespace('carrier-cache');
  expect(await cache.get('trackingmore:detect:1Z999AA10123456784')).toEqual(['ups']);
  expect(await cache.get('trackingmore:realtime:GONE')).toBeUndefined();

  // And it goes on: the old records take changes like new ones.
  expect(await store.remove(alice, 'RB000000014HK')).toBe(true);
  expect((await store.watch('RB000000014HK'))?.chats).toEqual(['telegram:-1002003']);
}

describe('a SQLite file written by the previous release', () => {
  it('opens, moves every record into the current layout, and keeps them all', async () => {
    const file = join(dir, 'postie.sqlite');
    copyFileSync(join(fixtures, 'legacy-keyv5.sqlite'), file);
    const backend = await openStoreBackend(`sqlite://${file}`);
    try {
      await expectEverythingKept(backend);
    } finally {
      await backend.close();
    }

    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const tables = z
        .array(z.object({ name: z.string() }))
        .parse(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all());
      expect(tables.map((t) => t.name)).toEqual(['entries']);
      expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
      // Expiry moved to its column (the expired cache entry and counter were swept when the file opened);
      // expiring records are also kept under their whole key, as keyv 5 may have been asked for it.
      expect(
        db
          .prepare('SELECT namespace, key, expires FROM entries WHERE expires IS NOT NULL ORDER BY key')
          .all(),
      ).toEqual([
        {
          namespace: 'carrier-cache',
          key: 'carrier-cache:trackingmore:detect:1Z999AA10123456784',
          expires: 4950141769847,
        },
        { namespace: 'quota', key: 'hongkong-post:day:2026-12-06', expires: 4950141769860 },
        { namespace: 'quota', key: 'quota:hongkong-post:day:2026-12-06', expires: 4950141769860 },
        { namespace: 'carrier-cache', key: 'trackingmore:detect:1Z999AA10123456784', expires: 4950141769847 },
      ]);
    } finally {
      db.close();
    }
  });
});

const redisDump = z.array(
  z.discriminatedUnion('type', [
    z.object({
      key: z.string(),
      type: z.literal('string'),
      value: z.string(),
      expiresInMs: z.number().optional(),
    }),
    z.object({
      key: z.string(),
      type: z.literal('zset'),
      value: z.array(z.object({ value: z.string(), score: z.number() })),
    }),
  ]),
);

describe('a Redis written by the previous release', () => {
  it('is read as it is, records, counters and the poll schedule alike', async () => {
    // A database of its own on the run's Redis, loaded with every key the previous release wrote.
    const url = testRedisUrl(13);
    const loader = connectRedis(url);
    await loader.client.flushDb();
    for (const entry of redisDump.parse(
      JSON.parse(readFileSync(join(fixtures, 'legacy-keyv5-redis.json'), 'utf8')),
    )) {
      if (entry.type === 'zset') await loader.client.zAdd(entry.key, entry.value);
      else if (entry.expiresInMs) await loader.client.set(entry.key, entry.value, { PX: entry.expiresInMs });
      else await loader.client.set(entry.key, entry.value);
    }
    const backend = await openStoreBackend(url);
    try {
      await expectEverythingKept(backend);
      expect(await backend.dueSchedule.nextAt()).toBe(1_764_003_600_000);
    } finally {
      await backend.close();
      await loader.client.flushDb();
      await loader.close();
    }
  });
});
