import type { Clock } from '../time/clock.js';

interface HeldChatsDeps {
  readonly clock: Clock;
  /** Aborts every wait (the notifier stopping); what is held stays in the outbox for the next start. */
  readonly signal: AbortSignal;
  /**
   * Hands a chat's held numbers back to be sent: with `endedAt` (the end they were held until) when their
   * quiet hours ended, without when they were let go early (the chat changed its quiet hours).
   */
  readonly release: (chat: string, numbers: readonly string[], endedAt?: number) => void;
}

/** The numbers each chat's quiet hours hold in the outbox, and a wait until their end. */
interface HeldChats {
  /** Holds `numbers` of `chat` until `until` (epoch ms); a chat held again waits for the latest end given. */
  hold(chat: string, numbers: readonly string[], until: number): void;
  /** Hands back what `chat` holds now (its quiet hours changed: they are looked at again). */
  release(chat: string): void;
  /** Hands back what every chat holds whose end has come by the clock, without waiting for its timer. */
  releaseDue(): void;
}

interface Held {
  readonly numbers: Set<string>;
  readonly until: number;
  readonly wait: AbortController;
}

/**
 * Only the memory of a hold: the notifications themselves stay in the outbox, so a restart finds them
 * again (and holds them again, or sends them if the quiet hours ended meanwhile).
 */
export function createHeldChats(deps: HeldChatsDeps): HeldChats {
  const held = new Map<string, Held>();

  const release = (chat: string, ended: boolean) => {
    const entry = held.get(chat);
    if (!entry) return;
    held.delete(chat);
    entry.wait.abort();
    deps.release(chat, [...entry.numbers], ...(ended ? [entry.until] : []));
  };

  const wakeAt = (chat: string, entry: Held) => {
    const signal = AbortSignal.any([deps.signal, entry.wait.signal]);
    deps.clock.sleep(entry.until - deps.clock.now(), signal).then(
      () => {
        if (held.get(chat) === entry) release(chat, true);
      },
      () => undefined,
    );
  };

  return {
    hold(chat, numbers, until) {
      const earlier = held.get(chat);
      if (earlier?.until === until) {
        for (const n of numbers) earlier.numbers.add(n);
        return;
      }
      earlier?.wait.abort();
      const all = new Set([...(earlier?.numbers ?? []), ...numbers]);
      const entry: Held = { numbers: all, until, wait: new AbortController() };
      held.set(chat, entry);
      wakeAt(chat, entry);
    },
    release: (chat) => release(chat, false),
    releaseDue() {
      const now = deps.clock.now();
      for (const [chat, entry] of [...held]) if (entry.until <= now) release(chat, true);
    },
  };
}
