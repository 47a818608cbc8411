import type { Clock } from '../time/clock.js';

interface HeldChatsDeps {
  readonly clock: Clock;
  /** Aborts every wait (the notifier stopping); what is held stays in the outbox for the next start. */
  readonly signal: AbortSignal;
  /** Asks the notifier to flush the chat now: something is handed back (`take`). */
  readonly wake: (chat: string) => void;
  /** Every number the chat's outbox may hold (`Outbox.numbersOf`). */
  readonly numbersOf: (chat: string) => Promise<readonly string[]>;
  /**
   * Whether this process sends the digest of `chat`'s quiet hours that ended at `endedAt`: several
   * instances may hold the same chat (each finds the outbox at its start), one sends. @defaultValue always
   */
  readonly claimDigest?: (chat: string, endedAt: number) => Promise<boolean>;
}

/** The numbers each chat's quiet hours hold in the outbox, and when to hand them back. */
export interface HeldChats {
  /** Holds `numbers` of `chat` until `until` (epoch ms); a chat held again waits for the latest end given. */
  hold(chat: string, numbers: readonly string[], until: number): void;
  /** The chat's quiet hours changed: its whole outbox is handed back now, whichever instance held it. */
  release(chat: string): void;
  /** Hands back what every chat holds whose end has come by the clock, without waiting for its timer. */
  releaseDue(): void;
  /** Whether something was handed back for `chat` and not yet taken. */
  handedBack(chat: string): boolean;
  /**
   * The numbers handed back for `chat`, for the notifier's flush: at an end, everything the chat's outbox
   * holds if this process claims the digest, else none; after a change, everything. When it rejects (the
   * store is away) the hand-back stays, to be taken again.
   */
  take(chat: string): Promise<readonly string[]>;
}

interface Held {
  readonly numbers: Set<string>;
  readonly until: number;
  readonly wait: AbortController;
}

/** Handed back: at the end of quiet hours (`endedAt`), or on a change of them (none). */
interface HandBack {
  readonly numbers: Set<string>;
  readonly endedAt?: number;
}

/**
 * Only the memory of a hold: the notifications themselves stay in the outbox, so a restart finds them
 * again (and holds them again, or sends them if the quiet hours ended meanwhile).
 */
export function createHeldChats(deps: HeldChatsDeps): HeldChats {
  const held = new Map<string, Held>();
  const handed = new Map<string, HandBack>();

  const handBack = (chat: string, ended: boolean) => {
    const entry = held.get(chat);
    held.delete(chat);
    entry?.wait.abort();
    const earlier = handed.get(chat);
    const numbers = new Set([...(earlier?.numbers ?? []), ...(entry?.numbers ?? [])]);
    // A change hands back everything with no digest to claim, and outranks an end not yet taken.
    const changedEarlier = earlier !== undefined && earlier.endedAt === undefined;
    const endedAt = ended && !changedEarlier ? entry?.until : undefined;
    handed.set(chat, endedAt === undefined ? { numbers } : { numbers, endedAt });
    deps.wake(chat);
  };

  const wakeAt = (chat: string, entry: Held) => {
    const signal = AbortSignal.any([deps.signal, entry.wait.signal]);
    deps.clock.sleep(entry.until - deps.clock.now(), signal).then(
      () => {
        if (held.get(chat) === entry) handBack(chat, true);
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
    release: (chat) => handBack(chat, false),
    releaseDue() {
      const now = deps.clock.now();
      for (const [chat, entry] of [...held]) if (entry.until <= now) handBack(chat, true);
    },
    handedBack: (chat) => handed.has(chat),
    async take(chat) {
      let back = handed.get(chat);
      if (!back) return [];
      if (back.endedAt !== undefined && deps.claimDigest) {
        if (!(await deps.claimDigest(chat, back.endedAt))) {
          if (handed.get(chat) === back) handed.delete(chat);
          return [];
        }
        // Claimed: whatever fails next, this process sends it, without claiming again.
        if (handed.get(chat) === back) {
          back = { numbers: back.numbers };
          handed.set(chat, back);
        }
      }
      const all = [...new Set([...back.numbers, ...(await deps.numbersOf(chat))])];
      if (handed.get(chat) === back) handed.delete(chat);
      return all;
    },
  };
}
