import type { KeyValueCache } from '../cache/memory-cache.js';
import type { Locale } from '../domain/locale.js';

/** What a chat chose; unset fields fall back to the user's platform language and the defaults. */
export interface ChatSettings {
  readonly locale?: Locale;
  /** IANA time zone. */
  readonly timeZone?: string;
  /** What subscriptions tell: every new event (the default), or only changes of status. */
  readonly updates?: 'all' | 'milestones';
}

export interface ChatSettingsStore {
  get(chatKey: string): Promise<ChatSettings>;
  /** Merges `change` into the chat's settings. */
  update(chatKey: string, change: ChatSettings): Promise<void>;
  forget(chatKey: string): Promise<void>;
}

/** Settings on the store port, one record per chat (`settings:<chat key>`), kept until `/forget`. */
export function chatSettingsOn(store: KeyValueCache): ChatSettingsStore {
  const key = (chatKey: string) => `settings:${chatKey}`;
  return {
    get: async (chatKey) => (await store.get<ChatSettings>(key(chatKey))) ?? {},
    async update(chatKey, change) {
      const current = (await store.get<ChatSettings>(key(chatKey))) ?? {};
      await store.set(key(chatKey), { ...current, ...change });
    },
    forget: (chatKey) => store.delete(key(chatKey)),
  };
}
