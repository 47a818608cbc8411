import type { CarrierId } from '../domain/carrier.js';
import { block, type Reply } from '../domain/reply.js';
import type { OrderReading } from '../extract/fuuffy-orders.js';
import type { TrackResult } from '../tracking/tracking-service.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import type { Conversation } from './conversation.js';
import { answerSlowly } from './slow-answers.js';

/** How many numbers one message may ask about (the extractor's cap; more is almost surely not a request). */
const MAX_NUMBERS_PER_MESSAGE = 20;

/** What `/track` chose: one carrier for every number, or every number a Fuuffy order id. */
export interface TrackChoice {
  readonly carrier?: CarrierId;
  readonly fuuffyOrders?: OrderReading;
}

/**
 * Tracks every number in `text` and answers one reply per number as each arrives (the first one as soon
 * as it can). A number whose every fitting format fails its check digit is answered as typed, preceded by
 * "did you mean …?" with a button for the corrected number. An answer that fails (the store away, the
 * platform refusing the reply) waits for the others and then fails the whole, once: none escapes unheard
 * while lookups are still under way.
 */
export async function trackText(
  text: string,
  conv: Conversation,
  deps: BotCoreDeps,
  choice: TrackChoice = {},
): Promise<void> {
  const { carrier, fuuffyOrders } = choice;
  const sending: Promise<void>[] = [];
  const failed: unknown[] = [];
  const { results, capped, withheld } = await answerSlowly(conv, deps.clock, async () => {
    const tracking = deps.tracking.trackText(text, {
      locale: conv.view.locale,
      priority: 'interactive',
      ...(carrier ? { carrier } : {}),
      ...(fuuffyOrders ? { fuuffyOrders } : {}),
      onResult: (result) =>
        sending.push(
          answer(result, conv, deps).catch((error: unknown) => {
            failed.push(error);
          }),
        ),
      allow: (wanted) => takeLookups(wanted, conv, deps),
    });
    const [tracked] = await Promise.allSettled([tracking]);
    await Promise.all(sending);
    if (tracked.status === 'rejected') throw tracked.reason;
    if (failed.length > 0) throw failed[0];
    return tracked.value;
  });
  if (results.length === 0 && withheld === 0)
    await conv.respond(deps.renderer.message('no_numbers', conv.view));
  if (capped)
    await conv.respond(deps.renderer.message('capped', conv.view, { max: MAX_NUMBERS_PER_MESSAGE }));
}

/**
 * Takes `wanted` lookups from the person's and the chat's fair share and resolves how many may go; when
 * fewer, the chat is told at once how many numbers are left out and when to send them again.
 */
export async function takeLookups(wanted: number, conv: Conversation, deps: BotCoreDeps): Promise<number> {
  if (!deps.fairShare) return wanted;
  const { granted, limited } = await deps.fairShare.take(conv.chat, conv.user, wanted, deps.clock.now());
  if (limited && granted < wanted) {
    const notice = { period: limited.period, withheld: wanted - granted, retryAfterMs: limited.retryAfterMs };
    await conv.respond(deps.renderer.limitNotice(notice, conv.view));
  }
  return granted;
}

/** One number's answer (and the "did you mean" before it, when there is one). */
export async function answer(
  result: TrackResult,
  conv: Conversation,
  deps: BotCoreDeps,
  showAll = false,
): Promise<void> {
  const suggestion = deps.detector.suggestCorrection(result.number);
  if (suggestion) await conv.respond(didYouMean(suggestion, result, conv, deps));
  const subscribed = await deps.subscriptions.has(conv.chat, result.number);
  await conv.respond(deps.renderer.tracking(result, { ...conv.view, subscribed, showAll }));
}

function didYouMean(suggestion: string, result: TrackResult, conv: Conversation, deps: BotCoreDeps): Reply {
  const reply = deps.renderer.message('did_you_mean', conv.view, { number: result.number, suggestion });
  return {
    ...reply,
    blocks: reply.blocks.length > 0 ? reply.blocks : [block('line', suggestion)],
    buttons: [[{ label: suggestion, action: { kind: 'refresh', number: suggestion } }]],
  };
}
