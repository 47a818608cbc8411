import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chatKey } from '../../../src/domain/chat.js';
import { openStoreBackend } from '../../../src/store/open-store-backend.js';
import { BadRecordError } from '../../../src/store/stored-record.js';
import { openSubscriptionStore } from '../../../src/subscriptions/store/open-subscription-store.js';
import type { SubscriptionStore } from '../../../src/subscriptions/store/subscription-store.js';
import { testRedisUrl } from '../../helpers/test-redis.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscription-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'postie-subs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one contract both stores keep: the embedded SQLite file and the shared Redis server. */
const stores = [
  { name: 'sqlite (embedded)', url: `sqlite://${join(dir, 'postie.sqlite')}`, shared: false },
  { name: 'redis (shared)', url: testRedisUrl(), shared: true },
];

describe.each(stores)('subscription store on $name', ({ url, shared }) => {
  // Instances sharing Redis exclude each other through its locks; the embedded store has one process.
  let run = 0;
  const opened: { close(): Promise<void> }[] = [];
  const bad: Error[] = [];
  const namespace = () => `t${process.pid}-${Date.now()}-${run}`;
  /** A store on a backend of its own, as another process (or instance, or a restart) would open it. */
  const open = async (ns: string) => {
    const backend = await openStoreBackend(url);
    const store = openSubscriptionStore(backend, { onBadRecord: (e) => bad.push(e), namespace: ns });
    const opening = { ...store, backend, close: () => backend.close() };
    opened.push(opening);
    return opening;
  };
  const fresh = () => {
    run++;
    return open(namespace());
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    bad.length = 0;
  });

  const alice = telegramChat(1);
  const bob = telegramChat(2);
  const group = telegramChat(-100, 'group');
  const add = (store: SubscriptionStore, chat = alice, number = 'RB000000014HK', max = 50) =>
    store.add(subscriptionOf(chat, number), watchOf(number, [chatKey(chat)]), max);

  it('keeps a subscription and its watch across a reopen, as after a restart', async () => {
    const ns = namespace();
    const first = await open(ns);
    expect(
      (
        await first.add(
          subscriptionOf(alice, 'RB000000014HK', { label: "Mum's gift" }),
          watchOf('RB000000014HK', [chatKey(alice)]),
          50,
        )
      ).result,
    ).toBe('added');
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const second = await open(ns);
    const [parcel] = await second.list(alice);
    expect(parcel?.subscription).toMatchObject({
      number: 'RB000000014HK',
      label: "Mum's gift",
      state: 'active',
    });
    expect(parcel?.watch?.chats).toEqual([chatKey(alice)]);
  });

  it('says when the chat already follows the number, and when it is at its limit', async () => {
    const store = await fresh();
    expect((await add(store)).result).toBe('added');
    expect((await add(store)).result).toBe('exists');
    expect((await add(store, alice, 'EE123456785HK', 2)).result).toBe('added');
    expect((await add(store, alice, 'CP123456782HK', 2)).result).toBe('limit');
    expect((await store.list(alice)).map((p) => p.subscription.number)).toEqual([
      'RB000000014HK',
      'EE123456785HK',
    ]);
  });

  it('indexes by number: one watch lists every chat, and goes with the last one', async () => {
    const store = await fresh();
    await add(store, alice);
    const { watch } = await add(store, bob);
    expect(watch?.chats).toEqual([chatKey(alice), chatKey(bob)]);
    expect(await store.remove(alice, 'RB000000014HK')).toBe(true);
    expect((await store.watch('RB000000014HK'))?.chats).toEqual([chatKey(bob)]);
    expect(await store.remove(alice, 'RB000000014HK')).toBe(false);
    await store.remove(bob, 'RB000000014HK');
    expect(await store.watch('RB000000014HK')).toBeUndefined();
    const numbers: string[] = [];
    for await (const w of store.watches()) numbers.push(w.number);
    expect(numbers).toEqual([]);
  });

  it('revives an expired subscription instead of adding a second one', async () => {
    const store = await fresh();
    await add(store);
    await store.updateSubscription(chatKey(alice), 'RB000000014HK', (s) => ({ ...s, state: 'expired' }));
    await store.updateWatch('RB000000014HK', () => undefined);
    const again = await add(store);
    expect(again.result).toBe('revived');
    expect(again.watch?.chats).toEqual([chatKey(alice)]);
    expect(await store.list(alice)).toHaveLength(1);
  });

  it('loses no update when one chat subscribes and unsubscribes concurrently', async () => {
    const store = await fresh();
    const numbers = Array.from({ length: 30 }, (_, i) => `NUM${i}`);
    await Promise.all(numbers.map((n) => add(store, group, n)));
    await Promise.all([
      ...numbers.filter((_, i) => i % 3 === 0).map((n) => store.remove(group, n)),
      ...['X1', 'X2', 'X3'].map((n) => add(store, group, n)),
    ]);
    const listed = (await store.list(group)).map((p) => p.subscription.number).sort();
    expect(listed).toEqual([...numbers.filter((_, i) => i % 3 !== 0), 'X1', 'X2', 'X3'].sort());
  });

  it('serializes changes to one subscription', async () => {
    const store = await fresh();
    await add(store);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.updateSubscription(chatKey(alice), 'RB000000014HK', (s) => ({
          ...s,
          told: [...s.told, `k${i}`],
        })),
      ),
    );
    expect((await store.subscription(chatKey(alice), 'RB000000014HK'))?.told).toHaveLength(40);
  });

  if (shared)
    it('excludes another instance on the same server too', async () => {
      const ns = namespace();
      const [a, b] = [await open(ns), await open(ns)];
      await add(a);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).updateSubscription(chatKey(alice), 'RB000000014HK', (s) => ({
            ...s,
            told: [...s.told, `k${i}`],
          })),
        ),
      );
      await Promise.all(Array.from({ length: 10 }, (_, i) => add(i % 2 ? a : b, alice, `N${i}`)));
      expect((await a.subscription(chatKey(alice), 'RB000000014HK'))?.told).toHaveLength(20);
      expect(await b.list(alice)).toHaveLength(11);
    });

  it('forgets every record about a chat and nothing about others', async () => {
    const store = await fresh();
    await add(store, alice, 'A1');
    await add(store, alice, 'A2');
    await add(store, bob, 'A1');
    await store.markOutbox(chatKey(alice), 'A2');
    await store.updateSubscription(chatKey(alice), 'A2', (s) => ({ ...s, state: 'expired' }));
    expect(await store.removeAll(alice)).toBe(1);
    expect(await store.list(alice)).toEqual([]);
    expect(await store.subscription(chatKey(alice), 'A2')).toBeUndefined();
    const outbox: (readonly [string, string])[] = [];
    for await (const entry of store.outbox()) outbox.push(entry);
    expect(outbox).toEqual([]);
    expect((await store.watch('A1'))?.chats).toEqual([chatKey(bob)]);
    expect(await store.watch('A2')).toBeUndefined();
  });

  it('lists the outbox until each entry is cleared', async () => {
    const store = await fresh();
    await store.markOutbox(chatKey(alice), 'A1');
    await store.markOutbox('discord:123', 'B2');
    const entries: (readonly [string, string])[] = [];
    for await (const entry of store.outbox()) entries.push(entry);
    expect(entries.sort()).toEqual([
      ['discord:123', 'B2'],
      [chatKey(alice), 'A1'],
    ]);
    await store.clearOutbox(chatKey(alice), 'A1');
    entries.length = 0;
    for await (const entry of store.outbox()) entries.push(entry);
    expect(entries).toEqual([['discord:123', 'B2']]);
  });

  it('reports an unreadable record clearly instead of guessing', async () => {
    run++;
    const ns = namespace();
    const store = await open(ns);
    await add(store, alice, 'GOOD');
    const raw = store.backend.namespace(`${ns}-watch`);
    await raw.set('BROKEN', { v: 1, number: 'BROKEN', chats: 'not a list' });
    await raw.set('FUTURE', { v: 9, number: 'FUTURE' });
    const seen: string[] = [];
    for await (const w of store.watches()) seen.push(w.number);
    expect(seen).toEqual(['GOOD']);
    expect(bad.map((e) => (e as BadRecordError).key).sort()).toEqual(['BROKEN', 'FUTURE']);
    await expect(store.watch('BROKEN')).rejects.toBeInstanceOf(BadRecordError);
  });
});

