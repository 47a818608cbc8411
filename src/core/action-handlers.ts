import type { Action } from '../domain/action.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import { setLanguage } from './command-handlers.js';
import { cancelled, confirmed } from './confirm-flow.js';
import type { Conversation } from './conversation.js';
import { startParameter } from './deep-links.js';
import { answerSlowly } from './slow-answers.js';
import { keepFollowing, subscribe, unsubscribeNumber } from './subscription-flow.js';
import { answer, takeLookups } from './track-flow.js';

/** Runs a button press. Refresh and "show all" update the pressed reply in place where the platform can. */
export async function runAction(action: Action, conv: Conversation, deps: BotCoreDeps): Promise<void> {
  switch (action.kind) {
    case 'refresh':
    case 'show_all':
    case 'track_as': {
      const carrier = 'carrier' in action ? action.carrier : undefined;
      const replace = action.kind !== 'track_as';
      const respond: Conversation['respond'] = (reply, options) =>
        conv.respond(reply, { replace, ...options });
      if ((await takeLookups(1, conv, deps)) === 0) return;
      return answerSlowly(conv, deps.clock, async () => {
        const [result] = await deps.tracking.trackNumbers([action.number], {
          locale: conv.view.locale,
          ...(carrier ? { carrier } : {}),
        });
        if (result) await answer(result, { ...conv, respond }, deps, action.kind === 'show_all');
      });
    }
    case 'subscribe':
      return subscribe(action, conv, deps);
    case 'unsubscribe':
      return unsubscribeNumber(action.number, conv, deps);
    case 'keep_following':
      return keepFollowing(action.number, conv, deps);
    case 'language':
      return setLanguage(action.locale, conv, deps);
    case 'confirm':
      return confirmed(action, conv, deps);
    case 'cancel':
      return cancelled(conv, deps);
    case 'share':
      return share(action.number, conv, deps);
  }
}

/**
 * Share: on a platform with deep links, the link that opens Postie with the parcel's timeline
 * (`/start track_<number>`); elsewhere, or for a number no start parameter can carry, the command.
 */
function share(number: string, conv: Conversation, deps: BotCoreDeps): Promise<void> {
  const parameter = startParameter('track', number);
  const link = parameter && conv.deepLink ? conv.deepLink(parameter) : undefined;
  const request = { number, command: `/track ${number}`, ...(link ? { link } : {}) };
  return conv.respond(deps.renderer.share(request, conv.view));
}
