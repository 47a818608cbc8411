import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { chatKey } from '../../../src/domain/chat.js';
import { eventKey } from '../../../src/domain/event-key.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { chatSettingsOn } from '../../../src/store/chat-settings.js';
import { recordNews } from '../../../src/subscriptions/news/record-news.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { memorySubscriptionStore } from '../../helpers/memory-subscription-store.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscription-fixtures.js';

describe('recording one poll for every chat that follows the number', () => {
  it('records each chat once and hands each over as soon as it is recorded, before the fan-out ends', async () => {
    const clock = createManualClock();
    const store = await memorySubscriptionStore();
    const chats = Array.from({ length: 40 }, (_, i) => telegramChat(1000 + i));
    for (const chat of chats) await store.add(subscriptionOf(chat, 'N1'), watchOf('N1', [chatKey(chat)]), 50);
    const watch = await store.watch('N1');
    const time = '2026-01-01T00:00:00Z';
    const text = 'Arrived';
    const reads: string[] = [];
    const watched = {
      ...store,
      subscription: (chat: string, number: string) => {
        reads.push(chat);
        return store.subscription(chat, number);
      },
    };
    /** Each hand-over with how many chats had been looked at by then. */
    const handedOver: { chat: string; chatsRead: number }[] = [];
    await recordNews(
      {
        store: watched,
        settings: chatSettingsOn(createMemoryCache(clock)),
        deliver: (chat) => handedOver.push({ chat, chatsRead: reads.length }),
      },
      watch ?? watchOf('N1', []),
      {
        number: 'N1' as TrackingNumber,
        carrier: 'hongkong-post',
        adapter: 'hongkong-post',
        status: 'in_transit',
        events: [
          {
            key: eventKey({ carrier: 'hongkong-post', number: 'N1', time, text }),
            time,
            description: { text },
            status: 'in_transit',
          },
        ],
        fetchedAt: time,
      },
      clock.now(),
    );
    expect(handedOver.map((h) => h.chat).sort()).toEqual(chats.map(chatKey).sort());
    // The first chat is handed over while most of the others have not even been read.
    expect(handedOver[0]?.chatsRead).toBeLessThan(chats.length / 2);
    await store.close();
  });
});