describe('subscription store on the embedded file, when a write fails', () => {
  const alice = telegramChat(1);
  /** A store on a new file, and a way for another program to make SQLite refuse `when` on watches. */
  const refusing = async (name: string, when: string) => {
    const file = join(dir, `${name}.sqlite`);
    const backend = await openStoreBackend(`sqlite://${file}`);
    const store = openSubscriptionStore(backend, { onBadRecord: () => undefined });
    const refuse = () => {
      const raw = new DatabaseSync(file);
      raw.exec(`CREATE TRIGGER refuse BEFORE ${when} ON entries WHEN ${when === 'DELETE' ? 'OLD' : 'NEW'}.namespace = 'subs-watch'
                BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
      raw.close();
    };
    return { backend, store, refuse };
  };

  it('leaves neither the chat index nor the subscription without the watch when subscribing fails', async () => {
    const { backend, store, refuse } = await refusing('add', 'INSERT');
    refuse();
    await expect(
      store.add(subscriptionOf(alice, 'RB000000014HK'), watchOf('RB000000014HK', [chatKey(alice)]), 50),
    ).rejects.toThrow('disk trouble');
    expect(await backend.namespace('subs-chat').get(chatKey(alice))).toBeUndefined();
    expect(await store.subscription(chatKey(alice), 'RB000000014HK')).toBeUndefined();
    await backend.close();
  });

  it('records a notification with its outbox mark, or neither when the write fails', async () => {
    const file = join(dir, 'record.sqlite');
    const backend = await openStoreBackend(`sqlite://${file}`);
    const store = openSubscriptionStore(backend, { onBadRecord: () => undefined });
    const number = 'RR000007009HK';
    await store.add(subscriptionOf(alice, number), watchOf(number, [chatKey(alice)]), 50);
    const alert = (since: number) => (s: Parameters<Parameters<typeof store.recordNotification>[2]>[0]) => ({
      ...s,
      stall: { since, alertedAt: since },
      pending: {
        id: `p${since}`,
        kind: 'stalled' as const,
        events: [],
        status: 'in_transit' as const,
        since,
      },
    });
    const marks = async () => {
      const all: (readonly [string, string])[] = [];
      for await (const entry of store.outbox()) all.push(entry);
      return all;
    };

    const raw = new DatabaseSync(file);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.namespace = 'subs-outbox'
              BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    await expect(store.recordNotification(chatKey(alice), number, alert(1))).rejects.toThrow('disk trouble');
    expect((await store.subscription(chatKey(alice), number))?.pending).toBeUndefined();
    expect(await marks()).toEqual([]);

    raw.exec('DROP TRIGGER refuse');
    raw.close();
    await store.recordNotification(chatKey(alice), number, alert(2));
    expect((await store.subscription(chatKey(alice), number))?.stall?.since).toBe(2);
    expect(await marks()).toEqual([[chatKey(alice), number]]);
    await backend.close();
  });

  it('keeps the subscription whole when unsubscribing fails', async () => {
    const { backend, store, refuse } = await refusing('remove', 'DELETE');
    await store.add(subscriptionOf(alice, 'RB000000014HK'), watchOf('RB000000014HK', [chatKey(alice)]), 50);
    refuse();
    await expect(store.remove(alice, 'RB000000014HK')).rejects.toThrow('disk trouble');
    const [parcel] = await store.list(alice);
    expect(parcel?.subscription.state).toBe('active');
    expect(parcel?.watch?.chats).toEqual([chatKey(alice)]);
    await backend.close();
  });
});
