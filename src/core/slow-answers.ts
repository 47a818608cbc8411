import type { Clock } from '../time/clock.js';
import type { Conversation } from './conversation.js';

/** An answer that takes longer than this lets the chat's next update start meanwhile. @defaultValue 1 s */
export const RELEASE_AFTER_MS = 1000;

/**
 * Runs `work`, which only answers (carrier lookups and their replies; nothing a later update reads), and
 * releases the chat's turn (`conv.release`) once it has taken {@link RELEASE_AFTER_MS}: a quick answer
 * keeps the chat's replies in the order of its messages, while a slow carrier never holds up `/help`
 * (its answers follow when they come).
 */
export async function answerSlowly<T>(conv: Conversation, clock: Clock, work: () => Promise<T>): Promise<T> {
  const done = new AbortController();
  clock.sleep(RELEASE_AFTER_MS, done.signal).then(conv.release, () => undefined);
  try {
    return await work();
  } finally {
    done.abort();
  }
}
