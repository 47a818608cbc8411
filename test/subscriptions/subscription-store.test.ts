import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { ChatRef } from '../../src/core/incoming.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { subscriptionStoreOn } from '../../src/subscriptions/subscription-store.js';
import { createManualClock } from '../../src/time/manual-clock.js';

const chat: ChatRef = { platform: 'telegram', id: '42', kind: 'private' };
const other: ChatRef = { platform: 'discord', id: '42', kind: 'group' };
const sub = (number: string, on = chat) => ({ number, chat: on, createdAt: '2026-01-01T00:00:00Z' });

describe('subscription store', () => {
  it('adds, refuses duplicates and keeps chats apart', async () => {
    const store = subscriptionStoreOn(createMemoryCache(createManualClock()));
    expect(await store.add(sub('RB000000014HK'))).toBe('added');
    expect(await store.add(sub('RB000000014HK'))).toBe('exists');
    expect(await store.add(sub('RB000000014HK', other))).toBe('added');
    expect((await store.list(chat)).map((s) => s.number)).toEqual(['RB000000014HK']);
    expect(await store.has(other, 'RB000000014HK')).toBe(true);
  });

  it('keeps a per-chat limit', async () => {
    const store = subscriptionStoreOn(createMemoryCache(createManualClock()), 2);
    await store.add(sub('A1'));
    await store.add(sub('A2'));
    expect(await store.add(sub('A3'))).toBe('limit');
  });

  it('loses no update when commands on one chat race', async () => {
    const store = subscriptionStoreOn(createMemoryCache(createManualClock()));
    const numbers = Array.from({ length: 30 }, (_, i) => `N${i}`);
    await Promise.all(numbers.map((n) => store.add(sub(n))));
    await Promise.all(numbers.slice(0, 10).map((n) => store.remove(chat, n)));
    expect((await store.list(chat)).map((s) => s.number).sort()).toEqual(numbers.slice(10).sort());
    expect(await store.removeAll(chat)).toBe(20);
    expect(await store.list(chat)).toEqual([]);
  });
});

describe('chat settings', () => {
  it('merge changes and forget everything', async () => {
    const settings = chatSettingsOn(createMemoryCache(createManualClock()));
    await settings.update('telegram:42', { locale: 'zh-HK' });
    await settings.update('telegram:42', { timeZone: 'Asia/Hong_Kong' });
    expect(await settings.get('telegram:42')).toEqual({ locale: 'zh-HK', timeZone: 'Asia/Hong_Kong' });
    await settings.forget('telegram:42');
    expect(await settings.get('telegram:42')).toEqual({});
  });
});
