/**
 * Who moves a parcel, in kebab-case: `hongkong-post`, `nz-post`, `sf-express`, `ups`. The catalogue of
 * known carriers is `src/carriers/catalogue.ts`.
 */
export type CarrierId = string;

/** How Postie asks about a parcel: one adapter can serve many carriers. */
export const ADAPTER_IDS = ['hongkong-post', 'nz-post', 'fuuffy', 'trackingmore'] as const;
export type AdapterId = (typeof ADAPTER_IDS)[number];
