import * as z from 'zod';

/**
 * Fuuffy API payloads, field names verbatim (seeds/003 "Get Tracking Info"; CARRIERS.md "Fuuffy").
 * Liberal where the vendor may be: optional and nullable strings, a missing event list. What the
 * adapter relies on (the `data` wrapper, each event's `date` and `message`) is required.
 */

/** Absent, null or a string; numbers are accepted and kept as text (ids and codes sometimes arrive as numbers). */
const looseText = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .transform((v) => v ?? undefined);

/** `YYYY-MM-DD HH:mm:ss`, local Hong Kong / mainland China time without an offset. */
export const FUUFFY_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `POST /auth/token` → `{data: {access_token, token_type: "Bearer", expires_in: 3600}}`. */
export const TokenResponseSchema = z.object({
  data: z.object({
    access_token: z.string().min(1),
    token_type: z.string().nullish(),
    /** Seconds. The documented value is 3600. */
    expires_in: z.number().positive().nullish(),
  }),
});

/** One entry of `tracking_msg_list`: an SF Express route step as Fuuffy passes it on. */
const TrackingMessageSchema = z.object({
  /** The courier's operation code (SF Express route `opCode`, e.g. `"50"`). */
  code: looseText,
  location: looseText,
  date: z.string().regex(FUUFFY_DATE),
  message: z.string().min(1),
});
export type TrackingMessage = z.infer<typeof TrackingMessageSchema>;

/** `GET /tracking/get?tracking_number=…` or `GET /tracking/get/{order_id}` → `{data: {…}}`. */
export const TrackingResponseSchema = z.object({
  data: z.object({
    tracking_number: looseText,
    order_id: looseText,
    /** Fuuffy's own order status, often Chinese (`列印及安排取件`). */
    order_status: looseText,
    export_country: looseText,
    destination_country: looseText,
    shipping_provider: looseText,
    courier_name: looseText,
    tracking_msg_list: z
      .array(TrackingMessageSchema)
      .nullish()
      .transform((v) => v ?? []),
    message: looseText,
  }),
});
type TrackingResponse = z.infer<typeof TrackingResponseSchema>;
export type TrackingData = TrackingResponse['data'];

/**
 * `{error: {code, code_reason, message, error_code?, error_trace?: [{field, message}]}}`. The 403 and 404
 * answers are documented only as `error` ("json-string"), so a bare string is accepted too.
 */
export const ErrorResponseSchema = z.object({
  error: z.union([
    z.string(),
    z.object({
      code: looseText,
      code_reason: looseText,
      message: looseText,
      error_code: looseText,
      error_trace: z
        .array(z.object({ field: looseText, message: looseText }))
        .nullish()
        .transform((v) => v ?? []),
    }),
  ]),
});
