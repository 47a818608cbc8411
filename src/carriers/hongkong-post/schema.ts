import * as z from 'zod';
import type { Locale } from '../../domain/locale.js';

/**
 * The Hongkong Post Mail Tracking API's payloads (seed 000, section 3 and 4), vendor field names verbatim.
 * Liberal where the vendor may be: texts may be absent or null (read as empty), codes may come as numeric
 * strings, lists may be null. Anything else off the documented shape fails to parse.
 */

/** `lang` of a tracking request: `E` English, `C` Traditional Chinese, `S` Simplified Chinese (`A` = all three). */
export type TrackingLang = 'A' | 'E' | 'C' | 'S';

/**
 * The language of the chat's answer: which of Hongkong Post's three texts becomes `text`. Postie asks with
 * `A` (all three, in one request) so every chat language is served by one answer, and event identity does
 * not depend on who asked; this table then picks the chat's language out of the answer.
 */
export const LANG_BY_LOCALE: Readonly<Record<Locale, TrackingLang>> = { en: 'E', 'zh-HK': 'C', 'zh-CN': 'S' };

/** What Postie asks for: all three languages (seed: "'A' - English, Traditional Chinese and Simplified Chinese"). */
export const REQUEST_LANG: TrackingLang = 'A';

/** `POST /api/authenticate` request. */
export interface AuthenticateRequest {
  readonly sysId: string;
  readonly sysSecret: string;
}

/** `POST /api/version/1/mailTracking` request: at most 30 item numbers. */
export interface MailTrackingRequest {
  readonly lang: TrackingLang;
  readonly itemNo: readonly string[];
}

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

/** A status code: a number, or a string of digits. */
const statusCode = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*\d{1,6}\s*$/)
    .transform(Number),
]);

/** `{id_token, expiry}`: `expiry` in Unix seconds. */
export const authenticateResponse = z.object({
  id_token: z.string().min(1),
  expiry: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

/** The envelope of every other answer (errors included): `{status, errMsg}`. */
export const statusEnvelope = z.object({ status: statusCode, errMsg: text });

const deliveryStatusDetail = z.object({
  /** `DD-MM-YYYY HH24:MI` in the time zone of the event's location. */
  eventDateTime: z.string(),
  /** ISO country code (Appendix B). */
  eventLocation_code: text,
  eventLocation_e: text,
  eventLocation_c: text,
  eventLocation_s: text,
  eventMsg_e: text,
  eventMsg_c: text,
  eventMsg_s: text,
});
export type DeliveryStatusDetail = z.output<typeof deliveryStatusDetail>;

export const deliveryResult = z.object({
  itemNo: z.string(),
  status: statusCode,
  errMsg: text,
  /** `DD-MM-YYYY HH24:MI`, Hong Kong time. */
  postingDateTime: text,
  dropOffPoint_e: text,
  dropOffPoint_c: text,
  dropOffPoint_s: text,
  orgCnty_code: text,
  orgCnty_e: text,
  orgCnty_c: text,
  orgCnty_s: text,
  destCnty_code: text,
  destCnty_e: text,
  destCnty_c: text,
  destCnty_s: text,
  milestone_e: text,
  milestone_c: text,
  milestone_s: text,
  itemDeliveryStatusDetailList: z
    .array(deliveryStatusDetail)
    .nullish()
    .transform((list) => list ?? []),
});
export type DeliveryResult = z.output<typeof deliveryResult>;

/** The tracking answer; items are parsed one by one so one bad item does not sink the others. */
export const mailTrackingResponse = z.object({
  status: statusCode,
  errMsg: text,
  itemCount: z.union([z.number(), z.string()]).nullish(),
  deliveryResultList: z
    .array(z.unknown())
    .nullish()
    .transform((list) => list ?? []),
});

/** Just enough of an item to know which number it answers. */
export const itemNumberOnly = z.object({ itemNo: z.string() });
