import { toTrackingNumber } from '../domain/tracking-number.js';
import type { BotCoreDeps, Conversation } from './bot-core.js';
import { answer } from './track-flow.js';

/**
 * Subscribes the chat to a number and answers at once with the current timeline (the subscriptions
 * stage polls and notifies). The carrier is the best candidate's unless one is given.
 */
export async function subscribe(
  request: { readonly number: string; readonly carrier?: string; readonly label?: string },
  conv: Conversation,
  deps: BotCoreDeps,
): Promise<void> {
  const { renderer } = deps;
  const number = toTrackingNumber(request.number);
  if (!number) return conv.respond(renderer.message('not_a_number', conv.view));
  const added = await deps.subscriptions.add({
    number,
    ...(request.carrier ? { carrier: request.carrier } : {}),
    ...(request.label ? { label: request.label } : {}),
    chat: conv.chat,
    createdAt: new Date(deps.clock.now()).toISOString(),
  });
  if (added === 'limit') return conv.respond(renderer.message('subscription_limit', conv.view));
  if (added === 'exists') return conv.respond(renderer.message('already_subscribed', conv.view, { number }));
  await conv.respond(renderer.message('subscribed', conv.view, { number, label: request.label ?? '' }));
  const [result] = await deps.tracking.trackNumbers([number], {
    locale: conv.view.locale,
    ...(request.carrier ? { carrier: request.carrier } : {}),
  });
  if (result) await answer(result, conv, deps);
}

/** `/unsubscribe <number>`, `/unsubscribe all`, or (no argument) the list to pick from. */
export async function unsubscribe(
  argument: string | undefined,
  conv: Conversation,
  deps: BotCoreDeps,
): Promise<void> {
  const { renderer } = deps;
  if (!argument) {
    const items = await deps.subscriptions.list(conv.chat);
    if (items.length === 0) return conv.respond(renderer.message('nothing_to_unsubscribe', conv.view));
    return conv.respond({
      ...renderer.subscriptions(
        items.map((s) => ({ number: s.number, ...(s.label ? { label: s.label } : {}) })),
        conv.view,
      ),
      buttons: items
        .slice(0, 10)
        .map((s) => [{ label: s.label ?? s.number, action: { kind: 'unsubscribe', number: s.number } }]),
    });
  }
  if (argument.toLowerCase() === 'all') {
    const count = await deps.subscriptions.removeAll(conv.chat);
    return conv.respond(
      renderer.message(count > 0 ? 'unsubscribed_all' : 'nothing_to_unsubscribe', conv.view, { count }),
    );
  }
  const number = toTrackingNumber(argument) ?? argument;
  const removed = await deps.subscriptions.remove(conv.chat, number);
  return conv.respond(renderer.message(removed ? 'unsubscribed' : 'not_subscribed', conv.view, { number }));
}
