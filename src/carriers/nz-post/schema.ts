import * as z from 'zod';

/**
 * ParcelTrack 3.0 payloads (seeds/002, CARRIERS.md "NZ Post ParcelTrack"), vendor field names verbatim.
 * Liberal where NZ Post is: optional fields may be missing or null, codes may come as strings or
 * numbers, `success` as `true` or `"True"`. Fields we never use are not declared, so zod drops them;
 * `signed_by.signature` is one of those on purpose (it never leaves this parser).
 */

/** `"400002"`, `400002`, `"32"` or `32`, as a string. */
const code = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const text = z.string().nullish();
const flag = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i)
    .transform((value) => value.toLowerCase() === 'true'),
]);

/** One entry of `errors`: the first three digits of `code` are the HTTP status. */
const ParcelErrorSchema = z.object({
  code,
  message: text,
  details: text,
});
export type ParcelError = z.infer<typeof ParcelErrorSchema>;

const TrackingEventSchema = z.object({
  tracking_reference: text,
  event_edifact_code: code,
  source: text,
  seqref: z.union([z.string(), z.number()]).nullish(),
  status_description: text,
  event_description: text,
  /** NZ local wall time without an offset, e.g. `2015-02-04T15:17:03`. */
  event_datetime: z.string(),
  /** Read only to keep the signer's name out of event text; the signature is dropped by the parser. */
  signed_by: z.object({ name: text }).nullish(),
  /**
   * Time of day (`08:45:00`) on the day of the out-for-delivery event. A value of another type is
   * dropped here rather than failing the answer: the window is a courtesy, the events are the answer.
   */
  est_delivery_window_start: text.catch(undefined),
  est_delivery_window_end: text.catch(undefined),
});
export type RawTrackingEvent = z.infer<typeof TrackingEventSchema>;

const ParcelResultsSchema = z.object({
  tracking_reference: z.string(),
  /** Changes on every call: never part of an event's identity. */
  message_id: text,
  message_datetime: text,
  service: text,
  /** `CourierPost`, `NZ Post`, … Documented as mandatory; missing for a reference NZ Post has no record of. */
  carrier: text,
  /** Absent when the parcel has no scan events yet (or `success` is false). */
  tracking_events: z.array(TrackingEventSchema).nullish(),
});
export type ParcelResults = z.infer<typeof ParcelResultsSchema>;

/** `GET /parcels/{tracking_reference}`: results on success, errors otherwise (and warnings 2000xx). */
export const ParcelResponseSchema = z.object({
  success: flag,
  results: ParcelResultsSchema.nullish(),
  errors: z.array(ParcelErrorSchema).nullish(),
  message_id: text,
});

/** The error envelope alone, for reading the code out of a 4xx/5xx answer. */
export const ParcelErrorEnvelopeSchema = z.object({
  success: flag.optional(),
  errors: z.array(ParcelErrorSchema).min(1),
});

/** OAuth2 client-credentials answer from `oauth.nzpost.co.nz/as/token.oauth2`. */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  /** Seconds. */
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().positive()),
  token_type: text,
});
