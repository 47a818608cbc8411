import type { KeyedLock } from '../../collections/keyed-lock.js';
import { type ChatRef, chatKey } from '../../domain/chat.js';
import type { StoredChange } from '../../store/store-backend.js';
import type { SubscriptionRecord, WatchRecord } from '../subscription-records.js';
import { drop, put, type SubscriptionTables, subKey, type TableRecords } from './subscription-tables.js';

export interface ChatChangesDeps {
  readonly tables: SubscriptionTables;
  readonly records: TableRecords;
  /** Writes records of several tables together: every one or none (`StoreBackend.write`). */
  readonly write: (changes: readonly StoredChange[]) => Promise<void>;
  readonly lock: KeyedLock;
}

export type AddResult = 'added' | 'revived' | 'exists' | 'limit';

/** The changes that write several records together: subscribing, unsubscribing, a chat going away. */
export interface ChatChanges {
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
  /**
   * The chat can no longer be written to (blocked the bot, left, deleted): its subscriptions become
   * `inactive` (kept, so subscribing again revives them), come off their watches, and lose what was
   * waiting to be sent. How many were active.
   */
  deactivate(chat: string): Promise<number>;
}

/** An expired or inactive subscription followed again: today's label, language, told events and estimate. */
function revived(existing: SubscriptionRecord, fresh: SubscriptionRecord): SubscriptionRecord {
  const { label: _oldLabel, pending: _oldPending, ...kept } = existing;
  return {
    ...kept,
    ...(fresh.label ? { label: fresh.label } : {}),
    ...(fresh.locale ? { locale: fresh.locale } : {}),
    ...(fresh.toldEstimate ? { toldEstimate: fresh.toldEstimate } : {}),
    state: 'active',
    told: [...new Set([...existing.told, ...fresh.told])],
  };
}

/**
 * Each change holds the chat's lock, then the subscription's, then the watch's (never the other way,
 * so holders cannot wait on each other), and writes its records in one batch (`deps.write`: one
 * transaction, or one Redis `MULTI`), so a crash or a failed write leaves all of them or none.
 */
export function createChatChanges(deps: ChatChangesDeps): ChatChanges {
  const { tables, records, lock, write } = deps;

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
        ...records.unwatchChange(await records.watch(number), chat),
        records.indexChange(chat, index),
      ]),
    );

  return {
    add: (subscription, watch, maxActive) => {
      const chat = chatKey(subscription.chat);
      const { number } = subscription;
      return lock.withLock(`chat:${chat}`, async () => {
        const index = await records.index(chat);
        const existing = index.numbers.includes(number)
          ? await records.subscription(chat, number)
          : undefined;
        if (existing?.state === 'active') return { result: 'exists' as const };
        const others = await Promise.all(
          index.numbers.filter((n) => n !== number).map((n) => records.subscription(chat, n)),
        );
        if (others.filter((s) => s?.state === 'active').length >= maxActive)
          return { result: 'limit' as const };

        return withRecordLocks(chat, number, async () => {
          const current = await records.watch(number);
          const watched = current
            ? { ...current, chats: current.chats.includes(chat) ? current.chats : [...current.chats, chat] }
            : watch;
          await write([
            ...(index.numbers.includes(number)
              ? []
              : [records.indexChange(chat, [...index.numbers, number])]),
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
        const index = await records.index(key);
        if (!index.numbers.includes(number)) return false;
        const existed = (await records.subscription(key, number))?.state === 'active';
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
        const remaining = [...(await records.index(key)).numbers];
        let active = 0;
        for (const number of [...remaining]) {
          if ((await records.subscription(key, number).catch(() => undefined))?.state === 'active') active++;
          remaining.shift();
          await dropSubscription(key, number, remaining);
        }
        return active;
      });
    },

    deactivate: (chat) =>
      lock.withLock(`chat:${chat}`, async () => {
        let active = 0;
        for (const number of (await records.index(chat)).numbers) {
          const before = await withRecordLocks(chat, number, async () => {
            const current = await records.subscription(chat, number);
            const changes = [
              drop(tables.outbox, subKey(chat, number)),
              ...records.unwatchChange(await records.watch(number), chat),
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
  };
}
