import type { Block } from '../domain/reply.js';
import type { LocalizedText, TrackingEvent } from '../domain/shipment.js';
import { carrierText, cleanText, withoutSignerNames } from './carrier-text.js';
import { placeName } from './place-names.js';
import { agoFor, RECENT_MS } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import { blockOf, bold, italic, joined } from './spans.js';
import { dateTime, localClock, parseInstant } from './times.js';

/** Events shown unless the reader asked for all. @defaultValue 5 */
const LATEST_EVENTS = 5;

export interface Timeline {
  readonly blocks: readonly Block[];
  /** Events left out (0 with `showAll`). */
  readonly hidden: number;
}

/** The newest events first (events arrive newest first), the latest few unless `showAll`. */
export function timeline(events: readonly TrackingEvent[], ctx: RenderContext, showAll: boolean): Timeline {
  const shown = showAll ? events : events.slice(0, LATEST_EVENTS);
  return {
    blocks: shown.map((e) => eventBlock(e, ctx)).filter((b): b is Block => b !== undefined),
    hidden: events.length - shown.length,
  };
}

/**
 * `24 Nov, 14:05 (London 06:05) · Heathrow · Departed from facility · 3 hours ago`: the time in the
 * reader's zone (with the place's own clock where it differs), where, what, and how long ago when recent.
 */
export function eventBlock(event: TrackingEvent, ctx: RenderContext): Block | undefined {
  const { view, locale } = ctx;
  const instant = parseInstant(event.time);
  const when = instant ? dateTime(instant.ms, locale, view.timeZone, view.now) : cleanText(event.time, 40);
  const clock = instant && localClock(instant, event.timeZone, locale, view.timeZone);
  const recent = instant && view.now - instant.ms <= RECENT_MS ? agoFor(instant.ms, ctx) : undefined;
  const rest = joined(
    ' · ',
    shownPlace(event.location, ctx),
    shownText(event.description, ctx),
    recent && italic(recent),
  );
  return blockOf(
    'event',
    when && bold(when),
    clock && spaced(ctx.t('time.local', clock)),
    when && rest.length > 0 && ' · ',
    ...rest,
  );
}

/** Carrier text in the reader's language, without signer names in group chats. */
export function shownText(value: LocalizedText | undefined, ctx: RenderContext): string | undefined {
  const text = carrierText(value, ctx.locale);
  return text !== undefined && ctx.view.chatKind === 'group' ? withoutSignerNames(text) : text;
}

/** A carrier's place in the reader's language, named as people write it (`HONG KONG` → `Hong Kong`). */
export function shownPlace(value: LocalizedText | undefined, ctx: RenderContext): string | undefined {
  const text = shownText(value, ctx);
  return text === undefined ? undefined : placeName(text);
}

/**
 * A space before text that starts with ASCII (`(London 06:05)`); full-width punctuation brings its own
 * spacing (`（英國時間 06:05）`).
 */
function spaced(text: string): string {
  return /^[\x21-\x7e]/.test(text) ? ` ${text}` : text;
}
