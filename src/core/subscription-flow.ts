import { toTrackingNumber } from '../domain/tracking-number.js';
import { carrierText } from '../render/carrier-text.js';
import type { SubscriptionSummary } from '../render/renderer.js';
import type { ChatParcel } from '../subscriptions/store/subscription-store.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import { askToConfirm } from './confirm-flow.js';
import type { Conversation } from './conversation.js';
import { answer, takeLookups } from './track-flow.js';

/**
 * Subscribes the chat to a number and answers with the current timeline. The number is looked up
 * first, so the events the chat is shown are not news later and the first poll follows its status.
 * The carrier is the best candidate's unless one is given.
 */
export async function subscribe(
  request: { readonly number: string; readonly carrier?: string; readonly label?: string },
  conv: Conversation,
  deps: BotCoreDeps,
): Promise<void> {
  const { renderer } = deps;
  const number = toTrackingNumber(request.number);
  if (!number) return conv.respond(renderer.message('not_a_number', conv.view));
  if (await deps.subscriptions.has(conv.chat, number)) {
    return conv.respond(renderer.message('already_subscribed', conv.view, { number }));
  }
  if ((await takeLookups(1, conv, deps)) === 0) return;
  const [current] = await deps.tracking.trackNumbers([number], {
    locale: conv.view.locale,
    ...(request.carrier ? { carrier: request.carrier } : {}),
  });
  const result = await deps.subscriptions.subscribe({
    chat: conv.chat,
    user: conv.user.id,
    number,
    ...(request.label ? { label: request.label } : {}),
    locale: conv.view.locale,
    ...(current ? { current } : {}),
  });
  switch (result) {
    case 'limit':
      return conv.respond(renderer.message('subscription_limit', conv.view));
    case 'daily_limit':
      return conv.respond(renderer.message('subscription_daily_limit', conv.view));
    case 'exists':
      return conv.respond(renderer.message('already_subscribed', conv.view, { number }));
    case 'added':
    case 'revived':
      await conv.respond(renderer.message('subscribed', conv.view, { number, label: request.label ?? '' }));
      if (current) await answer(current, conv, deps);
  }
}

/** `/list`: each followed parcel with its status and last event. */
export async function listSubscriptions(conv: Conversation, deps: BotCoreDeps): Promise<void> {
  const parcels = await deps.subscriptions.list(conv.chat);
  await conv.respond(
    deps.renderer.subscriptions(
      parcels.map((p) => summaryOf(p, conv)),
      conv.view,
    ),
  );
}

function summaryOf({ subscription, watch }: ChatParcel, conv: Conversation): SubscriptionSummary {
  const status = watch?.status === 'not_found' ? 'pending' : watch?.status;
  const event = watch?.lastEvent;
  const text = event && carrierText(event.description, conv.view.locale);
  return {
    number: subscription.number,
    ...(watch?.carrier ? { carrier: watch.carrier } : {}),
    ...(subscription.label ? { label: subscription.label } : {}),
    ...(status ? { status } : {}),
    ...(event && text ? { lastEvent: { text, time: event.time } } : {}),
  };
}

/** `/unsubscribe <number>`, `/unsubscribe all` (asked to confirm), or (no argument) the list to pick from. */
export async function unsubscribe(
  argument: string | undefined,
  conv: Conversation,
  deps: BotCoreDeps,
): Promise<void> {
  const { renderer } = deps;
  if (!argument) {
    const parcels = await deps.subscriptions.list(conv.chat);
    if (parcels.length === 0) return conv.respond(renderer.message('nothing_to_unsubscribe', conv.view));
    return conv.respond({
      ...renderer.subscriptions(
        parcels.map((p) => summaryOf(p, conv)),
        conv.view,
      ),
      buttons: parcels
        .slice(0, 10)
        .map(({ subscription: s }) => [
          { label: s.label ?? s.number, action: { kind: 'unsubscribe', number: s.number } },
        ]),
    });
  }
  if (argument.toLowerCase() === 'all') return askToConfirm('unsubscribe_all', conv, deps);
  return unsubscribeNumber(argument, conv, deps);
}

/**
 * Stops following one number, whatever it reads as: an Unsubscribe button comes here directly, so its
 * data (hostile input) never reaches the reading of `/unsubscribe all`.
 */
export async function unsubscribeNumber(
  written: string,
  conv: Conversation,
  deps: BotCoreDeps,
): Promise<void> {
  const number = toTrackingNumber(written) ?? written;
  const removed = await deps.subscriptions.unsubscribe(conv.chat, number);
  return conv.respond(
    deps.renderer.message(removed ? 'unsubscribed' : 'not_subscribed', conv.view, { number }),
  );
}

/**
 * Keep following, pressed under a stall alert: the chat goes on following the number and hears no more
 * of this stall. Its data is hostile input like any button's: a number the chat does not follow changes
 * nothing and is answered as such.
 */
export async function keepFollowing(written: string, conv: Conversation, deps: BotCoreDeps): Promise<void> {
  const number = toTrackingNumber(written) ?? written;
  const following = await deps.subscriptions.keepFollowing(conv.chat, number);
  return conv.respond(
    deps.renderer.message(following ? 'stall_kept' : 'not_subscribed', conv.view, { number }),
  );
}
