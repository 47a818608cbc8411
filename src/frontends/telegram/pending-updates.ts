import type { Update } from 'telegraf/types';
import * as z from 'zod';
import type { KeyedLock } from '../../collections/keyed-lock.js';
import type { StoredCache } from '../../store/keyv-cache.js';
import { decodeRecord } from '../../store/stored-record.js';

/**
 * The durable half of the Telegram intake: every update taken from Telegram is written here before
 * Telegram is told it arrived (the next getUpdates offset, or the webhook's 200), and removed only
 * once it has been handled. After a crash, what is still here is what was taken and not yet answered.
 *
 * Two namespaces of the store: `telegram-pending` (update id → the update as Telegram sent it, and how
 * many times its handling has begun) and `telegram-handled` (update id → handled, kept a day: Telegram
 * keeps an unconfirmed update at most 24 hours, https://core.telegram.org/bots/api#getting-updates, so
 * no copy of an older one can arrive), which together tell a copy Telegram sends again from a new update.
 */

const PENDING = 'telegram-pending';
const HANDLED = 'telegram-handled';
/** How long a handled update's id is remembered: Telegram's own 24 hours. */
const HANDLED_KEPT_MS = 24 * 60 * 60 * 1000;

/** A pending update as stored: the update's own fields pass through untouched. */
const PendingRecord = z.object({
  update: z.looseObject({ update_id: z.number().int().nonnegative() }),
  /** Handlings begun so far (1 once recorded: the first one begins at once). */
  tries: z.number().int().positive(),
  /** The process run handling it (`instance-presence.ts`); absent in records from before owners were kept. */
  owner: z.string().optional(),
});

export interface PendingUpdate {
  readonly update: Update;
  readonly tries: number;
  /** The run that took it, or last took it over. */
  readonly owner?: string;
}

/** What listing found: the readable pending updates, oldest first, and the keys of the unreadable ones. */
interface PendingList {
  readonly updates: readonly PendingUpdate[];
  readonly unreadable: readonly string[];
}

export interface PendingUpdates {
  /**
   * Writes `update` as pending, owned by the run `owner`, with its first try counted; `known` (nothing
   * written) when that update is already pending or was handled. Rejects with the store's error when it
   * could not be written.
   */
  record(update: Update, owner: string): Promise<'recorded' | 'known'>;
  /** Counts one more try of a pending update, now owned by the run `owner`, before it is handled again. */
  countTry(pending: PendingUpdate, owner: string): Promise<void>;
  /**
   * The update is done with: remembered as handled, then no longer pending (in that order: a crash in
   * between leaves it pending and known as handled, so it is not handled again).
   */
  finish(updateId: number): Promise<void>;
  /** Every pending update, by update id (Telegram's order). */
  list(): Promise<PendingList>;
  /** Forgets an unreadable pending record. */
  drop(key: string): Promise<void>;
}

export interface PendingUpdatesStore {
  namespace(name: string): StoredCache;
  /**
   * Excludes instances from each other (the store's lock): an update two instances receive at once
   * (a webhook call Telegram sent again to another instance) is recorded by one. @defaultValue none: one process
   */
  readonly lock?: KeyedLock;
}

export function pendingUpdatesOn(store: PendingUpdatesStore): PendingUpdates {
  const pending = store.namespace(PENDING);
  const handled = store.namespace(HANDLED);
  const key = (updateId: number) => String(updateId);
  return {
    record(update, owner) {
      const id = key(update.update_id);
      const once = async (): Promise<'recorded' | 'known'> => {
        const [isPending, wasHandled] = await Promise.all([pending.get(id), handled.get(id)]);
        if (isPending !== undefined || wasHandled !== undefined) return 'known';
        await pending.set(id, { update, tries: 1, owner });
        return 'recorded';
      };
      return store.lock ? store.lock.withLock(`telegram-update:${id}`, once) : once();
    },
    async countTry({ update, tries }, owner) {
      await pending.set(key(update.update_id), { update, tries: tries + 1, owner });
    },
    async finish(updateId) {
      await handled.set(key(updateId), true, HANDLED_KEPT_MS);
      await pending.delete(key(updateId));
    },
    async list() {
      const updates: PendingUpdate[] = [];
      const unreadable: string[] = [];
      for await (const [id, raw] of pending.entries<unknown>()) {
        try {
          const record = decodeRecord(PendingRecord, 'pending Telegram update', id, raw);
          updates.push({
            update: record.update as unknown as Update,
            tries: record.tries,
            ...(record.owner === undefined ? {} : { owner: record.owner }),
          });
        } catch {
          unreadable.push(id);
        }
      }
      updates.sort((a, b) => a.update.update_id - b.update.update_id);
      return { updates, unreadable };
    },
    drop: (id) => pending.delete(id),
  };
}
