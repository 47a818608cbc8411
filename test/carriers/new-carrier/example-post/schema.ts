import * as z from 'zod';

/** Example Post's answer to `GET /parcels/{number}`, field names as the vendor writes them. */
export const parcelAnswer = z.object({
  parcel: z.object({
    number: z.string(),
    events: z.array(z.object({ code: z.string(), time: z.string(), text: z.string() })),
  }),
});
export type ParcelAnswer = z.infer<typeof parcelAnswer>;
