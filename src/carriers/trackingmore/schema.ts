import * as z from 'zod';

/**
 * TrackingMore API v2 payloads, vendor field names verbatim (seed 004; detection:
 * https://trackingmore.com/api-carriers-detect-carrier-cn.html). Liberal where the vendor is: most
 * fields are optional or null, and the PHP backend writes an absent object as `[]` or `""`.
 */

/** Every answer: `meta.code` is 200 on success, otherwise a v2 status code (4014, 4021, …). */
export const envelopeSchema = z.object({
  meta: z.object({
    code: z.union([
      z.number().int(),
      z
        .string()
        .regex(/^\d{3,4}$/)
        .transform(Number),
    ]),
    type: z.string().nullish(),
    message: z.string().nullish(),
  }),
  data: z.unknown().optional(),
});

/** One carrier scan. `Date` is local wall time without an offset: `2018-04-14 17:07:00`, `2018-04-17 22:30`. */
const checkpointSchema = z.object({
  Date: z.string(),
  StatusDescription: z.string().nullish(),
  /** Where it happened, as the carrier wrote it (`郑州市`, `DES MOINES IA NETWORK DISTRIBUTION CENTER`). */
  Details: z.string().nullish(),
  checkpoint_status: z.string().nullish(),
});

const legInfoSchema = z.object({
  /** The leg's own carrier (`usps` on the destination leg of a `china-ems` item). */
  carrier_code: z.string().nullish(),
  weblink: z.string().nullish(),
  phone: z.string().nullish(),
  /** Newest first. */
  trackinfo: z.array(checkpointSchema).nullish(),
});
export type LegInfo = z.infer<typeof legInfoSchema>;

/** An absent leg: `null`, `[]` or `""`. */
const noLeg = z.union([z.tuple([]), z.literal('')]).transform(() => null);

const realtimeItemSchema = z.object({
  id: z.string().nullish(),
  tracking_number: z.string().min(1),
  carrier_code: z.string().min(1),
  /** `pending`, `notfound`, `transit`, `pickup`, `delivered`, `undelivered`, `exception`, `expired`. */
  status: z.string().nullish(),
  /** English country names (`China`, `United States`). */
  original_country: z.string().nullish(),
  destination_country: z.string().nullish(),
  service_code: z.string().nullish(),
  origin_info: z.union([legInfoSchema, noLeg]).nullish(),
  destination_info: z.union([legInfoSchema, noLeg]).nullish(),
  lastEvent: z.string().nullish(),
  lastUpdateTime: z.string().nullish(),
  /** Expected delivery, when present (see `estimate.ts`): kept raw, read by the normalizer or ignored. */
  scheduled_delivery_date: z.unknown().optional(),
});
export type RealtimeItem = z.infer<typeof realtimeItemSchema>;

/** `POST /trackings/realtime` → `data`. */
export const realtimeDataSchema = z.object({ items: z.array(realtimeItemSchema) });

/** `POST /carriers/detect` → `data`: candidate couriers, best first. */
export const detectDataSchema = z.array(z.object({ name: z.string().nullish(), code: z.string().min(1) }));

/**
 * `GET /trackings/getuserinfo` ("Get account info", seed 004, which lists the endpoint without its
 * answer). The balance is read from `money`, as TrackingMore's v2 client examples show it, a number or
 * a numeric string; an answer without it is a `bad_response`.
 */
export const accountDataSchema = z.object({
  money: z.union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ]),
});
