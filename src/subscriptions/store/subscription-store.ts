import type { KeyedLock } from '../../collections/keyed-lock.js';
import { type ChatRef, chatKey } from '../../domain/chat.js';
import type { StoredChange } from '../../store/store-backend.js';
import { decodeRecord } from '../../store/stored-record.js';
import {
  type SubscriptionRecord,
  subscriptionRecord,
  type WatchRecord,
  watchRecord,
} from '../subscription-records.js';
import { type ChatChanges, createChatChanges } from './chat-changes.js';
import { put, type SubscriptionTables, subKey, tableRecords } from './subscription-tables.js';

/** A chat's parcel as `/list` shows it. */
export interface ChatParcel {
  readonly subscription: SubscriptionRecord;
  readonly watch?: WatchRecord;
}

/** A change to one record: the new value, or `undefined` to delete it. */
type Change<T> = (current: T) => T | undefined;

/** Subscriptions and their watches on the store; the changes of several records together are {@link ChatChanges}. */
export interface SubscriptionStore extends ChatChanges {
  list(chat: ChatRef): Promise<readonly ChatParcel[]>;
  /** The numbers the chat (its key) has records for, in subscription order. */
  numbers(chat: string): Promise<readonly string[]>;
  subscription(chat: string, number: string): Promise<SubscriptionRecord | undefined>;
  watch(number: string): Promise<WatchRecord | undefined>;
  /** Changes a subscription under its lock; a missing one is left missing. Resolves with the result. */
  updateSubscription(
    chat: string,
    number: string,
    change: Change<SubscriptionRecord>,
  ): Promise<SubscriptionRecord | undefined>;
  /**
   * Changes a subscription under its lock and, when the change leaves a notification pending, writes
   * the record and its outbox mark in one batch: a crash leaves both or neither, so what is recorded is
   * neither lost (unmarked) nor recorded again. A change that returns `current` itself writes nothing.
   */
  recordNotification(
    chat: string,
    number: string,
    change: (current: SubscriptionRecord) => SubscriptionRecord,
  ): Promise<SubscriptionRecord | undefined>;
  /** Changes a watch under its lock (deleting it also takes it off every chat). */
  updateWatch(number: string, change: Change<WatchRecord>): Promise<WatchRecord | undefined>;
  /** Marks a subscription as having a notification to send; call before recording the notification. */
  markOutbox(chat: string, number: string): Promise<void>;
  clearOutbox(chat: string, number: string): Promise<void>;
  /** Every watch, for the poller's start. Unreadable records are reported through `onBadRecord` and skipped. */
  watches(): AsyncIterable<WatchRecord>;
  /** Every subscription marked in the outbox, as `[chat key, number]`. */
  outbox(): AsyncIterable<readonly [string, string]>;
  /** Every subscription, whatever its state (the census). Unreadable records are reported and skipped. */
  subscriptions(): AsyncIterable<SubscriptionRecord>;
}

export interface SubscriptionStoreDeps {
  readonly tables: SubscriptionTables;
  /** Writes records of several tables together: every one or none (`StoreBackend.write`). */
  readonly write: (changes: readonly StoredChange[]) => Promise<void>;
  readonly lock: KeyedLock;
  /** A record that failed validation during a scan (skipped) — logged by the caller. */
  readonly onBadRecord: (error: Error) => void;
}

/**
 * Subscriptions on the store port: one record per (chat, number), a watch per number listing its chats,
 * and an index per chat (`subscription-tables.ts`). Every read-change-write holds the record's lock
 * (`deps.lock`), so concurrent commands and polls never lose an update; where several records change
 * together (`chat-changes.ts`: subscribing, unsubscribing, a chat going away), their locks are taken
 * chat → subscription → watch and the records are written in one batch (`deps.write`), so a crash or a
 * failed write leaves all of them or none. Changes of one record alone (a poll's news, the outbox) are
 * single writes. A chat's index may still name a number without a record (written by an earlier
 * release, which wrote one record at a time): reads skip it and the next change prunes it.
 */
export function createSubscriptionStore(deps: SubscriptionStoreDeps): SubscriptionStore {
  const { tables, lock, write } = deps;
  const records = tableRecords(tables, deps.onBadRecord);

  return {
    ...createChatChanges({ tables, records, lock, write }),

    async list(chat) {
      const key = chatKey(chat);
      const index = await records.index(key);
      const parcels = await Promise.all(
        index.numbers.map(async (number) => {
          const subscription = await records.subscription(key, number);
          if (!subscription) return undefined;
          const watch = subscription.state === 'active' ? await records.watch(number) : undefined;
          return watch ? { subscription, watch } : { subscription };
        }),
      );
      return parcels.filter((p) => p !== undefined);
    },

    numbers: async (chat) => (await records.index(chat)).numbers,
    subscription: records.subscription,
    watch: records.watch,

    updateSubscription: (chat, number, change) =>
      lock.withLock(`sub:${subKey(chat, number)}`, async () => {
        const current = await records.subscription(chat, number);
        if (!current) return undefined;
        const next = change(current);
        if (next) await tables.subscriptions.set(subKey(chat, number), next);
        else await tables.subscriptions.delete(subKey(chat, number));
        return next;
      }),

    recordNotification: (chat, number, change) =>
      lock.withLock(`sub:${subKey(chat, number)}`, async () => {
        const current = await records.subscription(chat, number);
        if (!current) return undefined;
        const next = change(current);
        if (next === current) return current;
        await write([
          put(tables.subscriptions, subKey(chat, number), next),
          ...(next.pending ? [put(tables.outbox, subKey(chat, number), 1)] : []),
        ]);
        return next;
      }),

    updateWatch: (number, change) =>
      lock.withLock(`watch:${number}`, async () => {
        const current = await records.watch(number);
        if (!current) return undefined;
        const next = change(current);
        if (next) await tables.watches.set(number, next);
        else await tables.watches.delete(number);
        return next;
      }),

    markOutbox: (chat, number) => tables.outbox.set(subKey(chat, number), 1),
    clearOutbox: (chat, number) => tables.outbox.delete(subKey(chat, number)),

    watches: () => records.scan(tables.watches, (key, raw) => decodeRecord(watchRecord, 'watch', key, raw)),

    subscriptions: () =>
      records.scan(tables.subscriptions, (key, raw) =>
        decodeRecord(subscriptionRecord, 'subscription', key, raw),
      ),

    outbox: () =>
      records.scan(tables.outbox, (key) => {
        const split = key.lastIndexOf('|');
        return [key.slice(0, split), key.slice(split + 1)] as const;
      }),
  };
}
