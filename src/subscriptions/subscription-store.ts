import type { KeyValueCache } from '../cache/memory-cache.js';
import type { ChatRef } from '../core/incoming.js';
import { chatKey } from '../core/incoming.js';

/** A chat following a parcel. */
export interface Subscription {
  readonly number: string;
  readonly carrier?: string;
  /** The chat's own name for it ("Mum's gift"). */
  readonly label?: string;
  readonly chat: ChatRef;
  /** When it started (ISO 8601). */
  readonly createdAt: string;
}

export type AddResult = 'added' | 'exists' | 'limit';

export interface SubscriptionStore {
  add(subscription: Subscription): Promise<AddResult>;
  /** Whether there was one to remove. */
  remove(chat: ChatRef, number: string): Promise<boolean>;
  /** How many were removed. */
  removeAll(chat: ChatRef): Promise<number>;
  list(chat: ChatRef): Promise<readonly Subscription[]>;
  has(chat: ChatRef, number: string): Promise<boolean>;
}

/** @defaultValue 50 active subscriptions per chat */
export const MAX_SUBSCRIPTIONS_PER_CHAT = 50;

/**
 * The chats' subscriptions on the store port: one record per chat (`subscriptions:<chat key>`), every
 * change to a chat's record serialized in this process so concurrent commands cannot lose one another's
 * update. The polling engine and per-number index arrive with the subscriptions stage.
 */
export function subscriptionStoreOn(
  store: KeyValueCache,
  maxPerChat = MAX_SUBSCRIPTIONS_PER_CHAT,
): SubscriptionStore {
  const chains = new Map<string, Promise<unknown>>();
  const key = (chat: ChatRef) => `subscriptions:${chatKey(chat)}`;
  const read = async (chat: ChatRef) => (await store.get<Subscription[]>(key(chat))) ?? [];

  /** Runs `change` after every earlier change to the same chat. */
  const serialized = <T>(chat: ChatRef, change: () => Promise<T>): Promise<T> => {
    const previous = chains.get(key(chat)) ?? Promise.resolve();
    const next = previous.then(change, change);
    chains.set(
      key(chat),
      next.catch(() => undefined),
    );
    return next;
  };

  return {
    add: (subscription) =>
      serialized(subscription.chat, async () => {
        const current = await read(subscription.chat);
        if (current.some((s) => s.number === subscription.number)) return 'exists';
        if (current.length >= maxPerChat) return 'limit';
        await store.set(key(subscription.chat), [...current, subscription]);
        return 'added';
      }),
    remove: (chat, number) =>
      serialized(chat, async () => {
        const current = await read(chat);
        const rest = current.filter((s) => s.number !== number);
        if (rest.length === current.length) return false;
        await store.set(key(chat), rest);
        return true;
      }),
    removeAll: (chat) =>
      serialized(chat, async () => {
        const count = (await read(chat)).length;
        await store.delete(key(chat));
        return count;
      }),
    list: (chat) => read(chat),
    has: async (chat, number) => (await read(chat)).some((s) => s.number === number),
  };
}
