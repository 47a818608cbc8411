import type { ChatRef } from '../../src/domain/chat.js';
import type { SubscriptionRecord, WatchRecord } from '../../src/subscriptions/subscription-records.js';

export const telegramChat = (id: number | string, kind: ChatRef['kind'] = 'private'): ChatRef => ({
  platform: 'telegram',
  id: String(id),
  kind,
});

export function subscriptionOf(chat: ChatRef, number: string, extra: Partial<SubscriptionRecord> = {}) {
  return {
    v: 1,
    chat,
    number,
    createdAt: 1_700_000_000_000,
    state: 'active',
    told: [],
    ...extra,
  } satisfies SubscriptionRecord;
}

export function watchOf(number: string, chats: readonly string[], extra: Partial<WatchRecord> = {}) {
  return {
    v: 1,
    number,
    chats: [...chats],
    phase: 'following',
    subscribedAt: 1_700_000_000_000,
    lastNewsAt: 1_700_000_000_000,
    quietPolls: 0,
    nextPollAt: 1_700_000_900_000,
    ...extra,
  } satisfies WatchRecord;
}
