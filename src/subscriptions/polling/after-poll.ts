import type { Logger } from '../../logger.js';
import type { TrackResult } from '../../tracking/tracking-service.js';
import { type NewsRecorderDeps, recordEnding, recordNews } from '../news/record-news.js';
import { recordStall } from '../news/record-stall.js';
import type { PollStatus, WatchRecord } from '../subscription-records.js';
import { type NextStep, nextStep, type PollPace } from './cadence.js';
import { minutes } from './cadence-table.js';

/** A failed poll (carrier down, busy, over quota) is tried again after this, or the carrier's own hint. */
const FAILED_POLL_RETRY_MS = minutes(20);

export interface AfterPollDeps extends NewsRecorderDeps {
  readonly random: () => number;
  readonly logger: Logger;
  /** The budget's pace for an adapter's parcels (stretch 1 = their own pace). */
  readonly paceOf: (adapter: string | undefined) => PollPace;
}

/**
 * What one poll changes: the chats' news recorded first (so a crash before the watch is updated polls
 * again and the diff absorbs the repeat), each chat handed to `deps.deliver` as it is recorded; then the
 * watch's status, back-off and next poll; a parcel silent past its stall deadline alerts its chats once
 * (`news/record-stall.ts`); the end of following (not found for five days, 30 days without news,
 * delivered and confirmed) tells the chats and removes the watch. Resolves with the watch as it
 * now stands; `undefined` once following ended (watch deleted).
 */
export async function afterPoll(
  deps: AfterPollDeps,
  polled: WatchRecord,
  result: TrackResult,
  now: number,
): Promise<WatchRecord | undefined> {
  const { outcome } = result;
  if (outcome.kind === 'failed') {
    const wait = Math.max(FAILED_POLL_RETRY_MS, outcome.error.retryAfterMs ?? 0) * (1 + 0.2 * deps.random());
    return deps.store.updateWatch(polled.number, (w) => ({
      ...w,
      lastPolledAt: now,
      nextPollAt: now + Math.round(wait),
    }));
  }

  const shipment = outcome.kind === 'found' ? outcome.shipment : undefined;
  if (shipment) await recordNews(deps, polled, shipment, now);
  const status: PollStatus = shipment
    ? shipment.status
    : outcome.kind === 'not_found' && outcome.reason === 'expired'
      ? 'expired'
      : (polled.status ?? 'not_found');
  const lastEvent = shipment?.events[0] ?? polled.lastEvent;
  const news =
    shipment !== undefined && (lastEvent?.key !== polled.lastEvent?.key || status !== polled.status);

  const decided: { step: NextStep } = { step: { kind: 'poll', at: now } };
  const watch = await deps.store.updateWatch(polled.number, (w) => {
    let next: WatchRecord = {
      ...w,
      status,
      ...(lastEvent ? { lastEvent } : {}),
      ...(result.carrier && shipment ? { carrier: result.carrier } : {}),
      ...(result.adapter ? { adapter: result.adapter } : {}),
      lastPolledAt: now,
      // The first poll after subscribing only confirms what the chat was shown: the back-off starts after it.
      quietPolls: news || w.lastPolledAt === undefined ? 0 : w.quietPolls + 1,
      lastNewsAt: news ? now : w.lastNewsAt,
    };
    if (status === 'delivered' && w.phase === 'following') {
      next = { ...next, phase: 'confirming', deliveredAt: now, quietPolls: 0 };
    }
    const step = nextStep(next, now, deps.random, deps.paceOf(next.adapter));
    decided.step = step;
    return step.kind === 'poll' ? { ...next, nextPollAt: step.at } : next;
  });
  const { step } = decided;
  if (watch && step.kind === 'poll' && shipment) await recordStall(deps, watch, shipment, now);
  if (!watch || step.kind === 'poll') return watch;

  await endFollowing(deps, watch, step.kind, now);
  return undefined;
}

async function endFollowing(
  deps: AfterPollDeps,
  watch: WatchRecord,
  how: Exclude<NextStep['kind'], 'poll'>,
  now: number,
): Promise<void> {
  deps.logger.debug({ number: watch.number, how }, 'following ends');
  if (how === 'archive') {
    for (const chat of watch.chats) {
      const subscription = await deps.store.subscription(chat, watch.number);
      // Delivered and confirmed: the chat was told; a notice still unsent keeps its record until it is.
      if (subscription && !subscription.pending) await deps.store.remove(subscription.chat, watch.number);
    }
    await deps.store.updateWatch(watch.number, () => undefined);
    return;
  }
  await recordEnding(deps, watch, how === 'expire' ? 'expired' : 'not_found', now);
  await deps.store.updateWatch(watch.number, () => undefined);
}
