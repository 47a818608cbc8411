import type { StoredCache } from '../../store/keyv-cache.js';
import type { StoredChange } from '../../store/store-backend.js';
import { decodeRecord } from '../../store/stored-record.js';
import {
  type ChatIndexRecord,
  chatIndexRecord,
  type SubscriptionRecord,
  subscriptionRecord,
  type WatchRecord,
  watchRecord,
} from '../subscription-records.js';

/** Where the store keeps things: one keyv namespace per record kind. */
export interface SubscriptionTables {
  /** `<chat key>|<number>` → {@link SubscriptionRecord}. */
  readonly subscriptions: StoredCache;
  /** `<number>` → {@link WatchRecord}. */
  readonly watches: StoredCache;
  /** `<chat key>` → {@link ChatIndexRecord}. */
  readonly chats: StoredCache;
  /** `<chat key>|<number>` → 1 for every subscription with a notification to send. */
  readonly outbox: StoredCache;
}

/** The key of a subscription, and of its outbox mark. */
export const subKey = (chat: string, number: string) => `${chat}|${number}`;

/** A change of a batch that stores `value` under `key`. */
export const put = (table: StoredCache, key: string, value: unknown): StoredChange => ({
  namespace: table.namespace,
  key,
  value,
});
/** A change of a batch that deletes the record under `key`. */
export const drop = (table: StoredCache, key: string): StoredChange => put(table, key, undefined);

/**
 * The records on their tables: reads validated against the records' schemas (rejecting with a
 * `BadRecordError` for one this release cannot read), and the changes batches are made of.
 */
export function tableRecords(tables: SubscriptionTables, onBadRecord: (error: Error) => void) {
  return {
    async subscription(chat: string, number: string): Promise<SubscriptionRecord | undefined> {
      const raw = await tables.subscriptions.get(subKey(chat, number));
      return raw === undefined
        ? undefined
        : decodeRecord(subscriptionRecord, 'subscription', subKey(chat, number), raw);
    },
    async watch(number: string): Promise<WatchRecord | undefined> {
      const raw = await tables.watches.get(number);
      return raw === undefined ? undefined : decodeRecord(watchRecord, 'watch', number, raw);
    },
    /** The chat's numbers, none when it has no index. */
    async index(chat: string): Promise<ChatIndexRecord> {
      const raw = await tables.chats.get(chat);
      return raw === undefined
        ? { v: 1, numbers: [] }
        : decodeRecord(chatIndexRecord, 'chat index', chat, raw);
    },
    /** The change that writes the chat's index as `numbers` (deleting it when there are none). */
    indexChange(chat: string, numbers: readonly string[]): StoredChange {
      return numbers.length === 0
        ? drop(tables.chats, chat)
        : put(tables.chats, chat, { v: 1, numbers: [...numbers] });
    },
    /** The change that takes the chat off the number's watch (which goes with its last chat), if it has one. */
    unwatchChange(watch: WatchRecord | undefined, chat: string): StoredChange[] {
      if (!watch) return [];
      const chats = watch.chats.filter((c) => c !== chat);
      return [
        chats.length === 0
          ? drop(tables.watches, watch.number)
          : put(tables.watches, watch.number, { ...watch, chats }),
      ];
    },
    /** Every record of `table` as `read` makes it; those it rejects go to `onBadRecord` and are skipped. */
    async *scan<T>(table: StoredCache, read: (key: string, raw: unknown) => T): AsyncGenerator<T> {
      for await (const [key, raw] of table.entries()) {
        try {
          yield read(key, raw);
        } catch (error) {
          onBadRecord(error as Error);
        }
      }
    },
  };
}

export type TableRecords = ReturnType<typeof tableRecords>;
