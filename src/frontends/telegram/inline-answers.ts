import type { InlineQueryResultArticle } from 'telegraf/types';
import type { BotCore } from '../../core/bot-core.js';
import type { DeepLink } from '../../core/incoming.js';
import type { InlineResult } from '../../core/inline-flow.js';
import type { CallApi } from './bot-api.js';
import type { InlineQueryWork } from './inline-queries.js';
import { toTelegramMessage } from './markup.js';

/**
 * How long Telegram may keep an inline answer and give it again for the same query, in seconds: briefly,
 * since parcels move (https://core.telegram.org/bots/api#answerinlinequery `cache_time`, 300 by default).
 * @defaultValue 30
 */
const INLINE_CACHE_S = 30;

/** "No more than 50 results per query are allowed" (https://core.telegram.org/bots/api#answerinlinequery). */
const MAX_RESULTS = 50;
/** InlineQueryResultArticle `title`: Telegram documents no limit; a title is one short line. */
const MAX_TITLE = 100;

/**
 * Answers an inline query with answerInlineQuery: one article per number the core answered, its
 * description the status and last event, its message the timeline (Telegram HTML, the first 4,096
 * characters' worth) with a button that opens Postie on the parcel. Personal (`is_personal`: the answer
 * is in the asker's language and counts against their fair share) and cached {@link INLINE_CACHE_S}.
 * Rejects when Telegram refuses the answer (a query answered too late is one); the error boundary logs it.
 */
export function createInlineAnswers(deps: {
  readonly core: BotCore;
  readonly callApi: CallApi;
}): (work: InlineQueryWork) => Promise<void> {
  return async (work) => {
    const answer = await deps.core.handleInlineQuery(work.query);
    const results = answer.results
      .slice(0, MAX_RESULTS)
      .flatMap((result, index) => articleOf(result, index, work.deepLink));
    await deps.callApi('answerInlineQuery', {
      inline_query_id: work.queryId,
      results,
      cache_time: INLINE_CACHE_S,
      is_personal: true,
    });
  };
}

function articleOf(result: InlineResult, index: number, deepLink: DeepLink): InlineQueryResultArticle[] {
  const [text] = toTelegramMessage(result.reply).chunks;
  if (text === undefined) return [];
  const title = [...result.title].slice(0, MAX_TITLE).join('') || result.number;
  return [
    {
      type: 'article',
      // 1-64 bytes, unique within the answer: the position keeps two answers for one number apart.
      id: `${index}`,
      title,
      description: result.description,
      input_message_content: {
        message_text: text,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
      ...(result.open
        ? {
            reply_markup: {
              inline_keyboard: [[{ text: result.open.label, url: deepLink(result.open.parameter) }]],
            },
          }
        : {}),
    },
  ];
}
