import type { Clock } from '../time/clock.js';
import type { Conversation } from './conversation.js';

/**
 * An answer that takes longer than this lets the chat's next update start meanwhile, and the chat sees
 * that Postie is at work ("typing…"). @defaultValue 1 s
 */
export const RELEASE_AFTER_MS = 1000;

/**
 * How often "typing…" is shown again while the answer lasts: Telegram shows it for 5 seconds at most
 * (https://core.telegram.org/bots/api#sendchataction), so a little before that. @defaultValue 4.5 s
 */
export const TYPING_REPEAT_MS = 4500;

/**
 * Runs `work`, which only answers (carrier lookups and their replies; nothing a later update reads), and
 * once it has taken {@link RELEASE_AFTER_MS} releases the chat's turn (`conv.release`) and shows the
 * chat that Postie is at work (`conv.typing`, again every {@link TYPING_REPEAT_MS} until done): a quick
 * answer keeps the chat's replies in the order of its messages, while a slow carrier never holds up
 * `/help` (its answers follow when they come).
 */
export async function answerSlowly<T>(conv: Conversation, clock: Clock, work: () => Promise<T>): Promise<T> {
  const done = new AbortController();
  const whileWaiting = async () => {
    await clock.sleep(RELEASE_AFTER_MS, done.signal);
    conv.release();
    if (!conv.typing) return;
    for (;;) {
      await conv.typing();
      await clock.sleep(TYPING_REPEAT_MS, done.signal);
    }
  };
  whileWaiting().catch(() => undefined);
  try {
    return await work();
  } finally {
    done.abort();
  }
}
