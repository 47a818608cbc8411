import type { Reply } from '../domain/reply.js';
import { cleanText } from './carrier-text.js';
import type { RenderContext } from './render-context.js';
import { blockOf, code, compact } from './spans.js';

/** What the Share button passes on: a link that opens Postie with the parcel, or else the command. */
export interface ShareRequest {
  readonly number: string;
  /** `https://t.me/<bot>?start=track_<number>` where the platform has deep links (Telegram). */
  readonly link?: string;
  /** The command that shows the timeline, for platforms without deep links (Discord, the terminal). */
  readonly command: string;
}

/**
 * The answer to Share, for the person who pressed it: the link to forward (it opens a chat with Postie
 * and shows the timeline), or the command to send where Postie is.
 */
export function shareReply(request: ShareRequest, ctx: RenderContext): Reply {
  const number = cleanText(request.number, 60) ?? '';
  const blocks = request.link
    ? compact(
        blockOf('line', ctx.t('share.link', { number })),
        blockOf('line', { text: request.link, href: request.link }),
      )
    : compact(blockOf('line', ctx.t('share.command', { number })), blockOf('line', code(request.command)));
  return { blocks, private: true };
}
