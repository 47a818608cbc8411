import { chatKey } from '../domain/chat.js';
import type { Reply } from '../domain/reply.js';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { View } from '../render/view.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import { startParameter } from './deep-links.js';
import type { IncomingInlineQuery } from './incoming.js';

/** One number's answer to an inline query: a line to pick, and the message it sends. */
export interface InlineResult {
  readonly number: string;
  /** Carrier and number. */
  readonly title: string;
  /** The status line and the last event. */
  readonly description: string;
  /** The full timeline, without buttons (a press in another chat would come without that chat). */
  readonly reply: Reply;
  /** A button under the sent message that opens Postie on the parcel (`/start track_<number>`). */
  readonly open?: { readonly label: string; readonly parameter: string };
}

export interface InlineAnswer {
  /** One per number found in the query, in the order written. */
  readonly results: readonly InlineResult[];
}

const NOTHING: InlineAnswer = { results: [] };

/**
 * `@bot RB000000014HK` typed in any chat: every number in the query looked up by the same path as a
 * message (interactive priority; the asker's fair share, counted for them and their own chat with the
 * bot), each answered with its timeline in the asker's language (their chat's choice, else their
 * platform language). The answer may be sent into any chat, so it is rendered as for a group (no signer
 * names). Nothing found, no share left, or the store away: no results (the last is logged).
 */
export async function answerInlineQuery(
  query: IncomingInlineQuery,
  view: (settings: { locale?: View['locale']; timeZone?: string }) => View,
  deps: BotCoreDeps,
): Promise<InlineAnswer> {
  if (query.text.trim() === '') return NOTHING;
  try {
    const settings = await deps.settings.get(chatKey(query.chat));
    const reader: View = { ...view(settings), chatKind: 'group' };
    const { results } = await deps.tracking.trackText(query.text, {
      locale: reader.locale,
      priority: 'interactive',
      allow: async (wanted) =>
        deps.fairShare
          ? (await deps.fairShare.take(query.chat, query.user, wanted, deps.clock.now())).granted
          : wanted,
    });
    return {
      results: results.map((result) => {
        const rendered = deps.renderer.tracking(result, { ...reader, subscribed: false, showAll: true });
        const parameter = result.orderId === undefined ? startParameter('track', result.number) : undefined;
        return {
          number: result.number,
          ...deps.renderer.inlineSummary(result, reader),
          reply: { blocks: rendered.blocks },
          ...(parameter
            ? { open: { label: deps.renderer.t(reader.locale, 'buttons.open_in_postie'), parameter } }
            : {}),
        };
      }),
    };
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    deps.logger.warn({ err: error, what: 'inline_query' }, 'the store is unavailable: no inline results');
    return NOTHING;
  }
}
