import type { Reply } from '../domain/reply.js';
import { duration } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import { blockOf, compact } from './spans.js';

/** Numbers left out of a request because a fair share of lookups ran out (`core/fair-share.ts`). */
export interface LimitNotice {
  /** Which share ran out: the minute's or the day's. */
  readonly period: 'minute' | 'day';
  /** How many numbers were not looked up. */
  readonly withheld: number;
  /** When the share refills. */
  readonly retryAfterMs: number;
}

/** How many numbers were left out and when to send them again; only the person who asked needs it. */
export function limitNoticeReply(notice: LimitNotice, ctx: RenderContext): Reply {
  const text = ctx.t(`fair_share.${notice.period}`, {
    count: notice.withheld,
    wait: duration(notice.retryAfterMs, ctx.locale),
  });
  return { blocks: compact(blockOf('line', text)), private: true };
}
