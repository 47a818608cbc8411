/**
 * Who follows what in the subscription benchmarks: 40,000 Telegram chats (a quarter of them groups)
 * following 1–5 parcels each, 100,000 subscriptions in all over 60,000 distinct numbers. Every number is
 * followed at least once; the remaining 40,000 go to the first third of the numbers (a family group and
 * its members following the same parcel), so a poll of one number often fans out to several chats.
 */
import type { ChatRef } from '../src/domain/chat.js';
import type { TrackingNumber } from '../src/domain/tracking-number.js';

export interface PlannedSubscription {
  readonly chat: ChatRef;
  readonly number: TrackingNumber;
  readonly label?: string;
}

/** Parcels per chat, 1 to 5, with these weights (mean 2.5). */
const PER_CHAT_WEIGHTS = [0.3, 0.25, 0.2, 0.15, 0.1];

/**
 * `subscriptions` subscriptions of `chats` chats to `numbers` (all of them, some several times), in the
 * shuffled order they are made.
 */
export function subscriptionPlan(
  chats: number,
  subscriptions: number,
  numbers: readonly TrackingNumber[],
  random: () => number,
): PlannedSubscription[] {
  const counts = Array.from({ length: chats }, () => 1 + pickWeighted(PER_CHAT_WEIGHTS, random()));
  // Nudge random chats (staying within 1–5) until the total is exact.
  for (let total = counts.reduce((a, b) => a + b, 0); total !== subscriptions; ) {
    const i = Math.floor(random() * chats);
    const step = total < subscriptions ? 1 : -1;
    const next = (counts[i] as number) + step;
    if (next < 1 || next > PER_CHAT_WEIGHTS.length) continue;
    counts[i] = next;
    total += step;
  }

  const slots = shuffle(
    counts.flatMap((count, chat) => Array.from({ length: count }, () => chat)),
    random,
  );
  const followed = counts.map(() => new Set<TrackingNumber>());
  return slots.map((chatIndex, slot) => {
    const taken = followed[chatIndex] as Set<TrackingNumber>;
    // The first `numbers.length` slots take every number once; later ones pick among the first third.
    let number = numbers[slot] as TrackingNumber;
    while (slot >= numbers.length && (number === undefined || taken.has(number))) {
      number = numbers[Math.floor((random() * numbers.length) / 3)] as TrackingNumber;
    }
    taken.add(number);
    const group = chatIndex % 4 === 3;
    const id = String(group ? -(1_000_000 + chatIndex) : 1_000_000 + chatIndex);
    const chat: ChatRef = { platform: 'telegram', id, kind: group ? 'group' : 'private' };
    return random() < 0.3 ? { chat, number, label: `Order ${slot}` } : { chat, number };
  });
}

/** The index whose share of `weights` (summing to 1) `r` ∈ [0, 1) falls in. */
export function pickWeighted(weights: readonly number[], r: number): number {
  let upTo = 0;
  for (const [i, w] of weights.entries()) {
    upTo += w;
    if (r < upTo) return i;
  }
  return weights.length - 1;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Runs `work` on every item with at most `concurrency` at once. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
