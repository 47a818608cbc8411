import { type ChatRef, chatKey } from '../../core/incoming.js';
import type { KeyedLock } from '../../store/keyed-lock.js';
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

export type AddResult = 'added' | 'revived' | 'exists' | 'limit';

/** A chat's parcel as `/list` shows it. */
export interface ChatParcel {
  readonly subscription: SubscriptionRecord;
  readonly watch?: WatchRecord;
}

/** A change to one record: the new value, or `undefined` to delete it. */
export type Change<T> = (current: T) => T | undefined;

export interface SubscriptionStore {
  /**
   * Adds (or revives an expired or inactive) subscription, and the number's watch when it has none
   * (`watch` is used only then). Resolves only once every write has landed: the user may be told.
   */
  add(
    subscription: SubscriptionRecord,
    watch: WatchRecord,
    maxActive: number,
  ): Promise<{ result: AddResult; watch?: WatchRecord }>;
  /** Whether there was one to remove. */
  remove(chat: ChatRef, number: string): Promise<boolean>;
  /** Removes every record about the chat's subscriptions; how many there were. */
  removeAll(chat: ChatRef): Promise<number>;
  list(chat: ChatRef): Promise<readonly ChatParcel[]>;
  /**
   * The chat can no longer be written to (blocked the bot, left, deleted): its subscriptions become
   * `inactive` (kept, so subscribing again revives them), come off their watches, and lose what was
   * waiting to be sent. How many were active.
   */
  deactivate(chat: string): Promise<number>;
  subscription(chat: string, number: string): Promise<SubscriptionRecord | undefined>;
  watch(number: string): Promise<WatchRecord | undefined>;
  /** Changes a subscription under its lock; a missing one is left missing. Resolves with the result. */
  updateSubscription(
    chat: string,
    number: string,
    change: Change<SubscriptionRecord>,
  ): Promise<SubscriptionRecord | undefined>;
  /** Changes a watch under its lock (deleting it also takes it off every chat). */
  updateWatch(number: string, change: Change<WatchRecord>): Promise<WatchRecord | undefined>;
  /** Marks a subscription as having a notification to send; call before recording the notification. */
  markOutbox(chat: string, number: string): Promise<void>;
  clearOutbox(chat: string, number: string): Promise<void>;
  /** Every watch, for the scheduler's start. Unreadable records are reported through `onBadRecord` and skipped. */
  watches(): AsyncIterable<WatchRecord>;
  /** Every subscription marked in the outbox, as `[chat key, number]`. */
  outbox(): AsyncIterable<readonly [string, string]>;
}

export interface SubscriptionStoreDeps {
  readonly tables: SubscriptionTables;
  /** Writes records of several tables together: every one or none (`StoreBackend.write`). */
  readonly write: (changes: readonly StoredChange[]) => Promise<void>;
  readonly lock: KeyedLock;
  /** A record that failed validation during a scan (skipped) — logged by the caller. */
  readonly onBadRecord: (error: Error) => void;
}

const subKey = (chat: string, number: string) => `${chat}|${number}`;

const put = (table: StoredCache, key: string, value: unknown): StoredChange => ({
  namespace: table.namespace,
  key,
  value,
});
const drop = (table: StoredCache, key: string): StoredChange => put(table, key, undefined);

/** An expired or inactive subscription followed again: today's label, language and told events. */
function revived(existing: SubscriptionRecord, fresh: SubscriptionRecord): SubscriptionRecord {
  const { label: _oldLabel, pending: _oldPending, ...kept } = existing;
  return {
    ...kept,
    ...(fresh.label ? { label: fresh.label } : {}),
    ...(fresh.locale ? { locale: fresh.locale } : {}),
    state: 'active',
    told: [...new Set([...existing.told, ...fresh.told])],
  };
}

/**
 * Subscriptions on the store port: one record per (chat, number), a watch per number listing its chats,
 * and an index per chat. Every read-change-write holds the record's lock (`deps.lock`), so concurrent
 * commands and polls never lose an update; where several records change together, their locks are
 * taken chat → subscription → watch (never the other way, so holders cannot wait on each other) and the
 * records are written in one batch (`deps.write`: one transaction, or one Redis `MULTI`), so a crash
 * or a failed write leaves all of them or none. Changes of one record alone (a poll's news, the
 * outbox) are single writes. A chat's index may still name a number without a record (written by an
 * earlier release, which wrote one record at a time): reads skip it and the next change prunes it.
 */
