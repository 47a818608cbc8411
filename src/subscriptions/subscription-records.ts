import * as z from 'zod';
import { LOCALES } from '../domain/locale.js';
import { type DeliveryEstimate, SHIPMENT_STATUSES, type TrackingEvent } from '../domain/shipment.js';

/**
 * What the subscription store keeps, validated on every read. Each record carries its schema version
 * `v`; a later release that changes a shape adds the next version and a step that upgrades the previous
 * one, so records written by older releases keep working.
 */

const localizedText = z.object({
  text: z.string(),
  byLocale: z.partialRecord(z.enum(LOCALES), z.string()).exactOptional(),
});

/** A `TrackingEvent` as stored (the domain type, checked field by field). */
const eventRecord: z.ZodType<TrackingEvent> = z.object({
  key: z.string(),
  time: z.string(),
  timeZone: z.string().exactOptional(),
  location: localizedText.exactOptional(),
  description: localizedText,
  status: z.enum(SHIPMENT_STATUSES),
  vendorCode: z.string().exactOptional(),
});

/** A `DeliveryEstimate` as stored. */
const estimateRecord: z.ZodType<DeliveryEstimate> = z.object({
  from: z.string().exactOptional(),
  to: z.string().exactOptional(),
});

/** What a poll said last: a status, or that the carrier has no record yet. */
const pollStatus = z.enum([...SHIPMENT_STATUSES, 'not_found']);

const chatRecord = z.object({
  platform: z.enum(['telegram', 'discord', 'console']),
  id: z.string(),
  kind: z.enum(['private', 'group']),
});

/**
 * A notification recorded before it is sent (the durable outbox): new events, the end of following, or a
 * stalled parcel (`stalled`: no news for longer than is normal, `subscriptions/stall/`).
 * `id` is stable across retries (Discord's nonce), at most 25 characters.
 */
const pendingRecord = z.object({
  id: z.string().max(25),
  kind: z.enum(['events', 'expired', 'not_found', 'stalled']),
  /** New events, newest first (empty for the end-of-following kinds and `stalled`). */
  events: z.array(eventRecord),
  status: pollStatus,
  /** The carrier's new expected delivery, when it changed since the chat was last told. */
  estimate: estimateRecord.exactOptional(),
  /** When it was first recorded (epoch ms); later events join it until it is sent. */
  since: z.number(),
  /** `stalled`: since when (epoch ms) the parcel has had no news, what "how long it has been" counts from. */
  quietSince: z.number().exactOptional(),
  /** `stalled`: the carrier to ask (a catalogue id or the adapter's own code), when known. */
  carrier: z.string().exactOptional(),
  /** `stalled`: the last event the parcel had (already told: shown, not news), when it had one. */
  lastEvent: eventRecord.exactOptional(),
});

/**
 * A stall the chat was alerted to (once per stall): kept until the carrier has news for the chat, which
 * clears it, so a later stall alerts again.
 */
const stallRecord = z.object({
  /** Since when (epoch ms) the parcel had no news when the alert was recorded. */
  since: z.number(),
  /** When the alert was recorded (epoch ms). */
  alertedAt: z.number(),
  /** When the chat pressed Keep following (epoch ms): it has heard and waits on. */
  keptAt: z.number().exactOptional(),
});

export const subscriptionRecord = z.object({
  v: z.literal(1),
  chat: chatRecord,
  number: z.string(),
  label: z.string().exactOptional(),
  /** The user who subscribed (per-user limits), as the platform names them. */
  user: z.string().exactOptional(),
  /** The language the chat was answered in when subscribing (notifications use it unless `/language` says otherwise). */
  locale: z.enum(LOCALES).exactOptional(),
  createdAt: z.number(),
  /** `expired`: 30 days without news, kept so "keep following" can revive it; `inactive`: the chat is unreachable. */
  state: z.enum(['active', 'expired', 'inactive']),
  /** Keys of the events this chat has been told of (or saw when subscribing), newest last, capped. */
  told: z.array(z.string()),
  /** The status the chat was last told (for milestone-only chats). */
  toldStatus: pollStatus.exactOptional(),
  /** The expected delivery the chat was last shown (on subscribing, or in a notification). */
  toldEstimate: estimateRecord.exactOptional(),
  pending: pendingRecord.exactOptional(),
  /** The stall the chat was last alerted to, until the carrier's next news. */
  stall: stallRecord.exactOptional(),
});

/** One per tracking number followed by at least one chat: the poll schedule and the index of its chats. */
export const watchRecord = z.object({
  v: z.literal(1),
  number: z.string(),
  /** The carrier asked (fixed at the first subscription's answer, or its best candidate). */
  carrier: z.string().exactOptional(),
  /** The adapter that answered last (whose budget the polls spend). */
  adapter: z.string().exactOptional(),
  /** Chat keys of the active subscriptions. */
  chats: z.array(z.string()),
  status: pollStatus.exactOptional(),
  lastEvent: eventRecord.exactOptional(),
  phase: z.enum(['following', 'confirming']),
  subscribedAt: z.number(),
  lastNewsAt: z.number(),
  quietPolls: z.number().int().nonnegative(),
  deliveredAt: z.number().exactOptional(),
  lastPolledAt: z.number().exactOptional(),
  nextPollAt: z.number(),
});

/** The numbers a chat has records for, in subscription order. */
export const chatIndexRecord = z.object({ v: z.literal(1), numbers: z.array(z.string()) });

export type SubscriptionRecord = z.infer<typeof subscriptionRecord>;
export type PendingNotification = z.infer<typeof pendingRecord>;
export type WatchRecord = z.infer<typeof watchRecord>;
export type ChatIndexRecord = z.infer<typeof chatIndexRecord>;
export type PollStatus = z.infer<typeof pollStatus>;
