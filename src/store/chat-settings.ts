import * as z from 'zod';
import type { KeyValueCache } from '../cache/memory-cache.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import type { QuietHours } from '../domain/quiet-hours.js';
import { BadRecordError, decodeRecord } from './stored-record.js';

export const UPDATE_LEVELS = ['all', 'events', 'milestones'] as const;
export type UpdateLevel = (typeof UPDATE_LEVELS)[number];

/** What a chat chose; unset fields fall back to the user's platform language and the defaults. */
export interface ChatSettings {
  readonly locale?: Locale;
  /** IANA time zone. */
  readonly timeZone?: string;
  /**
   * What subscriptions tell: every new event (`events`, the default), also every change of the expected
   * delivery (`all`), or only changes of status (`milestones`).
   */
  readonly updates?: UpdateLevel;
  /** When notifications wait (`/quiet`); none when unset. */
  readonly quiet?: QuietHours;
}

/** A change to a chat's settings: a field given as `undefined` is unset (`/quiet off`). */
type ChatSettingsChange = { readonly [K in keyof ChatSettings]?: ChatSettings[K] | undefined };

const minuteOfDay = z.number().int().min(0).max(1439);

/** A chat's settings as stored, validated on every read. */
const settingsRecord: z.ZodType<ChatSettings> = z.object({
  locale: z.enum(LOCALES).exactOptional(),
  timeZone: z.string().exactOptional(),
  updates: z.enum(UPDATE_LEVELS).exactOptional(),
  quiet: z
    .object({ from: minuteOfDay, to: minuteOfDay, urgent: z.boolean() })
    .refine((q) => q.from !== q.to, 'quiet hours must not start and end at the same time')
    .exactOptional(),
});

export interface ChatSettingsStore {
  /** Rejects with a `BadRecordError` when the stored settings are not ones this release reads. */
  get(chatKey: string): Promise<ChatSettings>;
  /**
   * Merges `change` into the chat's settings (into none, when the stored ones are unreadable); a field
   * given as `undefined` is removed.
   */
  update(chatKey: string, change: ChatSettingsChange): Promise<void>;
  forget(chatKey: string): Promise<void>;
}

/** Settings on the store port, one record per chat (`settings:<chat key>`), kept until `/forget`. */
export function chatSettingsOn(store: KeyValueCache): ChatSettingsStore {
  const key = (chatKey: string) => `settings:${chatKey}`;
  const read = async (chatKey: string) => {
    const raw = await store.get(key(chatKey));
    if (raw === undefined) return {};
    return decodeRecord(settingsRecord, 'chat settings', chatKey, raw);
  };
  return {
    get: read,
    async update(chatKey, change) {
      const current = await read(chatKey).catch((error: unknown) => {
        if (error instanceof BadRecordError) return {};
        throw error;
      });
      const merged = Object.entries({ ...current, ...change }).filter(([, value]) => value !== undefined);
      await store.set(key(chatKey), Object.fromEntries(merged));
    },
    forget: (chatKey) => store.delete(key(chatKey)),
  };
}