export function createSubscriptionStore(deps: SubscriptionStoreDeps): SubscriptionStore {
  const { tables, lock, write } = deps;

  const readSub = async (chat: string, number: string) => {
    const raw = await tables.subscriptions.get(subKey(chat, number));
    return raw === undefined
      ? undefined
      : decodeRecord(subscriptionRecord, 'subscription', subKey(chat, number), raw);
  };
  const readWatch = async (number: string) => {
    const raw = await tables.watches.get(number);
    return raw === undefined ? undefined : decodeRecord(watchRecord, 'watch', number, raw);
  };
  const readIndex = async (chat: string): Promise<ChatIndexRecord> => {
    const raw = await tables.chats.get(chat);
    return raw === undefined ? { v: 1, numbers: [] } : decodeRecord(chatIndexRecord, 'chat index', chat, raw);
  };
  const indexChange = (chat: string, numbers: readonly string[]) =>
    numbers.length === 0
      ? drop(tables.chats, chat)
      : put(tables.chats, chat, { v: 1, numbers: [...numbers] });

  const updateWatch = (number: string, change: Change<WatchRecord>) =>
    lock.withLock(`watch:${number}`, async () => {
      const current = await readWatch(number);
      if (!current) return undefined;
      const next = change(current);
      if (next) await tables.watches.set(number, next);
      else await tables.watches.delete(number);
      return next;
    });

  /** The change that takes the chat off the number's watch (which goes with its last chat), if it has one. */
  const unwatchChange = (watch: WatchRecord | undefined, chat: string): StoredChange[] => {
    if (!watch) return [];
    const chats = watch.chats.filter((c) => c !== chat);
    return [
      chats.length === 0
        ? drop(tables.watches, watch.number)
        : put(tables.watches, watch.number, { ...watch, chats }),
    ];
  };

  /**
   * Runs `work` holding the subscription's lock, then the number's watch's: the order every multi-record
   * change takes (and only these take two), after the chat's lock.
   */
  const withRecordLocks = <T>(chat: string, number: string, work: () => Promise<T>) =>
    lock.withLock(`sub:${subKey(chat, number)}`, () => lock.withLock(`watch:${number}`, work));

  /** Removes the subscription, its outbox mark and its place on the watch; `index`: the chat's numbers after. */
  const dropSubscription = (chat: string, number: string, index: readonly string[]) =>
    withRecordLocks(chat, number, async () =>
      write([
        drop(tables.outbox, subKey(chat, number)),
        drop(tables.subscriptions, subKey(chat, number)),
        ...unwatchChange(await readWatch(number), chat),
        indexChange(chat, index),
      ]),
    );

  async function* scan<T>(table: StoredCache, read: (key: string, raw: unknown) => T) {
    for await (const [key, raw] of table.entries()) {
      try {
        yield read(key, raw);
      } catch (error) {
        deps.onBadRecord(error as Error);
      }
    }
  }

  return {
    add: (subscription, watch, maxActive) => {
      const chat = chatKey(subscription.chat);
      const { number } = subscription;
      return lock.withLock(`chat:${chat}`, async () => {
        const index = await readIndex(chat);
        const existing = index.numbers.includes(number) ? await readSub(chat, number) : undefined;
        if (existing?.state === 'active') return { result: 'exists' as const };
        const others = await Promise.all(
          index.numbers.filter((n) => n !== number).map((n) => readSub(chat, n)),
        );
        if (others.filter((s) => s?.state === 'active').length >= maxActive)
          return { result: 'limit' as const };

        return withRecordLocks(chat, number, async () => {
          const current = await readWatch(number);
          const watched = current
            ? { ...current, chats: current.chats.includes(chat) ? current.chats : [...current.chats, chat] }
            : watch;
          await write([
            ...(index.numbers.includes(number) ? [] : [indexChange(chat, [...index.numbers, number])]),
            put(
              tables.subscriptions,
              subKey(chat, number),
              existing ? revived(existing, subscription) : subscription,
            ),
            put(tables.watches, number, watched),
          ]);
          return { result: existing ? ('revived' as const) : ('added' as const), watch: watched };
        });
      });
    },

    remove: (chat, number) => {
      const key = chatKey(chat);
      return lock.withLock(`chat:${key}`, async () => {
        const index = await readIndex(key);
        if (!index.numbers.includes(number)) return false;
        const existed = (await readSub(key, number))?.state === 'active';
        await dropSubscription(
          key,
          number,
          index.numbers.filter((n) => n !== number),
        );
        return existed;
      });
    },

    removeAll: (chat) => {
      const key = chatKey(chat);
      return lock.withLock(`chat:${key}`, async () => {
        const remaining = [...(await readIndex(key)).numbers];
        let active = 0;
        for (const number of [...remaining]) {
          if ((await readSub(key, number).catch(() => undefined))?.state === 'active') active++;
          remaining.shift();
          await dropSubscription(key, number, remaining);
        }
        return active;
      });
    },

    deactivate: (chat) =>
      lock.withLock(`chat:${chat}`, async () => {
        let active = 0;
        for (const number of (await readIndex(chat)).numbers) {
          const before = await withRecordLocks(chat, number, async () => {
            const current = await readSub(chat, number);
            const changes = [
              drop(tables.outbox, subKey(chat, number)),
              ...unwatchChange(await readWatch(number), chat),
            ];
            if (current) {
              const { pending: _dropped, ...rest } = current;
              changes.unshift(
                put(tables.subscriptions, subKey(chat, number), { ...rest, state: 'inactive' }),
              );
            }
            await write(changes);
            return current;
          });
          if (before?.state === 'active') active++;
        }
        return active;
      }),

    async list(chat) {
      const key = chatKey(chat);
      const index = await readIndex(key);
      const parcels = await Promise.all(
        index.numbers.map(async (number) => {
          const subscription = await readSub(key, number);
          if (!subscription) return undefined;
          const watch = subscription.state === 'active' ? await readWatch(number) : undefined;
          return watch ? { subscription, watch } : { subscription };
        }),
      );
      return parcels.filter((p) => p !== undefined);
    },

    subscription: readSub,
    watch: readWatch,

    updateSubscription: (chat, number, change) =>
      lock.withLock(`sub:${subKey(chat, number)}`, async () => {
        const current = await readSub(chat, number);
        if (!current) return undefined;
        const next = change(current);
        if (next) await tables.subscriptions.set(subKey(chat, number), next);
        else await tables.subscriptions.delete(subKey(chat, number));
        return next;
      }),

    updateWatch,
    markOutbox: (chat, number) => tables.outbox.set(subKey(chat, number), 1),
    clearOutbox: (chat, number) => tables.outbox.delete(subKey(chat, number)),

    watches: () => scan(tables.watches, (key, raw) => decodeRecord(watchRecord, 'watch', key, raw)),

    outbox: () =>
      scan(tables.outbox, (key) => {
        const split = key.lastIndexOf('|');
        return [key.slice(0, split), key.slice(split + 1)] as const;
      }),
  };
}
